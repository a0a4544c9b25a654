// Real devices made in software for the capture tests: an X server (Xvfb) to capture, and a PulseAudio
// server with a null sink whose monitor is the microphone.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

async function until(check: () => boolean, what: string, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface XServer {
  display: string;
  setColor(hex: string): void;
  stop(): Promise<void>;
}

export async function startXvfb(width = 640, height = 480): Promise<XServer> {
  const number = 90 + (process.pid % 9);
  const display = `:${number}`;
  const child: ChildProcess = spawn('Xvfb', [display, '-screen', '0', `${width}x${height}x24`, '-nolisten', 'tcp', '-noreset'], { stdio: 'ignore' });
  await until(() => existsSync(`/tmp/.X11-unix/X${number}`) || child.exitCode !== null, 'Xvfb');
  if (child.exitCode !== null) throw new Error(`Xvfb exited with ${child.exitCode}`);
  return {
    display,
    setColor(hex: string) {
      execFileSync('xsetroot', ['-display', display, '-solid', hex]);
    },
    async stop() {
      child.kill('SIGTERM');
      await until(() => child.exitCode !== null || child.signalCode !== null, 'Xvfb to stop').catch(() => child.kill('SIGKILL'));
    },
  };
}

export interface SoundServer {
  server: string;
  pactl(...args: string[]): string;
  /** Plays `frequency` Hz into the null sink until stopped. */
  playTone(frequency: number): () => void;
  stop(): Promise<void>;
}

export async function startPulseAudio(): Promise<SoundServer> {
  const dir = mkdtempSync(path.join(tmpdir(), 'nlw-pulse-'));
  chmodSync(dir, 0o777); // system mode drops to the 'pulse' user
  const socket = path.join(dir, 'native');
  const child: ChildProcess = spawn(
    'pulseaudio',
    ['--system', '--daemonize=no', '--disallow-exit', '--exit-idle-time=-1', '-n', '--disable-shm', '--log-target=stderr',
      `--load=module-native-protocol-unix auth-anonymous=1 socket=${socket}`,
      '--load=module-null-sink sink_name=nlwsink rate=48000 channels=1'],
    { stdio: 'ignore' },
  );
  const server = `unix:${socket}`;
  const pactl = (...args: string[]) => execFileSync('pactl', args, { env: { ...process.env, PULSE_SERVER: server }, encoding: 'utf8' });
  await until(() => {
    try {
      return pactl('list', 'short', 'sources').includes('nlwsink.monitor');
    } catch {
      return false;
    }
  }, 'PulseAudio');
  return {
    server,
    pactl,
    playTone(frequency: number) {
      const player = spawn('pacat', ['--playback', '--device=nlwsink', '--format=s16le', '--rate=48000', '--channels=1', '--latency-msec=50'], {
        env: { ...process.env, PULSE_SERVER: server },
        stdio: ['pipe', 'ignore', 'ignore'],
      });
      player.stdin!.on('error', () => {}); // it may be gone before the last write
      let t = 0;
      const started = performance.now();
      let sent = 0;
      const write = () => {
        // Stay ~200 ms ahead of real time.
        const due = Math.floor(((performance.now() - started + 200) * 48000) / 1000);
        if (due <= sent) return;
        const chunk = Buffer.alloc((due - sent) * 2);
        for (let i = 0; i < due - sent; i++, t++) chunk.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * frequency * t) / 48000)), i * 2);
        sent = due;
        player.stdin!.write(chunk);
      };
      write();
      const timer = setInterval(write, 20);
      return () => {
        clearInterval(timer);
        player.kill();
      };
    },
    async stop() {
      child.kill('SIGTERM');
      await until(() => child.exitCode !== null || child.signalCode !== null, 'PulseAudio to stop').catch(() => child.kill('SIGKILL'));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

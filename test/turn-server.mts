// A real TURN/STUN server for the tests: Debian's coturn, with a static user, behind a real NAT.
//
//   test namespace (loopback + nlwt0 10.88.1.1)  →  router namespace (MASQUERADE)  →  server namespace
//                                                     10.88.1.2 | 10.88.2.1              coturn on 10.88.2.2
//
// Without the NAT, coturn would see the peer's own address and libwebrtc would rightly drop the
// server-reflexive candidate as a duplicate of the host one. Where namespaces cannot be made (not root),
// coturn runs on 127.0.0.1 and `natted` is false.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';

export interface TurnServer {
  host: string;
  port: number;
  username: string;
  credential: string;
  /** True when the server is behind a NAT, so server-reflexive candidates differ from host ones. */
  natted: boolean;
  stop(): Promise<void>;
}

const run = (command: string, ...args: string[]) => execFileSync(command, args, { stdio: 'pipe' });

function makeNat(suffix: string): { router: string; server: string; cleanup: () => void } {
  const router = `nlw-router-${suffix}`;
  const server = `nlw-turn-${suffix}`;
  const cleanup = () => {
    for (const ns of [router, server]) {
      try {
        run('ip', 'netns', 'del', ns);
      } catch {
        // not created
      }
    }
    try {
      run('ip', 'link', 'del', 'nlwt0');
    } catch {
      // gone with the namespace
    }
  };
  try {
    run('ip', 'netns', 'add', router);
    run('ip', 'netns', 'add', server);
    run('ip', 'link', 'add', 'nlwt0', 'type', 'veth', 'peer', 'name', 'nlwr0');
    run('ip', 'link', 'set', 'nlwr0', 'netns', router);
    run('ip', '-n', router, 'link', 'add', 'nlwr1', 'type', 'veth', 'peer', 'name', 'nlws0');
    run('ip', '-n', router, 'link', 'set', 'nlws0', 'netns', server);
    run('ip', 'addr', 'add', '10.88.1.1/24', 'dev', 'nlwt0');
    run('ip', 'link', 'set', 'nlwt0', 'up');
    run('ip', 'route', 'add', '10.88.2.0/24', 'via', '10.88.1.2');
    run('ip', '-n', router, 'addr', 'add', '10.88.1.2/24', 'dev', 'nlwr0');
    run('ip', '-n', router, 'addr', 'add', '10.88.2.1/24', 'dev', 'nlwr1');
    run('ip', '-n', router, 'link', 'set', 'nlwr0', 'up');
    run('ip', '-n', router, 'link', 'set', 'nlwr1', 'up');
    run('ip', 'netns', 'exec', router, 'sysctl', '-qw', 'net.ipv4.ip_forward=1');
    run('ip', 'netns', 'exec', router, 'iptables', '-t', 'nat', '-A', 'POSTROUTING', '-o', 'nlwr1', '-j', 'MASQUERADE');
    run('ip', '-n', server, 'addr', 'add', '10.88.2.2/24', 'dev', 'nlws0');
    run('ip', '-n', server, 'link', 'set', 'nlws0', 'up');
    run('ip', '-n', server, 'link', 'set', 'lo', 'up');
    return { router, server, cleanup };
  } catch (error) {
    cleanup();
    throw error;
  }
}

function probeUdp(host: string, port: number): boolean {
  try {
    // A STUN binding request through `nc` is overkill; coturn logs "listener opened" — poll its TCP port.
    run('bash', '-c', `exec 3<>/dev/tcp/${host}/${port}`);
    return true;
  } catch {
    return false;
  }
}

export async function startTurnServer(): Promise<TurnServer> {
  const username = 'nlw-test';
  const credential = 'nlw-secret';
  const port = 3478;
  let nat: ReturnType<typeof makeNat> | null = null;
  try {
    if (process.getuid?.() === 0) nat = makeNat(String(process.pid));
  } catch {
    nat = null;
  }
  const host = nat ? '10.88.2.2' : '127.0.0.1';
  const args = [
    '-n', // no configuration file
    `--listening-ip=${host}`,
    `--listening-port=${port}`,
    `--relay-ip=${host}`,
    '--min-port=49160',
    '--max-port=49400',
    '--lt-cred-mech',
    `--user=${username}:${credential}`,
    '--realm=node-libwebrtc.test',
    '--fingerprint',
    '--no-tls',
    '--no-dtls',
    '--no-cli',
    '--allow-loopback-peers',
    '--log-file=stdout',
    '--simple-log',
  ];
  const child: ChildProcess = nat
    ? spawn('ip', ['netns', 'exec', nat.server, 'turnserver', ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
    : spawn('turnserver', args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const deadline = Date.now() + 10000;
  while (!probeUdp(host, port)) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      nat?.cleanup();
      throw new Error(`coturn did not start on ${host}:${port}:\n${output.slice(-2000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return {
    host,
    port,
    username,
    credential,
    natted: nat !== null,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
      nat?.cleanup();
    },
  };
}

// A reliable, ordered transfer across 20% packet loss between two network namespaces: tc netem where the
// kernel has it, else netfilter's random drop (the `statistic` match) on each side's input. The peers connect
// first; the loss starts before the first byte is sent (what is tested is the transfer, not ICE or DTLS).
import { expect } from 'chai';
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as path from 'node:path';
import { createInterface } from 'node:readline';
import { FIXTURES } from './helpers.mjs';

const TOTAL = 1024 * 1024;

function ip(...args: string[]): void {
  execFileSync('ip', args, { stdio: 'pipe' });
}

describe('data channel under 20% packet loss between two network namespaces', function () {
  this.timeout(180000);
  const suffix = String(process.pid);
  const [nsA, nsB] = [`nlw-a-${suffix}`, `nlw-b-${suffix}`];
  const children: ChildProcess[] = [];
  let ready = false;
  let lossBy = '';
  const devices: [string, string][] = [];
  const lossCommands: string[][] = [];
  /** 20% loss on each side's input: netem where the kernel has it, else netfilter's random drop. */
  function addLoss(): void {
    lossCommands.length = 0;
    for (const [ns, dev] of devices) {
      try {
        execFileSync('ip', ['netns', 'exec', ns, 'tc', 'qdisc', 'add', 'dev', dev, 'root', 'netem', 'loss', '20%'], { stdio: 'pipe' });
        lossCommands.push(['ip', 'netns', 'exec', ns, 'tc', 'qdisc', 'del', 'dev', dev, 'root']);
        lossBy = 'tc netem';
      } catch {
        const rule = ['-i', dev, '-m', 'statistic', '--mode', 'random', '--probability', '0.2', '-j', 'DROP'];
        execFileSync('ip', ['netns', 'exec', ns, 'iptables', '-A', 'INPUT', ...rule], { stdio: 'pipe' });
        lossCommands.push(['ip', 'netns', 'exec', ns, 'iptables', '-D', 'INPUT', ...rule]);
        lossBy = 'netfilter random drop (this kernel has no netem)';
      }
    }
  }
  function removeLoss(): void {
    for (const [command, ...args] of lossCommands) execFileSync(command, args, { stdio: 'pipe' });
    lossCommands.length = 0;
  }

  before(function () {
    try {
      if (process.getuid?.() !== 0) throw new Error('not root');
      ip('netns', 'add', nsA);
      ip('netns', 'add', nsB);
      ip('link', 'add', `va${suffix}`.slice(0, 15), 'type', 'veth', 'peer', 'name', `vb${suffix}`.slice(0, 15));
      ip('link', 'set', `va${suffix}`.slice(0, 15), 'netns', nsA);
      ip('link', 'set', `vb${suffix}`.slice(0, 15), 'netns', nsB);
      for (const [ns, dev, address] of [
        [nsA, `va${suffix}`.slice(0, 15), '10.77.0.1/24'],
        [nsB, `vb${suffix}`.slice(0, 15), '10.77.0.2/24'],
      ]) {
        ip('-n', ns, 'addr', 'add', address, 'dev', dev);
        ip('-n', ns, 'link', 'set', dev, 'up');
        ip('-n', ns, 'link', 'set', 'lo', 'up');
        devices.push([ns, dev]);
      }
      // Check now that loss can be switched on here (and off again), so that the test can skip cleanly.
      addLoss();
      removeLoss();
      ready = true;
    } catch (error) {
      console.log(`      (skipped: this machine does not let the test create network namespaces with packet loss: ${(error as Error).message.split('\n')[0]})`);
      this.skip();
    }
  });

  after(() => {
    for (const child of children) child.kill('SIGKILL');
    for (const ns of [nsA, nsB]) {
      try {
        ip('netns', 'del', ns);
      } catch {
        // not created
      }
    }
  });

  it('delivers every byte intact and in order', async function () {
    if (!ready) this.skip();
    const peer = (ns: string, role: string) => {
      const child = spawn('ip', ['netns', 'exec', ns, process.execPath, path.join(FIXTURES, 'loss-peer.mjs'), role, String(TOTAL)], {
        stdio: ['pipe', 'pipe', 'inherit'],
        cwd: process.cwd(),
      });
      children.push(child);
      return child;
    };
    const sender = peer(nsA, 'sender');
    const receiver = peer(nsB, 'receiver');
    const result = new Promise<{ done: string; received: number }>((resolve, reject) => {
      const relay = (from: ChildProcess, to: ChildProcess) =>
        createInterface({ input: from.stdout! }).on('line', (line) => {
          const message = JSON.parse(line);
          if (message.done) resolve(message);
          else if (message.open) {
            addLoss();
            console.log(`      (connected; now 20% loss each way by ${lossBy})`);
            from.stdin!.write(JSON.stringify({ go: true }) + '\n');
          } else if (!message.sent) to.stdin!.write(line + '\n');
        });
      relay(sender, receiver);
      relay(receiver, sender);
      for (const child of [sender, receiver]) child.once('exit', (code) => code && reject(new Error(`a peer exited with ${code}`)));
    });
    const expected = new Uint8Array(TOTAL);
    for (let i = 0; i < TOTAL; i++) expected[i] = (i * 7 + (i >> 8)) & 0xff;
    const { done, received } = await result;
    expect(received).to.equal(TOTAL);
    expect(done).to.equal(createHash('sha256').update(expected).digest('hex'));
  });
});

// Shared test helpers: two real peers over loopback, and event waits that fail with a clear message.
import { expect } from 'chai';
import { RTCPeerConnection, type NodeRTCConfiguration } from 'node-libwebrtc';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import * as path from 'node:path';

/** Loopback only: the suite runs in a network namespace that has nothing else. */
export const LOOPBACK: NodeRTCConfiguration = { iceAllowLoopback: true };

export function waitFor<T extends Event = Event>(target: EventTarget, type: string, timeoutMs = 10000, predicate?: (event: T) => boolean): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      target.removeEventListener(type, listener);
      reject(new Error(`timed out after ${timeoutMs} ms waiting for '${type}'`));
    }, timeoutMs);
    const listener = (event: Event) => {
      if (predicate && !predicate(event as T)) return;
      clearTimeout(timer);
      target.removeEventListener(type, listener);
      resolve(event as T);
    };
    target.addEventListener(type, listener);
  });
}

export async function waitUntil(check: () => boolean, what: string, timeoutMs = 10000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Trickles candidates between two connections (each candidate added on the other side). */
export function trickle(a: RTCPeerConnection, b: RTCPeerConnection): void {
  a.addEventListener('icecandidate', (event) => {
    const { candidate } = event as RTCPeerConnectionIceEvent;
    if (candidate && b.signalingState !== 'closed') b.addIceCandidate(candidate).catch(() => {});
  });
  b.addEventListener('icecandidate', (event) => {
    const { candidate } = event as RTCPeerConnectionIceEvent;
    if (candidate && a.signalingState !== 'closed') a.addIceCandidate(candidate).catch(() => {});
  });
}

/** One offer/answer exchange, offerer first. */
export async function negotiate(offerer: RTCPeerConnection, answerer: RTCPeerConnection): Promise<void> {
  await offerer.setLocalDescription(await offerer.createOffer());
  await answerer.setRemoteDescription(offerer.localDescription!);
  await answerer.setLocalDescription(await answerer.createAnswer());
  await offerer.setRemoteDescription(answerer.localDescription!);
}

export async function waitConnected(...peers: RTCPeerConnection[]): Promise<void> {
  await Promise.all(
    peers.map((pc) =>
      pc.connectionState === 'connected'
        ? Promise.resolve()
        : waitFor(pc, 'connectionstatechange', 15000, () => {
            if (pc.connectionState === 'failed') throw new Error('connection failed');
            return pc.connectionState === 'connected';
          }),
    ),
  );
}

/** Two loopback connections trickling candidates to each other; `keep` records each for cleanup. */
export function loopbackPair(keep: (pc: RTCPeerConnection) => void): [RTCPeerConnection, RTCPeerConnection] {
  const a = new RTCPeerConnection(LOOPBACK);
  const b = new RTCPeerConnection(LOOPBACK);
  keep(a);
  keep(b);
  trickle(a, b);
  return [a, b];
}

export const FIXTURES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'test', 'fixtures');

export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs a fixture script in its own Node process; kills it after `timeoutMs`. */
export function runFixture(name: string, args: string[] = [], options: { nodeArgs?: string[]; timeoutMs?: number } = {}): Promise<ChildResult> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [...(options.nodeArgs ?? []), path.join(FIXTURES, name), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 20000);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, ms: Date.now() - started });
    });
  });
}

// The class an error named `name` must be: TypeError for 'TypeError', else a DOMException (or a subclass).
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
function errorClass(name: string): Function {
  return name === 'TypeError' ? TypeError : name === 'RangeError' ? RangeError : DOMException;
}

/** Asserts that `fn` throws an error named `name`, an instance of `ctor`; returns it. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function throwsWith(fn: () => unknown, name: string, ctor: Function = errorClass(name)): Error {
  try {
    fn();
  } catch (error) {
    expect(error, `expected ${name}, got ${error}`).to.be.instanceOf(ctor);
    expect((error as Error).name).to.equal(name);
    return error as Error;
  }
  throw new Error(`expected ${name} to be thrown`);
}

/** Asserts that `promise` rejects with an error named `name`, an instance of `ctor`; returns it. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export async function rejectsWith(promise: Promise<unknown>, name: string, ctor: Function = errorClass(name)): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    expect(error, `expected ${name}, got ${error}`).to.be.instanceOf(ctor);
    expect((error as Error).name).to.equal(name);
    return error as Error;
  }
  throw new Error(`expected a rejection with ${name}, but it resolved`);
}

/** Polls an async check every 100 ms until it holds; fails after `timeoutMs` naming `what`. */
export async function waitUntilAsync(check: () => Promise<boolean>, what: string, timeoutMs = 15000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

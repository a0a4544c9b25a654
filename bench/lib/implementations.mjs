// Adapters that put four Node.js WebRTC implementations behind one small, uniform surface so the
// data-channel workloads in ../datachannel.mjs are written once.
//
//   const impl = IMPLEMENTATIONS.find((i) => i.name === 'werift');
//   await impl.load();                       // throws if the implementation cannot be loaded
//   const pair = await impl.createPair({ label: 'bench', track });
//   pair.connectMs                           // new RTCPeerConnection() x2 -> channel open on both sides
//   pair.a / pair.b                          // offerer's channel / the answerer's matching channel
//   const extra = await pair.createChannel('second');   // { a, b } on the same connection
//   await pair.close();
//
// A normalized channel (`BenchChannel`) has:
//   send(data)                   data is a Buffer (binary) or a string
//   onMessage(cb) -> off()       cb(data): string, ArrayBuffer or Buffer, as the implementation delivers it
//   bufferedAmount               bytes queued, as the implementation reports it
//   bufferedAmountLowThreshold   settable
//   onBufferedAmountLow(cb) -> off()   native event where there is one, emulated by polling otherwise
//   lowEvent                     'native' | 'polled (1 ms)'
//   readyState, close()
//
// Signaling is in-process: offer/answer and trickled ICE candidates are handed over directly.
// Candidates that arrive before the other side has its remote description are queued. No STUN/TURN
// server is configured for anyone (werift's default configuration would otherwise add a public STUN
// server, so every implementation gets an explicit `iceServers: []`, which is the W3C default).

import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const here = dirname(fileURLToPath(import.meta.url));
const benchDir = join(here, '..');
const repoDir = join(benchDir, '..');
const require = createRequire(join(benchDir, 'package.json'));

// A fresh object per peer: node-datachannel's polyfill writes defaults into the object it is given.
const rtcConfig = () => ({ iceServers: [] });

function readVersion(pkgJsonPath) {
  try {
    return JSON.parse(readFileSync(pkgJsonPath, 'utf8')).version;
  } catch {
    return 'unknown';
  }
}

function packageVersion(name) {
  try {
    return readVersion(require.resolve(`${name}/package.json`));
  } catch {
    // Packages whose "exports" hide package.json.
    return readVersion(join(benchDir, 'node_modules', name, 'package.json'));
  }
}

/** A promise with its resolve and reject, for workloads that finish in an event handler. */
export function deferred() {
  let resolve, reject;
  const promise = new Promise((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

// Hands ICE candidates from one peer to the other, queueing them until the receiver has a remote
// description (some implementations reject addIceCandidate before that).
class CandidateRelay {
  constructor(target, name) {
    this.target = target;
    this.name = name;
    this.ready = false;
    this.queue = [];
    this.errors = [];
  }
  push(init) {
    if (!init || !init.candidate) return; // end-of-candidates: nothing to hand over
    if (this.ready) this.#add(init);
    else this.queue.push(init);
  }
  remoteDescriptionSet() {
    this.ready = true;
    const queued = this.queue;
    this.queue = [];
    for (const init of queued) this.#add(init);
  }
  #add(init) {
    Promise.resolve()
      .then(() => this.target.addIceCandidate(init))
      .catch((err) => this.errors.push(`${this.name}: addIceCandidate: ${err?.message ?? err}`));
  }
}

function candidateInit(c) {
  if (!c) return null;
  if (typeof c.toJSON === 'function') {
    const j = c.toJSON();
    if (j && typeof j.candidate === 'string') return j;
  }
  return { candidate: c.candidate, sdpMid: c.sdpMid ?? null, sdpMLineIndex: c.sdpMLineIndex ?? null };
}

function plainDescription(d) {
  return { type: d.type, sdp: d.sdp };
}

// Emulates a bufferedamountlow event by sampling bufferedAmount every millisecond while anyone listens.
function pollLow(getAmount, getThreshold, cb) {
  let prev = getAmount();
  const timer = setInterval(() => {
    let cur;
    try {
      cur = getAmount();
    } catch {
      return;
    }
    if (prev > getThreshold() && cur <= getThreshold()) cb();
    prev = cur;
  }, 1);
  return () => clearInterval(timer);
}

// ---------------------------------------------------------------------------------------------
// W3C-style implementations (node-libwebrtc, @roamhq/wrtc, node-datachannel/polyfill)

class W3CChannel {
  constructor(dc) {
    this.dc = dc;
    try {
      dc.binaryType = 'arraybuffer';
    } catch {
      /* keep the implementation's default */
    }
    this.nativeLow = 'bufferedAmountLowThreshold' in dc || 'onbufferedamountlow' in dc;
    this.lowEvent = this.nativeLow ? 'native' : 'polled (1 ms)';
    this.threshold = 0;
  }
  get readyState() {
    return this.dc.readyState;
  }
  get bufferedAmount() {
    return this.dc.bufferedAmount;
  }
  get bufferedAmountLowThreshold() {
    return this.nativeLow ? this.dc.bufferedAmountLowThreshold : this.threshold;
  }
  set bufferedAmountLowThreshold(v) {
    this.threshold = v;
    if (this.nativeLow) this.dc.bufferedAmountLowThreshold = v;
  }
  send(data) {
    this.dc.send(data);
  }
  onMessage(cb) {
    this.dc.onmessage = (e) => cb(e.data);
    return () => {
      this.dc.onmessage = null;
    };
  }
  onBufferedAmountLow(cb) {
    if (!this.nativeLow) {
      return pollLow(
        () => this.dc.bufferedAmount,
        () => this.threshold,
        cb,
      );
    }
    this.dc.onbufferedamountlow = () => cb();
    return () => {
      this.dc.onbufferedamountlow = null;
    };
  }
  whenOpen() {
    if (this.dc.readyState === 'open') return Promise.resolve(this);
    return new Promise((resolve, reject) => {
      const onOpen = () => resolve(this);
      const onClose = () => reject(new Error(`data channel closed before opening (${this.dc.readyState})`));
      if (typeof this.dc.addEventListener === 'function') {
        this.dc.addEventListener('open', onOpen);
        this.dc.addEventListener('close', onClose);
      } else {
        this.dc.onopen = onOpen;
        this.dc.onclose = onClose;
      }
      // Guard against an open that happened between the readyState check and the listener.
      if (this.dc.readyState === 'open') resolve(this);
    });
  }
  close() {
    try {
      this.dc.close();
    } catch {
      /* already closed */
    }
  }
}

/**
 * Connects two peers in this process (in-process signaling, trickled candidates) and opens `label` on both
 * sides. What differs between APIs comes in `api`: how to subscribe to candidates and incoming channels,
 * how to wrap a channel, and how to close the peers.
 */
async function connectPair({ t0, pc1, pc2, label, api }) {
  const to2 = new CandidateRelay(pc2, 'answerer');
  const to1 = new CandidateRelay(pc1, 'offerer');
  api.onCandidate(pc1, (c) => to2.push(candidateInit(c)));
  api.onCandidate(pc2, (c) => to1.push(candidateInit(c)));

  const incoming = [];
  const waiters = [];
  api.onDataChannel(pc2, (dc) => {
    const ch = api.wrap(dc);
    const w = waiters.findIndex((x) => x.label === dc.label);
    if (w >= 0) waiters.splice(w, 1)[0].resolve(ch);
    else incoming.push(ch);
  });
  const remoteChannel = (wanted) => {
    const i = incoming.findIndex((c) => c.dc.label === wanted);
    if (i >= 0) return Promise.resolve(incoming.splice(i, 1)[0]);
    const d = deferred();
    waiters.push({ label: wanted, resolve: d.resolve });
    return d.promise;
  };

  const a = api.wrap(pc1.createDataChannel(label));
  const bPromise = remoteChannel(label);

  const offer = await pc1.createOffer();
  await pc1.setLocalDescription(offer);
  await pc2.setRemoteDescription(plainDescription(pc1.localDescription ?? offer));
  to2.remoteDescriptionSet();
  const answer = await pc2.createAnswer();
  await pc2.setLocalDescription(answer);
  await pc1.setRemoteDescription(plainDescription(pc2.localDescription ?? answer));
  to1.remoteDescriptionSet();

  const [, b] = await Promise.all([a.whenOpen(), bPromise.then((ch) => ch.whenOpen())]);
  const connectMs = performance.now() - t0;

  return {
    connectMs,
    a,
    b,
    peers: [pc1, pc2],
    candidateErrors: () => [...to1.errors, ...to2.errors],
    async createChannel(name) {
      const ca = api.wrap(pc1.createDataChannel(name));
      const [, cb] = await Promise.all([ca.whenOpen(), remoteChannel(name).then((ch) => ch.whenOpen())]);
      return { a: ca, b: cb };
    },
    async close() {
      a.close();
      b.close();
      await api.closePeers();
    },
  };
}

function makeW3CPair(RTCPeerConnection, config) {
  return async function createPair({ label = 'bench', track = () => {} } = {}) {
    const t0 = performance.now();
    const pc1 = new RTCPeerConnection(config());
    const pc2 = new RTCPeerConnection(config());
    const closePeers = async () => {
      for (const pc of [pc1, pc2]) {
        try {
          await pc.close();
        } catch {
          /* ignore */
        }
      }
    };
    track(closePeers);
    return connectPair({
      t0,
      pc1,
      pc2,
      label,
      api: {
        onCandidate: (pc, fn) => (pc.onicecandidate = (e) => fn(e.candidate)),
        onDataChannel: (pc, fn) => (pc.ondatachannel = (e) => fn(e.channel)),
        wrap: (dc) => new W3CChannel(dc),
        closePeers,
      },
    });
  };
}

class WeriftChannel {
  constructor(dc) {
    this.dc = dc;
    this.lowEvent = 'native';
  }
  get readyState() {
    return this.dc.readyState;
  }
  get bufferedAmount() {
    return this.dc.bufferedAmount;
  }
  get bufferedAmountLowThreshold() {
    return this.dc.bufferedAmountLowThreshold;
  }
  set bufferedAmountLowThreshold(v) {
    this.dc.bufferedAmountLowThreshold = v;
  }
  send(data) {
    this.dc.send(data);
  }
  onMessage(cb) {
    const sub = this.dc.onMessage.subscribe(cb);
    return () => sub.unSubscribe();
  }
  onBufferedAmountLow(cb) {
    const sub = this.dc.bufferedAmountLow.subscribe(() => cb());
    return () => sub.unSubscribe();
  }
  whenOpen() {
    if (this.dc.readyState === 'open') return Promise.resolve(this);
    return new Promise((resolve, reject) => {
      const sub = this.dc.stateChanged.subscribe((state) => {
        if (state === 'open') {
          sub.unSubscribe();
          resolve(this);
        } else if (state === 'closed') {
          sub.unSubscribe();
          reject(new Error('data channel closed before opening'));
        }
      });
      if (this.dc.readyState === 'open') resolve(this);
    });
  }
  close() {
    try {
      this.dc.close();
    } catch {
      /* already closed */
    }
  }
}

function makeWeriftPair(RTCPeerConnection, config) {
  return async function createPair({ label = 'bench', track = () => {} } = {}) {
    const t0 = performance.now();
    const pc1 = new RTCPeerConnection(config());
    const pc2 = new RTCPeerConnection(config());
    const closePeers = async () => {
      await Promise.allSettled([pc1.close(), pc2.close()]);
    };
    track(closePeers);
    return connectPair({
      t0,
      pc1,
      pc2,
      label,
      api: {
        onCandidate: (pc, fn) => pc.onIceCandidate.subscribe(fn),
        onDataChannel: (pc, fn) => pc.onDataChannel.subscribe(fn),
        wrap: (dc) => new WeriftChannel(dc),
        closePeers,
      },
    });
  };
}

function implementation({ name, version, load, makePair, notes = [] }) {
  let loaded = null;
  let failure = null;
  const impl = {
    name,
    notes,
    version,
    loaded: false,
    // Loads the module once; throws (with a readable reason) if it is unavailable.
    async load() {
      if (loaded) return loaded;
      if (failure) throw failure;
      try {
        loaded = await load();
        impl.createPair = makePair(loaded);
        impl.loaded = true;
        return loaded;
      } catch (err) {
        failure = err instanceof Error ? err : new Error(String(err));
        throw failure;
      }
    },
    async createPair() {
      throw new Error(`${name}: load() first`);
    },
    async shutdown() {
      if (loaded?.shutdown) await loaded.shutdown();
    },
  };
  return impl;
}

export const IMPLEMENTATIONS = [
  implementation({
    name: 'node-libwebrtc',
    version: () => `${readVersion(join(repoDir, 'package.json'))} (this repo)`,
    async load() {
      const mod = await import('../../dist/esm/index.mjs');
      if (typeof mod.RTCPeerConnection !== 'function') throw new Error('dist/esm/index.mjs has no RTCPeerConnection');
      return { RTCPeerConnection: mod.RTCPeerConnection };
    },
    makePair: ({ RTCPeerConnection }) => makeW3CPair(RTCPeerConnection, rtcConfig),
  }),
  implementation({
    name: '@roamhq/wrtc',
    version: () => packageVersion('@roamhq/wrtc'),
    async load() {
      const wrtc = require('@roamhq/wrtc');
      return { RTCPeerConnection: wrtc.RTCPeerConnection };
    },
    makePair: ({ RTCPeerConnection }) => makeW3CPair(RTCPeerConnection, rtcConfig),
  }),
  implementation({
    name: 'node-datachannel',
    version: () => packageVersion('node-datachannel'),
    async load() {
      const poly = await import('node-datachannel/polyfill');
      const main = await import('node-datachannel');
      return {
        RTCPeerConnection: poly.RTCPeerConnection,
        // Joins libdatachannel's threads so the process can exit cleanly.
        shutdown: async () => {
          try {
            (main.cleanup ?? main.default?.cleanup)?.();
          } catch {
            /* ignore */
          }
        },
      };
    },
    makePair: ({ RTCPeerConnection }) => makeW3CPair(RTCPeerConnection, rtcConfig),
  }),
  implementation({
    name: 'werift',
    version: () => packageVersion('werift'),
    async load() {
      const mod = await import('werift');
      return { RTCPeerConnection: mod.RTCPeerConnection };
    },
    makePair: ({ RTCPeerConnection }) => makeWeriftPair(RTCPeerConnection, rtcConfig),
  }),
];

export function implementationNames() {
  return IMPLEMENTATIONS.map((i) => i.name);
}

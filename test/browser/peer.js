// The browser side of the interop suite. Signaling travels over HTTP on 127.0.0.1 (POST /send, long-poll
// GET /poll); the test drives each scenario through the functions on `window.interop`.
'use strict';

const interop = (window.interop = {});
let pc = null;
const channels = new Map();
const received = { tracks: [], frames: {} };

async function post(message) {
  await fetch('/send', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(message) });
}

async function pollLoop() {
  for (;;) {
    let messages = [];
    try {
      messages = await (await fetch('/poll')).json();
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
      continue;
    }
    for (const message of messages) await handle(message);
  }
}

async function handle(message) {
  if (message.description) {
    await pc.setRemoteDescription(message.description);
    if (message.description.type === 'offer') {
      await pc.setLocalDescription();
      await post({ description: pc.localDescription.toJSON() });
    }
  } else if (message.candidate) {
    try {
      await pc.addIceCandidate(message.candidate);
    } catch (error) {
      console.warn('addIceCandidate', error);
    }
  }
}

async function sha256(buffers) {
  const total = buffers.reduce((n, b) => n + b.byteLength, 0);
  const all = new Uint8Array(total);
  let offset = 0;
  for (const b of buffers) {
    all.set(new Uint8Array(b), offset);
    offset += b.byteLength;
  }
  const digest = await crypto.subtle.digest('SHA-256', all);
  return [...new Uint8Array(digest)].map((x) => x.toString(16).padStart(2, '0')).join('');
}

/** A channel that collects what it receives and can echo it back. */
function watchChannel(channel) {
  channel.binaryType = 'arraybuffer';
  const state = { label: channel.label, id: channel.id, strings: [], binary: [], bytes: 0 };
  channels.set(channel.label, { channel, state });
  channel.onmessage = ({ data }) => {
    if (typeof data === 'string') {
      state.strings.push(data);
      if (data.startsWith('echo:')) channel.send(data.slice(5));
    } else {
      state.binary.push(data);
      state.bytes += data.byteLength;
    }
  };
}

interop.start = async () => {
  pc = new RTCPeerConnection({ iceServers: [] });
  pc.onicecandidate = ({ candidate }) => candidate && post({ candidate: candidate.toJSON() });
  pc.ondatachannel = ({ channel }) => watchChannel(channel);
  pc.ontrack = ({ track, streams, transceiver }) => {
    received.tracks.push({ kind: track.kind, id: track.id, streams: streams.map((s) => s.id), mid: transceiver.mid });
    // Render what arrives, as an app would (a track nobody plays may not be decoded).
    const element = document.createElement(track.kind);
    element.autoplay = true;
    if (track.kind === 'video') element.muted = true;
    element.srcObject = new MediaStream([track]);
    document.body.appendChild(element);
    element.play().catch(() => {});
  };
  pollLoop();
  document.getElementById('status').textContent = 'ready';
  return true;
};

interop.offer = async () => {
  await pc.setLocalDescription();
  await post({ description: pc.localDescription.toJSON() });
};

interop.createChannel = (label, init) => {
  const channel = pc.createDataChannel(label, init);
  watchChannel(channel);
  return true;
};

interop.channelState = (label) => {
  const entry = channels.get(label);
  if (!entry) return null;
  return { readyState: entry.channel.readyState, id: entry.channel.id, strings: entry.state.strings, bytes: entry.state.bytes, ordered: entry.channel.ordered, maxRetransmits: entry.channel.maxRetransmits, negotiated: entry.channel.negotiated, protocol: entry.channel.protocol };
};

interop.channelHash = async (label) => sha256(channels.get(label).state.binary);

/** Sends `size` bytes of a deterministic pattern in 16 KiB messages, with backpressure. */
interop.sendBulk = async (label, size, seed) => {
  const { channel } = channels.get(label);
  channel.bufferedAmountLowThreshold = 256 * 1024;
  for (let offset = 0; offset < size; offset += 16384) {
    const chunk = new Uint8Array(Math.min(16384, size - offset));
    for (let i = 0; i < chunk.length; i++) chunk[i] = ((offset + i) * 13 + seed) & 0xff;
    if (channel.bufferedAmount > 1024 * 1024) await new Promise((resolve) => channel.addEventListener('bufferedamountlow', resolve, { once: true }));
    channel.send(chunk);
  }
  return true;
};

interop.sendStrings = (label, strings) => {
  const { channel } = channels.get(label);
  for (const s of strings) channel.send(s);
  return true;
};

/** The browser's fake camera and microphone, optionally preferring one codec for the video. */
interop.addUserMedia = async (videoCodec) => {
  const stream = await navigator.mediaDevices.getUserMedia({ video: { width: 640, height: 480 }, audio: true });
  for (const track of stream.getTracks()) {
    const transceiver = pc.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
    if (track.kind === 'video' && videoCodec) {
      const codecs = RTCRtpReceiver.getCapabilities('video').codecs.filter((c) => c.mimeType === `video/${videoCodec}`);
      transceiver.setCodecPreferences(codecs);
    }
  }
  return stream.id;
};

interop.removeAllSenders = () => {
  for (const sender of pc.getSenders()) if (sender.track) pc.removeTrack(sender);
  return true;
};

interop.restartIce = async () => {
  pc.restartIce();
  await pc.setLocalDescription();
  await post({ description: pc.localDescription.toJSON() });
};

interop.tracks = () => received.tracks;

interop.transceivers = () => pc.getTransceivers().map((t) => ({ mid: t.mid, direction: t.direction, currentDirection: t.currentDirection }));

/** Inbound media as the browser's stats see it. */
interop.inbound = async () => {
  const stats = [...(await pc.getStats()).values()];
  const codecs = new Map(stats.filter((s) => s.type === 'codec').map((s) => [s.id, s.mimeType]));
  return stats
    .filter((s) => s.type === 'inbound-rtp')
    .map((s) => ({ kind: s.kind, codec: codecs.get(s.codecId), framesDecoded: s.framesDecoded, frameWidth: s.frameWidth, frameHeight: s.frameHeight, packetsReceived: s.packetsReceived, totalAudioEnergy: s.totalAudioEnergy, bytesReceived: s.bytesReceived }));
};

/** The DTLS transport as the browser's stats see it. */
interop.transport = async () => {
  const transport = [...(await pc.getStats()).values()].find((s) => s.type === 'transport');
  return transport ? { dtlsState: transport.dtlsState, dtlsRole: transport.dtlsRole, tlsVersion: transport.tlsVersion, dtlsCipher: transport.dtlsCipher, srtpCipher: transport.srtpCipher } : null;
};

interop.outbound = async () => {
  const stats = [...(await pc.getStats()).values()];
  const codecs = new Map(stats.filter((s) => s.type === 'codec').map((s) => [s.id, s.mimeType]));
  return stats.filter((s) => s.type === 'outbound-rtp').map((s) => ({ kind: s.kind, codec: codecs.get(s.codecId), packetsSent: s.packetsSent }));
};

interop.selectedPair = async () => {
  const stats = [...(await pc.getStats()).values()];
  const transport = stats.find((s) => s.type === 'transport');
  const pair = stats.find((s) => s.id === transport?.selectedCandidatePairId);
  return pair ? { local: stats.find((s) => s.id === pair.localCandidateId)?.address, state: pair.state, bytesReceived: pair.bytesReceived } : null;
};

interop.states = () => ({ signaling: pc.signalingState, connection: pc.connectionState, ice: pc.iceConnectionState });

/** Turns a header extension on for every transceiver (webrtc-extensions' header extension control). */
interop.enableHeaderExtension = (uri) => {
  for (const transceiver of pc.getTransceivers()) {
    transceiver.setHeaderExtensionsToNegotiate(transceiver.getHeaderExtensionsToNegotiate().map((e) => (e.uri === uri ? { uri, direction: 'sendrecv' } : e)));
  }
  return true;
};

/** Each receiver's kind and synchronization sources. */
interop.synchronizationSources = () => pc.getReceivers().map((r) => ({ kind: r.track.kind, sources: r.getSynchronizationSources() }));

interop.close = () => {
  pc?.close();
  return true;
};

// Quick data-channel throughput probe: node bench/quick-throughput.mjs [MiB] [chunkKiB]
import { RTCPeerConnection } from '../dist/esm/index.mjs';
const mib = Number(process.argv[2] ?? 64);
const chunk = Number(process.argv[3] ?? 64) * 1024;
const config = { iceAllowLoopback: true, iceInterfaces: ['127.0.0.1'] };
const a = new RTCPeerConnection(config);
const b = new RTCPeerConnection(config);
a.onicecandidate = ({ candidate }) => candidate && b.addIceCandidate(candidate);
b.onicecandidate = ({ candidate }) => candidate && a.addIceCandidate(candidate);
const channel = a.createDataChannel('bulk');
const total = mib * 1024 * 1024;
const done = new Promise((resolve) => {
  b.ondatachannel = ({ channel: remote }) => {
    let got = 0;
    remote.onmessage = ({ data }) => {
      const now = performance.now(); if (globalThis.lastAt && now - globalThis.lastAt > (globalThis.maxGap ?? 0)) globalThis.maxGap = now - globalThis.lastAt; globalThis.lastAt = now;
      got += data.byteLength;
      if (got >= total) resolve();
    };
  };
});
await a.setLocalDescription();
await b.setRemoteDescription(a.localDescription);
await b.setLocalDescription();
await a.setRemoteDescription(b.localDescription);
await new Promise((resolve) => (channel.onopen = resolve));
channel.bufferedAmountLowThreshold = 1024 * 1024;
const payload = new Uint8Array(chunk);
const t0 = performance.now();
for (let sent = 0; sent < total; sent += chunk) {
  if (channel.bufferedAmount > 8 * 1024 * 1024) await new Promise((resolve) => channel.addEventListener('bufferedamountlow', resolve, { once: true }));
  channel.send(payload);
}
await done;
const seconds = (performance.now() - t0) / 1000;
console.log(`${mib} MiB in ${chunk / 1024} KiB messages: ${(total / 1e6 / seconds).toFixed(1)} MB/s (${seconds.toFixed(2)} s), longest gap between messages ${globalThis.maxGap?.toFixed(1)} ms`);
a.close();
b.close();

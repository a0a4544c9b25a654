// Quick small-message rate probe: node bench/quick-small.mjs [count] [bytes]
import { RTCPeerConnection } from '../dist/esm/index.mjs';
const count = Number(process.argv[2] ?? 100000);
const size = Number(process.argv[3] ?? 32);
const config = { iceAllowLoopback: true, iceInterfaces: ['127.0.0.1'] };
const a = new RTCPeerConnection(config);
const b = new RTCPeerConnection(config);
a.onicecandidate = ({ candidate }) => candidate && b.addIceCandidate(candidate);
b.onicecandidate = ({ candidate }) => candidate && a.addIceCandidate(candidate);
const channel = a.createDataChannel('small');
let got = 0;
const done = new Promise((resolve) => {
  b.ondatachannel = ({ channel: remote }) => {
    remote.onmessage = () => {
      const now = performance.now(); if (globalThis.lastAt && now - globalThis.lastAt > (globalThis.maxGap ?? 0)) globalThis.maxGap = now - globalThis.lastAt; globalThis.lastAt = now;
      if (++got === count) resolve();
    };
  };
});
await a.setLocalDescription();
await b.setRemoteDescription(a.localDescription);
await b.setLocalDescription();
await a.setRemoteDescription(b.localDescription);
await new Promise((resolve) => (channel.onopen = resolve));
channel.bufferedAmountLowThreshold = 256 * 1024;
const message = 'x'.repeat(size);
const t0 = performance.now();
for (let i = 0; i < count; i++) {
  if (channel.bufferedAmount > 1024 * 1024) await new Promise((resolve) => channel.addEventListener('bufferedamountlow', resolve, { once: true }));
  channel.send(message);
}
await done;
const seconds = (performance.now() - t0) / 1000;
console.log(`${count} x ${size} B: ${Math.round(count / seconds)} msg/s (${(count * size / 1e6 / seconds).toFixed(1)} MB/s), longest gap ${globalThis.maxGap?.toFixed(1)} ms`);
a.close();
b.close();

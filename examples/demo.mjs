// The main job's demo: a live call between two peers in one process — a camera (a real one when present,
// else the synthetic test pattern with its frame counter) and a microphone (else a 440 Hz tone) — with stats
// printed once a second. A page on http://127.0.0.1:PORT/ lets a browser join the call and watch the video.
//
//   node examples/demo.mjs [--duration SECONDS] [--port PORT]
import { createServer } from 'node:http';
import { RTCPeerConnection, mediaDevices, nonstandard } from 'node-libwebrtc';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? Number(args[i + 1]) : fallback;
};
const duration = option('duration', 0); // 0: until Ctrl-C
const port = option('port', 8080);
const t0 = performance.now();
const log = (who, what) => console.log(`${((performance.now() - t0) / 1000).toFixed(2).padStart(7)} s  ${who.padEnd(7)} ${what}`);
// The two peers stay on loopback: the demo never touches the machine's other networks.
const config = { iceAllowLoopback: true, iceInterfaces: ['127.0.0.1'] };

// --- the media: real devices when the machine has them, the synthetic ones otherwise ----------------------
const devices = await mediaDevices.enumerateDevices();
const hasCamera = devices.some((d) => d.kind === 'videoinput');
const hasMicrophone = devices.some((d) => d.kind === 'audioinput');
if (!hasCamera || !hasMicrophone) mediaDevices.useSyntheticDevices(true);
const stream = await mediaDevices.getUserMedia({
  video: hasCamera ? { width: 640, height: 480 } : { deviceId: 'synthetic-camera', width: 640, height: 480, frameRate: 30 },
  audio: hasMicrophone ? true : { deviceId: 'synthetic-microphone' },
});
for (const track of stream.getTracks()) log('media', `${track.kind}: ${track.label} ${JSON.stringify(track.getSettings())}`);

// --- alice sends, bob receives -------------------------------------------------------------------------------
const alice = new RTCPeerConnection(config);
const bob = new RTCPeerConnection(config);
for (const [name, pc, other] of [['alice', alice, bob], ['bob', bob, alice]]) {
  pc.onicecandidate = ({ candidate }) => candidate && other.addIceCandidate(candidate);
  pc.onconnectionstatechange = () => log(name, `connection ${pc.connectionState}`);
}
for (const track of stream.getTracks()) {
  const sender = alice.addTrack(track, stream);
  if (track.kind === 'video') {
    // A demo wants the picture sharp: lower the frame rate, not the resolution, when bandwidth is short.
    const parameters = sender.getParameters();
    parameters.degradationPreference = 'maintain-resolution';
    await sender.setParameters(parameters);
  }
}
let bobFrames = 0;
let bobAudioChunks = 0;
let lastFrame = null;
bob.ontrack = ({ track }) => {
  log('bob', `receiving ${track.kind}`);
  if (track.kind === 'video') {
    const sink = new nonstandard.RTCVideoSink(track);
    sink.onframe = ({ frame }) => {
      bobFrames++;
      lastFrame = frame;
    };
  } else {
    new nonstandard.RTCAudioSink(track).ondata = () => bobAudioChunks++;
  }
};
const channel = alice.createDataChannel('chat');
channel.onopen = () => channel.send('hello bob');
bob.ondatachannel = ({ channel: incoming }) => (incoming.onmessage = ({ data }) => log('bob', `message: ${data}`));

await alice.setLocalDescription();
await bob.setRemoteDescription(alice.localDescription);
await bob.setLocalDescription();
await alice.setRemoteDescription(bob.localDescription);
log('alice', 'negotiated');

// --- live stats once a second -------------------------------------------------------------------------------
let previous = null;
const statsTimer = setInterval(async () => {
  const sent = [...(await alice.getStats()).values()];
  const received = [...(await bob.getStats()).values()];
  const codecs = new Map([...sent, ...received].filter((s) => s.type === 'codec').map((s) => [s.id, s.mimeType.split('/')[1]]));
  const out = sent.find((s) => s.type === 'outbound-rtp' && s.kind === 'video');
  const inVideo = received.find((s) => s.type === 'inbound-rtp' && s.kind === 'video');
  const remote = sent.find((s) => s.type === 'remote-inbound-rtp' && s.kind === 'video');
  const pair = sent.find((s) => s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded');
  if (!out || !inVideo) return;
  const now = { t: performance.now(), bytes: out.bytesSent, frames: inVideo.framesDecoded ?? 0 };
  if (previous) {
    const seconds = (now.t - previous.t) / 1000;
    const kbps = ((now.bytes - previous.bytes) * 8) / seconds / 1000;
    const fps = (now.frames - previous.frames) / seconds;
    const rtt = remote?.roundTripTime ?? pair?.currentRoundTripTime;
    log('stats', `${codecs.get(out.codecId) ?? '?'} ${inVideo.frameWidth ?? '?'}x${inVideo.frameHeight ?? '?'} ` +
      `${fps.toFixed(1)} fps, ${kbps.toFixed(0)} kbit/s, RTT ${rtt !== undefined ? (rtt * 1000).toFixed(1) + ' ms' : '?'}, ` +
      `bob saw ${bobFrames} frames and ${bobAudioChunks * 10} ms of audio; viewers ${viewers.size}`);
  }
  previous = now;
}, 1000);

// --- a page where a browser joins the call and watches alice's camera --------------------------------------
const viewers = new Set();
const page = `<!doctype html><meta charset="utf-8"><title>node-libwebrtc demo</title>
<style>body{font:16px sans-serif;background:#111;color:#eee;text-align:center}video{max-width:90vw;background:#000}</style>
<h1>node-libwebrtc live call</h1><video id="v" autoplay playsinline muted controls></video><p id="s">joining…</p>
<script>
(async () => {
  const pc = new RTCPeerConnection();
  pc.ontrack = ({ streams }) => { document.getElementById('v').srcObject = streams[0]; };
  pc.onconnectionstatechange = () => { document.getElementById('s').textContent = pc.connectionState; };
  const { id, offer } = await (await fetch('/join', { method: 'POST' })).json();
  await pc.setRemoteDescription(offer);
  await pc.setLocalDescription();
  await new Promise((r) => pc.iceGatheringState === 'complete' ? r() : pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && r()));
  await fetch('/answer?id=' + id, { method: 'POST', body: JSON.stringify(pc.localDescription) });
})();
</script>`;
const pending = new Map();
const server = createServer(async (request, response) => {
  if (request.url === '/') {
    response.setHeader('content-type', 'text/html');
    response.end(page);
  } else if (request.url === '/join' && request.method === 'POST') {
    // Not only loopback here: the browser may sit on another interface of this machine.
    const viewer = new RTCPeerConnection({ iceAllowLoopback: true });
    for (const track of stream.getTracks()) viewer.addTransceiver(track, { direction: 'sendonly', streams: [stream] });
    await viewer.setLocalDescription();
    await new Promise((r) => (viewer.iceGatheringState === 'complete' ? r() : viewer.addEventListener('icegatheringstatechange', () => viewer.iceGatheringState === 'complete' && r())));
    const id = String(Math.random()).slice(2);
    pending.set(id, viewer);
    viewers.add(viewer);
    viewer.onconnectionstatechange = () => {
      log('viewer', `${id}: ${viewer.connectionState}`);
      if (['failed', 'closed', 'disconnected'].includes(viewer.connectionState)) {
        viewer.close();
        viewers.delete(viewer);
      }
    };
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ id, offer: viewer.localDescription }));
  } else if (request.url?.startsWith('/answer?id=') && request.method === 'POST') {
    let body = '';
    for await (const chunk of request) body += chunk;
    const viewer = pending.get(new URL(request.url, 'http://x').searchParams.get('id'));
    pending.delete(new URL(request.url, 'http://x').searchParams.get('id'));
    if (viewer) await viewer.setRemoteDescription(JSON.parse(body));
    response.end('{}');
  } else {
    response.statusCode = 404;
    response.end();
  }
});
server.listen(port, '127.0.0.1', () => log('page', `open http://127.0.0.1:${port}/ in a browser to join the call (Ctrl-C to stop)`));

let durationTimer = null;
const stop = () => {
  clearTimeout(durationTimer);
  clearInterval(statsTimer);
  server.close();
  server.closeAllConnections();
  for (const viewer of viewers) viewer.close();
  for (const track of stream.getTracks()) track.stop();
  alice.close();
  bob.close();
  log('demo', lastFrame ? `done: bob's last frame was ${lastFrame.width}x${lastFrame.height}` : 'done');
};
process.once('SIGINT', stop);
if (duration > 0) durationTimer = setTimeout(stop, duration * 1000);

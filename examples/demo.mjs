// The main job's demo: two peers in one process negotiate over loopback and talk over a data channel,
// printing each step with its time since the start.
import { RTCPeerConnection } from 'node-libwebrtc';

const t0 = performance.now();
const log = (who, what) => console.log(`${(performance.now() - t0).toFixed(1).padStart(8)} ms  ${who.padEnd(6)} ${what}`);
// Loopback only: the demo never touches the machine's other networks.
const config = { iceAllowLoopback: true, iceInterfaces: ['127.0.0.1'] };

const alice = new RTCPeerConnection(config);
const bob = new RTCPeerConnection(config);
for (const [name, pc, other] of [['alice', alice, bob], ['bob', bob, alice]]) {
  pc.onicecandidate = ({ candidate }) => {
    log(name, candidate ? `candidate ${candidate.type} ${candidate.protocol} ${candidate.address}:${candidate.port}` : 'gathering complete');
    if (candidate) other.addIceCandidate(candidate);
  };
  pc.onsignalingstatechange = () => log(name, `signaling ${pc.signalingState}`);
  pc.oniceconnectionstatechange = () => log(name, `ICE ${pc.iceConnectionState}`);
  pc.onconnectionstatechange = () => log(name, `connection ${pc.connectionState}`);
}

const channel = alice.createDataChannel('chat');
const done = new Promise((resolve) => {
  bob.ondatachannel = ({ channel: incoming }) => {
    log('bob', `data channel '${incoming.label}' arrived (${incoming.readyState})`);
    incoming.onmessage = ({ data }) => {
      log('bob', `received ${JSON.stringify(data)}`);
      incoming.send(`hello alice, this is bob (${process.version}, ${process.platform}-${process.arch})`);
    };
  };
  channel.onopen = () => {
    log('alice', `channel open (id ${channel.id}, SCTP max message ${alice.sctp.maxMessageSize} bytes)`);
    channel.send('hello bob, this is alice');
  };
  channel.onmessage = ({ data }) => {
    log('alice', `received ${JSON.stringify(data)}`);
    resolve();
  };
});

const offer = await alice.createOffer();
log('alice', `created offer (${offer.sdp.length} bytes of SDP)`);
await alice.setLocalDescription(offer);
await bob.setRemoteDescription(offer);
const answer = await bob.createAnswer();
log('bob', `created answer (${answer.sdp.length} bytes of SDP)`);
await bob.setLocalDescription(answer);
await alice.setRemoteDescription(answer);

await done;
const pair = alice.sctp.transport.iceTransport.getSelectedCandidatePair();
log('alice', `selected pair ${pair.local.address}:${pair.local.port} <-> ${pair.remote.address}:${pair.remote.port}`);
const stats = await alice.getStats();
for (const report of stats.values()) {
  if (report.type === 'transport') log('alice', `transport: ${report.bytesSent} bytes sent, DTLS ${report.dtlsState}, ${report.tlsVersion ?? ''} ${report.dtlsCipher ?? ''}`);
}
alice.close();
bob.close();
log('both', 'closed; the process exits by itself');

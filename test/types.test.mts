// Issue: browser code type-checks unchanged. This file is compiled with the test suite (noEmitOnError):
// a type error here fails the run. The test then runs the same code against real objects.
import { expect } from 'chai';
import wrtc, { MediaStream, RTCPeerConnection, nonstandard } from 'node-libwebrtc';

// Functions written for the browser: they take lib.dom's interfaces.
function watch(pc: globalThis.RTCPeerConnection, seen: string[]): void {
  pc.addEventListener('icecandidate', (event) => seen.push(`candidate:${event.candidate === null ? 'end' : typeof event.candidate.toJSON()}`));
  pc.addEventListener('signalingstatechange', function () {
    seen.push(`signaling:${this.signalingState}`);
  });
  pc.addEventListener('track', (event) => seen.push(`track:${event.track.kind}:${event.streams.length}`));
}
function relay(pc: globalThis.RTCPeerConnection, event: globalThis.RTCTrackEvent): globalThis.RTCRtpSender {
  return pc.addTrack(event.track, ...event.streams);
}

describe('types: browser code against the library', () => {
  it('typed addEventListener, lib.dom objects accepted by the library, the default export', async () => {
    const pc = new RTCPeerConnection({ iceAllowLoopback: true });
    const seen: string[] = [];
    watch(pc, seen);
    // The library's own class types: typed listeners too, and lib.dom-typed arguments are accepted.
    pc.addEventListener('negotiationneeded', (event) => seen.push(`negotiationneeded:${event.type}`));
    pc.addEventListener('datachannel', (event) => seen.push(`datachannel:${event.channel.label}`));
    const source = new nonstandard.RTCVideoSource();
    const track: globalThis.MediaStreamTrack = source.createTrack();
    const stream: globalThis.MediaStream = new MediaStream([track]);
    const sender = pc.addTrack(track, stream);
    await sender.replaceTrack(track);
    const sink = new nonstandard.RTCVideoSink(track);
    sink.addEventListener('frame', (event) => seen.push(`frame:${event.frame.width}`));
    sink.stop();
    pc.removeTrack(sender as globalThis.RTCRtpSender);
    expect(typeof relay).to.equal('function');
    const channel = pc.createDataChannel('x');
    channel.addEventListener('message', (event) => seen.push(String(event.data)));
    expect(new wrtc.RTCPeerConnection({ iceAllowLoopback: true }).close()).to.equal(undefined);
    await pc.setLocalDescription();
    expect(seen).to.include('signaling:have-local-offer');
    // @roamhq/wrtc code: 10 ms of PCM built in a variable (its literals widen to number) and pushed as is.
    const pcm = { samples: new Int16Array(480), sampleRate: 48000, bitsPerSample: 16, channelCount: 1, numberOfFrames: 480 };
    new nonstandard.RTCAudioSource().onData(pcm);
    pc.close();
    track.stop();
  });
});

// webrtc-encoded-transform: RTCRtpScriptTransform on senders and receivers, frames transformed in worker threads.
import { expect } from 'chai';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { RTCRtpScriptTransform, type RTCPeerConnection, type RTCTrackEvent, nonstandard } from 'node-libwebrtc';
import { FIXTURES, loopbackPair, negotiate, runFixture, throwsWith, waitUntil, waitUntilAsync } from './helpers.mjs';
import { dominantFrequency, feedTone, feedVideo, meanLuma, recordFirstChannel } from './media-helpers.mjs';

const { RTCVideoSource, RTCVideoSink, RTCAudioSource, RTCAudioSink } = nonstandard;

interface WorkerReport {
  frames: { audio: number; video: number };
  keyFrames: number;
  missingTrailer: number;
  videoMetadata: Record<string, unknown> | null;
  audioMetadata: Record<string, unknown> | null;
  options: unknown[];
  constructors: string[] | null;
  plain: number;
  byId: Record<string, number>;
  ended: string[];
  dataAfterWrite: { empty: number; kept: number };
  globals: string[];
  copies: string[];
}

/** Posts `message` to the worker and resolves with its next message. */
function ask<T = any>(worker: Worker, message: unknown): Promise<T> {
  return new Promise((resolve) => {
    worker.once('message', resolve);
    worker.postMessage(message);
  });
}

function report(worker: Worker): Promise<WorkerReport> {
  return new Promise((resolve) => {
    worker.once('message', resolve);
    worker.postMessage('report');
  });
}

describe('encoded transforms (RTCRtpScriptTransform)', function () {
  this.timeout(60000);
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  });

  const pair = () => loopbackPair((pc) => cleanups.push(() => pc.close()));

  function transformWorker(): Worker {
    // The fixture collects garbage every 100 ms: a lost transformer would stop the media.
    const worker = new Worker(path.join(FIXTURES, 'transform-worker.mjs'), { workerData: { collectGarbage: true } });
    cleanups.push(() => worker.terminate());
    return worker;
  }

  /**
   * A call carrying a 320x240 pattern and a 440 Hz tone from a to b, each track's frames scrambled by a
   * transform in one worker and restored by a transform in another: set before negotiation, or (midCall)
   * once media flows, receivers first.
   */
  async function transformedCall(midCall: boolean, absCaptureTime = false) {
    const [a, b] = pair();
    const sendWorker = transformWorker();
    const receiveWorker = transformWorker();
    const video = new RTCVideoSource();
    const audio = new RTCAudioSource();
    const senders = [video.createTrack(), audio.createTrack()].map((track) => a.addTrack(track));
    if (absCaptureTime) {
      const uri = 'http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time';
      for (const t of a.getTransceivers()) t.setHeaderExtensionsToNegotiate(t.getHeaderExtensionsToNegotiate().map((e) => (e.uri === uri ? { uri, direction: 'sendrecv' } : e)));
    }
    const setSenderTransforms = () => {
      for (const sender of senders) {
        const transform = new RTCRtpScriptTransform(sendWorker, { side: 'send', kind: sender.track!.kind });
        sender.transform = transform;
        expect(sender.transform).to.equal(transform);
      }
    };
    if (!midCall) setSenderTransforms();
    cleanups.push(feedVideo(video, 320, 240, 30), feedTone(audio, 440));
    const frames: { width: number; height: number; data: Uint8Array }[] = [];
    let recording: { samples: number[]; rate: number } | undefined;
    b.addEventListener('track', (event) => {
      const { track, receiver } = event as RTCTrackEvent;
      if (!midCall) receiver.transform = new RTCRtpScriptTransform(receiveWorker, { side: 'receive', kind: track.kind });
      if (track.kind === 'video') {
        const sink = new RTCVideoSink(track);
        sink.onframe = ({ frame }) => frames.push(frame);
        cleanups.push(() => sink.stop());
      } else {
        const sink = new RTCAudioSink(track);
        recording = recordFirstChannel(sink, 48000);
        cleanups.push(() => sink.stop());
      }
    });
    await negotiate(a, b);
    let outboundBefore: Record<string, number> | undefined;
    if (midCall) {
      await waitUntil(() => frames.length >= 15, '15 video frames before the transforms', 30000);
      outboundBefore = await outboundVideo(a);
      for (const receiver of b.getReceivers()) receiver.transform = new RTCRtpScriptTransform(receiveWorker, { side: 'receive', kind: receiver.track.kind });
      setSenderTransforms();
      frames.length = 0;
      recording!.samples.length = 0;
    }
    await waitUntil(() => frames.length >= 30 && (recording?.samples.length ?? 0) >= 48000, '30 video frames and 1 s of audio', 30000);

    // Content: the sending worker scrambled every frame and appended 4 bytes; had the receiving one not
    // restored them, these would not decode to the pattern and the tone.
    const frame = frames[frames.length - 1];
    expect([frame.width, frame.height]).to.deep.equal([320, 240]);
    expect(meanLuma(frame, 0.05, 0.05, 0.4, 0.95)).to.be.closeTo(40, 20);
    expect(meanLuma(frame, 0.6, 0.05, 0.95, 0.95)).to.be.closeTo(210, 20);
    expect(dominantFrequency(recording!.samples.slice(-9600), recording!.rate)).to.be.closeTo(440, 10);
    return { a, sendWorker, receiveWorker, outboundBefore, framesSinceTransforms: () => frames.length, sent: await report(sendWorker), received: await report(receiveWorker) };
  }

  const outboundVideo = async (pc: RTCPeerConnection) => [...(await pc.getStats()).values()].find((s) => s.type === 'outbound-rtp' && s.kind === 'video');

  it('carries audio and video through a transform in a worker on each side: frames changed by the sender arrive, restored, and decode', async () => {
    const { a, sendWorker, receiveWorker, sent, received } = await transformedCall(false);
    expect(sent.constructors).to.deep.equal(['RTCTransformEvent', 'RTCRtpScriptTransformer']);
    // The copy constructor is NotSupportedError (this engine cannot make a frame); other arguments TypeError.
    expect(sent.copies).to.deep.equal(['NotSupportedError', 'TypeError', 'TypeError']);
    expect(sent.options).to.have.deep.members([{ side: 'send', kind: 'video' }, { side: 'send', kind: 'audio' }]);
    expect(received.options).to.have.deep.members([{ side: 'receive', kind: 'video' }, { side: 'receive', kind: 'audio' }]);
    expect(sent.frames.video).to.be.greaterThan(20);
    expect(sent.frames.audio).to.be.greaterThan(40);
    expect(received.frames.video).to.be.greaterThan(20);
    expect(received.frames.audio).to.be.greaterThan(40);
    expect(received.missingTrailer, 'frames that skipped the sending transform').to.equal(0);
    expect(sent.keyFrames).to.be.greaterThan(0);

    // Metadata: the sender's SSRC and payload type as the stats report them; sizes of the encoded picture.
    const stats = await a.getStats();
    const outbound = [...stats.values()].filter((s) => s.type === 'outbound-rtp');
    const videoOut = outbound.find((s) => s.kind === 'video');
    const audioOut = outbound.find((s) => s.kind === 'audio');
    const sentVideo = sent.videoMetadata!;
    expect(sentVideo.type).to.equal('key');
    expect(sentVideo).to.include({ synchronizationSource: videoOut.ssrc, width: 320, height: 240 });
    expect(sentVideo.payloadType).to.equal(stats.get(videoOut.codecId).payloadType);
    // The codec of each frame's payload type, as negotiated (Chrome's mimeType member).
    expect(sentVideo.mimeType).to.equal(stats.get(videoOut.codecId).mimeType);
    expect(sent.audioMetadata!.mimeType).to.equal(stats.get(audioOut.codecId).mimeType);
    expect(received.videoMetadata!.mimeType).to.equal(stats.get(videoOut.codecId).mimeType);
    expect(received.audioMetadata!.mimeType).to.equal('audio/opus');
    expect(sentVideo.rtpTimestamp).to.equal(sentVideo.timestamp);
    expect(sent.audioMetadata).to.include({ synchronizationSource: audioOut.ssrc, payloadType: stats.get(audioOut.codecId).payloadType });
    expect(sent.audioMetadata!.contributingSources).to.deep.equal([]);
    expect(received.videoMetadata).to.include({ synchronizationSource: videoOut.ssrc, payloadType: sentVideo.payloadType });
    expect(received.audioMetadata!.synchronizationSource).to.equal(audioOut.ssrc);
    expect(received.audioMetadata!.contributingSources).to.deep.equal([]);
    expect(received.audioMetadata!.sequenceNumber).to.be.a('number').within(0, 65535); // the packet's RTP sequence number
    expect(received.audioMetadata!.audioLevel).to.be.a('number').within(0, 1); // from the ssrc-audio-level extension
    expect(received.videoMetadata).to.not.have.property('dependencies'); // the sender's encoder has them, not the receiver
    expect(sentVideo.dependencies).to.be.an('array');
    // Times, in each worker's own time origin: sent frames' capture, received frames' arrival; no capture
    // time on received frames without abs-capture-time.
    for (const [name, m] of Object.entries({ 'sent video': sentVideo, 'sent audio': sent.audioMetadata! })) {
      expect(m.captureTime, name).to.be.within((m.seenAt as number) - 1000, m.seenAt as number);
      expect(m, name).to.not.have.any.keys('receiveTime', 'senderCaptureTimeOffset');
    }
    for (const [name, m] of Object.entries({ 'received video': received.videoMetadata!, 'received audio': received.audioMetadata! })) {
      expect(m.receiveTime, name).to.be.within((m.seenAt as number) - 1000, m.seenAt as number);
      expect(m, name).to.not.have.any.keys('captureTime', 'senderCaptureTimeOffset');
    }

    // sendKeyFrameRequest(): the video receiver's transformer makes the remote encoder send a key frame;
    // the others reject with InvalidStateError.
    const requested = await new Promise<string[]>((resolve) => {
      receiveWorker.once('message', resolve);
      receiveWorker.postMessage('request-key-frame');
    });
    expect(requested).to.have.members(['video:sent', 'audio:InvalidStateError']);
    const senderSide = await new Promise<string[]>((resolve) => {
      sendWorker.once('message', resolve);
      sendWorker.postMessage('request-key-frame');
    });
    expect(senderSide).to.have.members(['video:InvalidStateError', 'audio:InvalidStateError']);
    await waitUntilAsync(async () => (await report(sendWorker)).keyFrames > sent.keyFrames, 'a key frame sent on request', 10000);

    // generateKeyFrame(): the video sender's encoder makes a key frame now (this VP8 encoder makes none
    // unprompted for minutes); the promise resolves with its RTP timestamp. Other transformers reject.
    type Generated = { kind: string; first: number | string; second: number | string; nullRid: number | string; invalidRid: string; unknownRid: string; symbolRid: string; keyFramesBefore: number; keyFramesAfter: number };
    const generated = await ask<Generated[]>(sendWorker, 'generate-key-frame');
    const video = generated.find((g) => g.kind === 'video')!;
    expect(video.first, 'generateKeyFrame() resolves with a timestamp').to.be.a('number');
    expect(video.keyFramesAfter).to.be.greaterThan(video.keyFramesBefore);
    expect(video.second).to.be.a('number');
    expect(((video.second as number) - (video.first as number)) >>> 0, 'a later key frame').to.be.within(1, 90000 * 10);
    expect(video.nullRid).to.be.a('number');
    expect(video).to.include({ invalidRid: 'NotAllowedError', unknownRid: 'NotFoundError', symbolRid: 'TypeError' });
    const audio = generated.find((g) => g.kind === 'audio')!;
    expect(audio).to.include({ first: 'InvalidStateError', second: 'InvalidStateError', nullRid: 'InvalidStateError', invalidRid: 'InvalidStateError', unknownRid: 'InvalidStateError' });
    for (const receiverSide of await ask<Generated[]>(receiveWorker, 'generate-key-frame')) expect(receiverSide, receiverSide.kind).to.include({ first: 'InvalidStateError', invalidRid: 'InvalidStateError' });
  });

  it("with abs-capture-time negotiated, received frames carry their capture time and the sender's clock offset", async () => {
    const { received } = await transformedCall(false, true);
    for (const [name, m] of Object.entries({ video: received.videoMetadata!, audio: received.audioMetadata! })) {
      const { captureTime, receiveTime, senderCaptureTimeOffset, seenAt } = m as Record<string, number>;
      // Captured before it arrived, arrived before the worker read it; this sender captured it itself.
      expect(receiveTime, `${name} receiveTime`).to.be.within(seenAt - 1000, seenAt);
      expect(captureTime, `${name} captureTime`).to.be.within(receiveTime - 1000, receiveTime + 1);
      expect(senderCaptureTimeOffset, name).to.equal(0);
    }
  });

  it("generateKeyFrame(rid) names one of the sender's negotiated encodings", async () => {
    const [a, b] = pair();
    const worker = new Worker(path.join(FIXTURES, 'key-frame-worker.mjs'));
    cleanups.push(() => worker.terminate());
    const source = new RTCVideoSource();
    // Two layers offered; the answer (no simulcast here) leaves the sender the first one.
    const { sender } = a.addTransceiver(source.createTrack(), { direction: 'sendonly', sendEncodings: [{ rid: 'lo', scaleResolutionDownBy: 2 }, { rid: 'hi' }] });
    sender.transform = new RTCRtpScriptTransform(worker);
    cleanups.push(feedVideo(source, 320, 240));
    await negotiate(a, b);
    expect(sender.getParameters().encodings.map((e) => e.rid)).to.deep.equal(['lo']);
    const results = await ask(worker, { rids: ['lo', 'hi', null] });
    // Each request once frames flow: a key frame comes of it (this VP8 encoder makes none unprompted).
    expect(results[0], "rid 'lo'").to.satisfy(([timestamp, more]: [unknown, boolean]) => typeof timestamp === 'number' && more);
    expect(results[1], "rid 'hi' (not negotiated)").to.deep.equal(['NotFoundError', false]);
    expect(results[2], 'no rid').to.satisfy(([timestamp, more]: [unknown, boolean]) => typeof timestamp === 'number' && more);
  });

  it('generateKeyFrame() waits while the sender encodes nothing and resolves once it does; it rejects only for a transform never set', async () => {
    const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
    const [a, b] = pair();
    const worker = new Worker(path.join(FIXTURES, 'key-frame-worker.mjs'));
    cleanups.push(() => worker.terminate());
    const source = new RTCVideoSource();
    const track = source.createTrack();
    const transceiver = a.addTransceiver(track, { direction: 'sendonly' });
    transceiver.sender.transform = new RTCRtpScriptTransform(worker);
    cleanups.push(feedVideo(source, 320, 240));
    await negotiate(a, b);
    expect((await ask(worker, { rids: [null] }))[0][0], 'while sending').to.be.a('number');
    // No track: the request waits (webrtc-encoded-transform 2025: not rejected), and resolves with the key
    // frame the encoder makes once frames come again.
    await transceiver.sender.replaceTrack(null);
    let settled = false;
    const waiting = ask(worker, { pending: true }).finally(() => (settled = true));
    await sleep(300);
    expect(settled, 'settled without a track').to.equal(false);
    await transceiver.sender.replaceTrack(track);
    expect(await waiting, 'once the track is back').to.be.a('number');
    // Not sending (inactive): waits too.
    transceiver.direction = 'inactive';
    await negotiate(a, b);
    settled = false;
    void ask(worker, { pending: true }).finally(() => (settled = true));
    await sleep(300);
    expect(settled, 'settled while inactive').to.equal(false);
    // A transform no longer set: still waiting (a pending request is the spec's outcome).
    transceiver.sender.transform = null;
    await sleep(300);
    expect(settled, 'settled once the transform went').to.equal(false);
    // A transform never set on a sender has no encoder: InvalidStateError.
    const unusedWorker = new Worker(path.join(FIXTURES, 'key-frame-worker.mjs'));
    cleanups.push(() => unusedWorker.terminate());
    const unused = new RTCRtpScriptTransform(unusedWorker);
    let answer: unknown;
    await waitUntilAsync(async () => (answer = await ask(unusedWorker, { rids: [null], now: true })) !== 'no transformer yet', 'the unused transformer', 10000);
    expect(answer).to.deep.equal([['InvalidStateError', false]]);
    expect(unused).to.be.instanceOf(RTCRtpScriptTransform); // kept alive until here
  });

  it('many generateKeyFrame() calls settle with the next key frame; more while the transform is replaced and the connection closes crash nothing', async () => {
    const [a, b] = pair();
    const worker = new Worker(path.join(FIXTURES, 'key-frame-worker.mjs'));
    cleanups.push(() => worker.terminate());
    const source = new RTCVideoSource();
    const { sender } = a.addTransceiver(source.createTrack(), { direction: 'sendonly' });
    sender.transform = new RTCRtpScriptTransform(worker);
    cleanups.push(feedVideo(source, 320, 240));
    await negotiate(a, b);
    await ask(worker, { rids: [null] }); // frames flow
    // Every third call names a rid the sender lacks.
    expect(await ask(worker, { spam: 300 })).to.deep.equal({ timestamp: 200, NotFoundError: 100 });
    worker.postMessage({ spam: 300 }); // left waiting: their transform goes
    await new Promise((resolve) => setTimeout(resolve, 5));
    sender.transform = new RTCRtpScriptTransform(worker);
    a.close();
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await ask(worker, 'ping')).to.equal('pong');
  });

  it('takes effect mid-call, receivers first, without renegotiation', async () => {
    const { a, outboundBefore, framesSinceTransforms, sent, received } = await transformedCall(true);
    // The engine recreates the video send stream for a new transform; its outbound-rtp keeps counting
    // (engine patch 0023), as in Chrome: the frames counted before plus (but for a few in flight) those
    // decoded since.
    const outboundAfter = await outboundVideo(a);
    expect(outboundAfter.id).to.equal(outboundBefore!.id);
    for (const key of ['packetsSent', 'bytesSent', 'framesEncoded', 'framesSent', 'totalEncodeTime']) expect(outboundAfter[key], key).to.be.above(outboundBefore![key]);
    expect(outboundBefore!.framesEncoded).to.be.at.least(15);
    expect(outboundAfter.framesEncoded).to.be.at.least(outboundBefore!.framesEncoded + framesSinceTransforms() - 5);
    expect(sent.frames.video).to.be.greaterThan(20);
    expect(sent.frames.audio).to.be.greaterThan(40);
    expect(received.frames.video).to.be.greaterThan(20);
    expect(received.frames.audio).to.be.greaterThan(40);
  });

  it('checks its arguments; a transform serves one sender or receiver, once', async () => {
    const [a] = pair();
    const worker = transformWorker();
    throwsWith(() => new RTCRtpScriptTransform({} as Worker), 'TypeError');
    throwsWith(() => new RTCRtpScriptTransform(worker, {}, [new ArrayBuffer(1)]), 'NotSupportedError');
    throwsWith(() => new RTCRtpScriptTransform(worker, { f: () => 1 }), 'DataCloneError');
    const first = a.addTransceiver('video').sender;
    const second = a.addTransceiver('audio').sender;
    expect(first.transform).to.equal(null);
    first.transform = null; // nothing set: nothing to do
    throwsWith(() => (first.transform = {} as RTCRtpScriptTransform), 'TypeError');
    const transform = new RTCRtpScriptTransform(worker);
    first.transform = transform;
    first.transform = transform; // the same again: nothing to do
    throwsWith(() => (second.transform = transform), 'InvalidStateError');
    throwsWith(() => (a.getTransceivers()[1].receiver.transform = transform), 'InvalidStateError');
    const replacement = new RTCRtpScriptTransform(worker);
    first.transform = replacement;
    expect(first.transform).to.equal(replacement);
    // Replaced: its transformer has ended, so it cannot serve again, here or elsewhere.
    throwsWith(() => (first.transform = transform), 'InvalidStateError');
    throwsWith(() => (second.transform = transform), 'InvalidStateError');
    expect(first.transform).to.equal(replacement);
    first.transform = null;
    expect(first.transform).to.equal(null);
    throwsWith(() => (first.transform = replacement), 'InvalidStateError');
  });

  it('replaces and removes transforms mid-call: the old transformer ends, the new one gets the frames, null sends them on untransformed', async () => {
    const [a, b] = pair();
    const sendWorker = transformWorker();
    const receiveWorker = transformWorker();
    const video = new RTCVideoSource();
    const audio = new RTCAudioSource();
    const senders = [video.createTrack(), audio.createTrack()].map((track) => a.addTrack(track));
    // Sending transforms scramble with their own key; receiving ones restore whatever key a frame names and
    // pass untransformed frames on, so that no frame is lost while the two sides switch at different frames.
    const setSenders = (key: number | null) => {
      for (const sender of senders) {
        sender.transform = key === null ? null : new RTCRtpScriptTransform(sendWorker, { side: 'send', key, id: `send-${sender.track!.kind}-${key}` });
      }
    };
    const setReceivers = (generation: number | null) => {
      for (const receiver of b.getReceivers()) {
        receiver.transform =
          generation === null ? null : new RTCRtpScriptTransform(receiveWorker, { side: 'receive', passPlain: true, id: `receive-${receiver.track.kind}-${generation}` });
      }
    };
    setSenders(0x5a);
    cleanups.push(feedVideo(video, 320, 240, 30), feedTone(audio, 440));
    const frames: { width: number; height: number; data: Uint8Array }[] = [];
    let recording: { samples: number[]; rate: number } | undefined;
    b.addEventListener('track', (event) => {
      const { track } = event as RTCTrackEvent;
      if (track.kind === 'video') {
        const sink = new RTCVideoSink(track);
        sink.onframe = ({ frame }) => frames.push(frame);
        cleanups.push(() => sink.stop());
      } else {
        recording = recordFirstChannel(sink(track), 48000);
      }
    });
    const sink = (track: MediaStreamTrack) => {
      const audioSink = new RTCAudioSink(track);
      cleanups.push(() => audioSink.stop());
      return audioSink;
    };
    await negotiate(a, b);
    setReceivers(1);
    /** Media decodes to the pattern and the tone from here on. */
    const decodes = async (what: string) => {
      frames.length = 0;
      recording!.samples.length = 0;
      await waitUntil(() => frames.length >= 20 && recording!.samples.length >= 48000, `20 video frames and 1 s of audio ${what}`, 30000);
      const frame = frames[frames.length - 1];
      expect(meanLuma(frame, 0.05, 0.05, 0.4, 0.95), what).to.be.closeTo(40, 20);
      expect(meanLuma(frame, 0.6, 0.05, 0.95, 0.95), what).to.be.closeTo(210, 20);
      expect(dominantFrequency(recording!.samples.slice(-9600), recording!.rate), what).to.be.closeTo(440, 10);
    };
    await decodes('through the first transforms');

    setSenders(0x33);
    setReceivers(2);
    await decodes('after both sides replaced their transforms');
    let sent = await report(sendWorker);
    let received = await report(receiveWorker);
    for (const kind of ['video', 'audio']) {
      expect(sent.ended, 'replaced sending transformers end').to.include(`send-${kind}-90`);
      expect(received.ended, 'replaced receiving transformers end').to.include(`receive-${kind}-1`);
      expect(sent.byId[`send-${kind}-51`], `frames through the new ${kind} sending transform`).to.be.greaterThan(10);
      expect(received.byId[`receive-${kind}-2`], `frames through the new ${kind} receiving transform`).to.be.greaterThan(10);
    }
    expect(received.plain, 'frames that arrived unscrambled').to.equal(0);

    // Removed on the sending side: frames arrive plain, and the receiving transforms pass them on.
    setSenders(null);
    await decodes('with the sending transforms removed');
    received = await report(receiveWorker);
    expect(received.plain).to.be.greaterThan(20);
    // Removed on the receiving side too: the call goes on without any transform.
    setReceivers(null);
    await decodes('with no transform left');
    sent = await report(sendWorker);
    received = await report(receiveWorker);
    expect(sent.ended).to.include.members(['send-video-51', 'send-audio-51']);
    expect(received.ended).to.include.members(['receive-video-2', 'receive-audio-2']);
    const counted = { ...sent.byId, ...received.byId };
    await new Promise((resolve) => setTimeout(resolve, 500));
    const later = await report(sendWorker);
    const laterReceived = await report(receiveWorker);
    expect({ ...later.byId, ...laterReceived.byId }, 'no frame reaches a removed transform').to.deep.equal(counted);
    // A written frame's data went to the pipeline (the spec transfers it); the interfaces are worker globals.
    expect(sent.dataAfterWrite.kept).to.equal(0);
    expect(sent.dataAfterWrite.empty).to.be.greaterThan(50);
    expect(sent.globals).to.deep.equal(['RTCEncodedVideoFrame', 'RTCEncodedAudioFrame', 'RTCRtpScriptTransformer', 'RTCTransformEvent']);
  });

  it('hostile writes in the worker (non-frames, a frame twice, frames out of order, empty and 2 MB payloads, a non-buffer data) neither crash nor stop the call', async () => {
    const [a, b] = pair();
    const worker = new Worker(
      `require('node-libwebrtc');
       const { parentPort } = require('node:worker_threads');
       onrtctransform = async ({ transformer }) => {
         const reader = transformer.readable.getReader();
         const writer = transformer.writable.getWriter();
         for (let n = 1; ; n++) {
           const { value: frame } = await reader.read();
           await writer.write({});
           await writer.write(null);
           let error = null;
           try { frame.data = 'not a buffer'; } catch (e) { error = e.name; }
           if (n % 30 === 0) frame.data = new ArrayBuffer(0);
           if (n % 45 === 0) frame.data = new ArrayBuffer(2000000);
           let reordered = null;
           if (n === 50) {
             // Written after a later frame: dropped (its data stays), as a transform may not reorder.
             const { value: next } = await reader.read();
             await writer.write(next);
             await writer.write(frame);
             reordered = [next.data.byteLength, frame.data.byteLength];
           }
           await writer.write(frame);
           await writer.write(frame);
           parentPort.postMessage({ kind: frame.constructor.name, n, error, reordered });
         }
       };`,
      { eval: true },
    );
    cleanups.push(() => worker.terminate());
    const seen: Record<string, { n: number; error: string | null }> = {};
    const reordered: Record<string, number[]> = {};
    worker.on('message', (message: { kind: string; n: number; error: string | null; reordered: number[] | null }) => {
      seen[message.kind] = message;
      if (message.reordered) reordered[message.kind] = message.reordered;
    });
    const video = new RTCVideoSource();
    const audio = new RTCAudioSource();
    for (const track of [video.createTrack(), audio.createTrack()]) a.addTrack(track).transform = new RTCRtpScriptTransform(worker);
    cleanups.push(feedVideo(video, 320, 240, 30), feedTone(audio, 440));
    let decoded = 0;
    b.addEventListener('track', (event) => {
      const { track, receiver } = event as RTCTrackEvent;
      receiver.transform = new RTCRtpScriptTransform(worker);
      if (track.kind !== 'video') return;
      const sink = new RTCVideoSink(track);
      sink.onframe = () => decoded++;
      cleanups.push(() => sink.stop());
    });
    await negotiate(a, b);
    // Past two 2 MB and three empty payloads on each sending transformer, the video still decodes.
    await waitUntil(() => (seen.RTCEncodedVideoFrame?.n ?? 0) >= 100 && (seen.RTCEncodedAudioFrame?.n ?? 0) >= 100, '100 frames of each kind through the hostile transform', 30000);
    decoded = 0;
    await waitUntil(() => decoded >= 10, '10 more frames decoded', 20000);
    expect(seen.RTCEncodedVideoFrame.error).to.equal('TypeError');
    expect(seen.RTCEncodedAudioFrame.error).to.equal('TypeError');
    for (const kind of ['RTCEncodedVideoFrame', 'RTCEncodedAudioFrame']) {
      const [later, earlier] = reordered[kind];
      expect(later, `${kind}: the later frame, written, is transferred`).to.equal(0);
      expect(earlier, `${kind}: the earlier frame, written after it, is dropped`).to.be.greaterThan(0);
    }
  });

  it('a terminated transform worker stops the media (nothing passes untransformed) and nothing crashes; the process exits by itself', async () => {
    const result = await runFixture('transform-exit.mjs', [], { timeoutMs: 40000 });
    expect(result.signal, result.stderr).to.equal(null);
    expect(result.code, result.stderr).to.equal(0);
    const outcome = JSON.parse(result.stdout.trim().split('\n').pop()!) as { before: number; after: number; controlAfter: number };
    expect(outcome.before, 'frames decoded while the worker ran').to.be.greaterThan(20);
    expect(outcome.after, 'frames decoded in the 2 s after it was terminated').to.be.at.most(2);
    expect(outcome.controlAfter, 'frames of an untransformed track on the same connection meanwhile').to.be.greaterThan(30);
  });

  it("a long-lived worker serving connection after connection keeps no transformer past its connection: each one's readable ends", async () => {
    const result = await runFixture('transform-churn.mjs', [], { nodeArgs: ['--expose-gc'], timeoutMs: 90000 });
    expect({ code: result.code, signal: result.signal }, result.stderr).to.deep.equal({ code: 0, signal: null });
    const [after5, after25] = JSON.parse(result.stdout.trim().split('\n').pop()!) as { live: number; ended: number }[];
    // Two transformers per connection: before the fix the worker held them all (10, then 50) and no pipe ended.
    expect(after25.live, JSON.stringify([after5, after25])).to.be.at.most(after5.live + 4);
    expect(after25.ended).to.be.at.least(40);
  });
});

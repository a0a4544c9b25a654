// Issue: media — tracks, transceivers, senders/receivers, codecs, raw frames in and out, getStats.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import {
  MediaStream,
  MediaStreamTrack,
  MediaStreamTrackEvent,
  OverconstrainedError,
  RTCDTMFSender,
  RTCDtlsTransport,
  RTCPeerConnection,
  RTCRtpReceiver,
  RTCRtpSender,
  RTCRtpTransceiver,
  RTCStatsReport,
  RTCTrackEvent,
  nonstandard,
} from 'node-libwebrtc';
import { loopbackPair, negotiate, rejectsWith, runFixture, throwsWith, waitConnected, waitFor, waitUntil, waitUntilAsync } from './helpers.mjs';
import { dominantFrequency, feedTone, feedVideo, meanLuma, patternFrame, rms } from './media-helpers.mjs';

const { RTCVideoSource, RTCVideoSink, RTCAudioSource, RTCAudioSink, i420ToRgba, rgbaToI420 } = nonstandard;
type Frame = { width: number; height: number; data: Uint8Array | Uint8ClampedArray; rotation?: number };

describe('media', function () {
  this.timeout(60000);
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
  });

  const pair = () => loopbackPair((pc) => cleanups.push(() => pc.close()));

  /** Frames arriving at a sink on `track`, newest last. */
  function collectFrames(track: MediaStreamTrack): Frame[] {
    const frames: Frame[] = [];
    const sink = new RTCVideoSink(track);
    sink.onframe = ({ frame }) => {
      frames.push(frame);
      if (frames.length > 60) frames.shift();
    };
    cleanups.push(() => sink.stop());
    return frames;
  }

  /** A call carrying a 320x240 video and a 440 Hz tone from a to b, with sinks on b's tracks. */
  async function audioVideoCall(a: RTCPeerConnection, b: RTCPeerConnection, stream?: MediaStream): Promise<MediaStreamTrack[]> {
    const video = new RTCVideoSource();
    const audio = new RTCAudioSource();
    a.addTrack(video.createTrack(), ...(stream ? [stream] : []));
    a.addTrack(audio.createTrack(), ...(stream ? [stream] : []));
    cleanups.push(feedVideo(video, 320, 240, 30), feedTone(audio, 440));
    const tracks: MediaStreamTrack[] = [];
    b.ontrack = ({ track }) => tracks.push(track as unknown as MediaStreamTrack);
    await negotiate(a, b);
    await waitUntil(() => tracks.length === 2, 'tracks');
    for (const track of tracks) {
      if (track.kind === 'video') collectFrames(track);
      else {
        const sink = new RTCAudioSink(track);
        cleanups.push(() => sink.stop());
      }
    }
    return tracks;
  }

  describe('video through each codec', () => {
    for (const codec of ['VP8', 'VP9', 'H264']) {
      it(`carries a recognisable picture with ${codec}`, async () => {
        const [a, b] = pair();
        const source = new RTCVideoSource();
        const track = source.createTrack();
        const transceiver = a.addTransceiver(track, { direction: 'sendonly' });
        const preferred = RTCRtpSender.getCapabilities('video')!.codecs.filter((c) => c.mimeType === `video/${codec}`);
        expect(preferred.length, `${codec} capability`).to.be.greaterThan(0);
        transceiver.setCodecPreferences(preferred);
        const remote = waitFor<RTCTrackEvent>(b, 'track');
        cleanups.push(feedVideo(source, 640, 480, 30));
        await negotiate(a, b);
        const { track: received } = await remote;
        const frames = collectFrames(received);
        await waitUntil(() => frames.length >= 20, `20 ${codec} frames`, 20000);
        const frame = frames[frames.length - 1];
        expect(frame.data.length).to.equal(frame.width * frame.height * 1.5);
        expect(frame.width / frame.height).to.be.closeTo(640 / 480, 0.05);
        expect(meanLuma(frame, 0.05, 0.05, 0.4, 0.95)).to.be.closeTo(40, 20);
        expect(meanLuma(frame, 0.6, 0.05, 0.95, 0.95)).to.be.closeTo(210, 20);
        const stats = [...(await b.getStats(received)).values()];
        const inbound = stats.find((s) => s.type === 'inbound-rtp' && s.kind === 'video');
        expect(stats.find((s) => s.id === inbound.codecId).mimeType).to.equal(`video/${codec}`);
      });
    }

    it("libwebrtc's threads keep the process's scheduling policy, even as root (engine patch 0024, as in Chromium)", async function () {
      if (process.platform !== 'linux') this.skip();
      const [a, b] = pair();
      const tracks = await audioVideoCall(a, b);
      const received = collectFrames(tracks.find((t) => t.kind === 'video')!);
      await waitUntil(() => received.length >= 10, '10 frames');
      // /proc/<pid>/task/<tid>/stat: field 41 is the policy (0 SCHED_OTHER, 1 SCHED_FIFO, 2 SCHED_RR).
      const thread = (tid: string | number) => {
        let stat: string;
        try {
          stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        } catch {
          return null; // the thread ended between listing and reading
        }
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return { name: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')), policy: Number(fields[41 - 3]) };
      };
      const main = thread(process.pid)!;
      const threads = readdirSync('/proc/self/task').flatMap((tid) => thread(tid) ?? []);
      // The codec threads exist (so the check is about them), and each has the main thread's policy.
      expect(threads.map((t) => t.name)).to.include.members(['EncoderQueue', 'DecodingQueue']);
      expect(threads.filter((t) => t.policy !== main.policy), `threads whose policy is not ${main.policy}`).to.deep.equal([]);
    });

    it('AV1 (not in this engine) is absent from the capabilities, not faked', () => {
      const mimeTypes = RTCRtpSender.getCapabilities('video')!.codecs.map((c) => c.mimeType);
      expect(mimeTypes).to.include.members(['video/VP8', 'video/VP9', 'video/H264']);
      expect(mimeTypes).not.to.include('video/AV1');
      expect(RTCRtpReceiver.getCapabilities('video')!.codecs.map((c) => c.mimeType)).not.to.include('video/AV1');
      expect(RTCRtpSender.getCapabilities('audio')!.codecs.map((c) => c.mimeType)).to.include('audio/opus');
      expect(RTCRtpSender.getCapabilities('data')).to.equal(null);
    });
  });

  describe('audio', () => {
    it('a sine tone arrives with the same dominant frequency (Opus)', async () => {
      const [a, b] = pair();
      const source = new RTCAudioSource();
      a.addTrack(source.createTrack());
      const remote = waitFor<RTCTrackEvent>(b, 'track');
      cleanups.push(feedTone(source, 440));
      await negotiate(a, b);
      const { track } = await remote;
      const sink = new RTCAudioSink(track);
      cleanups.push(() => sink.stop());
      const samples: number[] = [];
      let rate = 0;
      sink.ondata = (event) => {
        rate = event.sampleRate;
        const channels = event.channelCount;
        for (let i = 0; i < event.numberOfFrames; i++) samples.push(event.samples[i * channels]);
      };
      await waitUntil(() => rms(samples.slice(-4800)) > 1000, 'the tone arrives', 20000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      const window = samples.slice(-rate / 5); // the last 200 ms
      expect(dominantFrequency(window, rate)).to.be.closeTo(440, 10);
      const stats = [...(await b.getStats()).values()];
      const inbound = stats.find((s) => s.type === 'inbound-rtp' && s.kind === 'audio');
      expect(stats.find((s) => s.id === inbound.codecId).mimeType).to.equal('audio/opus');
    });

    it('stereo Opus when the local answer asks for it (stereo=1 added to the SDP, as browser code does)', async () => {
      const [a, b] = pair();
      const source = new RTCAudioSource();
      a.addTrack(source.createTrack());
      const remote = waitFor<RTCTrackEvent>(b, 'track');
      // 440 Hz on the left, 1000 Hz on the right, interleaved.
      let t = 0;
      const feed = setInterval(() => {
        const samples = new Int16Array(480 * 2);
        for (let i = 0; i < 480; i++, t++) {
          samples[2 * i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * t) / 48000));
          samples[2 * i + 1] = Math.round(8000 * Math.sin((2 * Math.PI * 1000 * t) / 48000));
        }
        source.onData({ samples, sampleRate: 48000, bitsPerSample: 16, channelCount: 2, numberOfFrames: 480 });
      }, 10);
      cleanups.push(() => clearInterval(feed));
      const offer = await a.createOffer();
      await a.setLocalDescription(offer);
      await b.setRemoteDescription(offer);
      const answer = await b.createAnswer();
      expect(answer.sdp).to.not.include('stereo=1');
      const stereo = answer.sdp!.replace(/(a=fmtp:\d+ .*useinbandfec=1)/, '$1;stereo=1');
      await b.setLocalDescription({ type: 'answer', sdp: stereo });
      expect(b.localDescription!.sdp).to.include('stereo=1');
      await a.setRemoteDescription(b.localDescription!);
      const { track } = await remote;
      const sink = new RTCAudioSink(track);
      cleanups.push(() => sink.stop());
      const left: number[] = [];
      const right: number[] = [];
      let rate = 0;
      let channels = 0;
      sink.ondata = (event) => {
        rate = event.sampleRate;
        channels = event.channelCount;
        for (let i = 0; i < event.numberOfFrames; i++) {
          left.push(event.samples[i * channels]);
          right.push(event.samples[i * channels + channels - 1]);
        }
      };
      await waitUntil(() => channels === 2 && rms(right.slice(-4800)) > 1000, 'stereo audio arrives', 20000);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(dominantFrequency(left.slice(-rate / 5), rate)).to.be.closeTo(440, 10);
      expect(dominantFrequency(right.slice(-rate / 5), rate)).to.be.closeTo(1000, 10);
    });

    it('a changed local description is applied as Chrome applies it; a foreign fingerprint, removed m-sections or one SSRC in two m-sections are refused', async () => {
      const [a, b] = pair();
      a.addTrack(new RTCAudioSource().createTrack());
      a.addTrack(new RTCVideoSource().createTrack());
      const offer = await a.createOffer();
      const other = await b.createOffer();
      await rejectsWith(a.setLocalDescription({ type: 'offer', sdp: other.sdp }), 'InvalidModificationError');
      await rejectsWith(a.setLocalDescription({ type: 'offer', sdp: offer.sdp!.replace(/(a=fingerprint:sha-256 )(..)/g, (_, prefix, byte) => prefix + (byte === '00' ? '11' : '00')) }), 'InvalidModificationError');
      await rejectsWith(a.setLocalDescription({ type: 'offer', sdp: offer.sdp!.slice(0, offer.sdp!.indexOf('m=video')) }), 'InvalidModificationError');
      const shared = await rejectsWith(a.setLocalDescription({ type: 'offer', sdp: offer.sdp!.replace(/a=ssrc:\d+/g, 'a=ssrc:12345') }), 'OperationError');
      expect(shared.message).to.include('Duplicate ssrc 12345');
      expect(a.signalingState).to.equal('stable');
      // A bandwidth line and a new ICE password: applied, and the connection works with them.
      const changed = offer.sdp!.replace(/(m=video.*\r\nc=.*\r\n)/, '$1b=AS:500\r\n').replace(/a=ice-pwd:.*\r\n/g, 'a=ice-pwd:0123456789abcdefghijklmn\r\n');
      await a.setLocalDescription({ type: 'offer', sdp: changed });
      expect(a.localDescription!.sdp).to.include('b=AS:500').and.include('a=ice-pwd:0123456789abcdefghijklmn');
      await b.setRemoteDescription(a.localDescription!);
      const answer = await b.createAnswer();
      await b.setLocalDescription(answer);
      await a.setRemoteDescription(answer);
      await waitConnected(a, b);
    });
  });

  describe('codec preferences', () => {
    // The samples' pattern: getCapabilities()'s list with one codec moved to the front (engine patch 0009:
    // [opus, red] used to list RED twice, and the offer failed to apply).
    for (const first of [null, 'audio/PCMU', 'audio/G722']) {
      it(`setCodecPreferences() takes the audio capabilities ${first ? `with ${first} first` : 'unchanged'}; the call sends that codec`, async () => {
        const codecs = RTCRtpSender.getCapabilities('audio')!.codecs;
        const preferred = first ? [...codecs.filter((c) => c.mimeType === first), ...codecs.filter((c) => c.mimeType !== first)] : codecs;
        const [a, b] = pair();
        const source = new RTCAudioSource();
        const transceiver = a.addTransceiver(source.createTrack(), { direction: 'sendonly' });
        transceiver.setCodecPreferences(preferred);
        cleanups.push(feedTone(source, 440));
        await negotiate(a, b);
        for (const description of [a.localDescription!, b.localDescription!]) {
          const payloadTypes = description.sdp.match(/^m=audio \d+ \S+ (.*)$/m)![1].split(' ');
          expect(new Set(payloadTypes).size, description.sdp).to.equal(payloadTypes.length);
          const rtpmap = new RegExp(`^a=rtpmap:${payloadTypes[0]} ([^/]+)/`, 'm').exec(description.sdp)![1];
          expect(`audio/${rtpmap}`.toLowerCase()).to.equal((first ?? codecs[0].mimeType).toLowerCase());
        }
        let mimeType = '';
        await waitUntilAsync(async () => {
          const stats = [...(await b.getStats()).values()];
          const inbound = stats.find((s) => s.type === 'inbound-rtp' && s.kind === 'audio' && s.packetsReceived > 0);
          mimeType = inbound ? stats.find((s) => s.id === inbound.codecId).mimeType : '';
          return mimeType !== '';
        }, 'audio packets');
        expect(mimeType.toLowerCase()).to.equal((first ?? codecs[0].mimeType).toLowerCase());
      });
    }
  });

  describe('senders', () => {
    it('replaceTrack() switches the content without renegotiation', async () => {
      const [a, b] = pair();
      const dark = new RTCVideoSource();
      const bright = new RTCVideoSource();
      const sender = a.addTrack(dark.createTrack());
      const remote = waitFor<RTCTrackEvent>(b, 'track');
      cleanups.push(feedVideo(dark, 320, 240, 30, 30, 30), feedVideo(bright, 320, 240, 30, 220, 220));
      await negotiate(a, b);
      const frames = collectFrames((await remote).track);
      await waitUntil(() => frames.length > 10 && meanLuma(frames[frames.length - 1], 0, 0, 1, 0.5) < 60, 'dark frames', 20000);
      let renegotiation = 0;
      a.onnegotiationneeded = () => renegotiation++;
      const newTrack = bright.createTrack();
      await sender.replaceTrack(newTrack);
      expect(sender.track).to.equal(newTrack);
      await waitUntil(() => meanLuma(frames[frames.length - 1], 0, 0, 1, 0.5) > 190, 'bright frames', 20000);
      expect(renegotiation).to.equal(0);
      expect(a.signalingState).to.equal('stable');
      await rejectsWith(sender.replaceTrack(new RTCAudioSource().createTrack()), 'TypeError');
    });

    it('disabling tracks sends black frames and silence', async () => {
      const [a, b] = pair();
      const video = new RTCVideoSource();
      const audio = new RTCAudioSource();
      const videoTrack = video.createTrack();
      const audioTrack = audio.createTrack();
      a.addTrack(videoTrack);
      a.addTrack(audioTrack);
      const tracks: MediaStreamTrack[] = [];
      b.ontrack = ({ track }) => tracks.push(track as unknown as MediaStreamTrack);
      cleanups.push(feedVideo(video, 320, 240, 30, 200, 200), feedTone(audio, 600));
      await negotiate(a, b);
      await waitUntil(() => tracks.length === 2, 'two tracks');
      const frames = collectFrames(tracks.find((t) => t.kind === 'video')!);
      const sink = new RTCAudioSink(tracks.find((t) => t.kind === 'audio')!);
      cleanups.push(() => sink.stop());
      let recent: number[] = [];
      sink.ondata = ({ samples }) => {
        recent = [...recent, ...samples].slice(-4800);
      };
      await waitUntil(() => frames.length > 5 && meanLuma(frames[frames.length - 1], 0, 0, 1, 1) > 150 && rms(recent) > 1000, 'bright frames and the tone', 20000);
      videoTrack.enabled = false;
      audioTrack.enabled = false;
      expect(videoTrack.enabled).to.equal(false);
      await waitUntil(() => meanLuma(frames[frames.length - 1], 0, 0, 1, 1) < 20, 'black frames', 20000);
      await waitUntil(() => rms(recent) < 50, 'silence', 20000);
    });

    it("receiver.getParameters(): the negotiated codecs and header extensions, rtcp without a cname and empty encodings, as Chrome gives them", async () => {
      const [a, b] = pair();
      a.addTrack(new RTCVideoSource().createTrack());
      await negotiate(a, b);
      const receiver = b.getReceivers()[0];
      const parameters = receiver.getParameters() as RTCRtpReceiveParameters & { encodings: unknown[] };
      expect(parameters.codecs.map((c) => c.mimeType)).to.include('video/VP8');
      expect(parameters.headerExtensions.length).to.be.greaterThan(0);
      expect(parameters.rtcp).to.have.keys(['reducedSize']);
      expect(parameters.encodings).to.deep.equal([]);
    });

    it('getParameters()/setParameters() with the transactionId rules', async () => {
      const [a, b] = pair();
      const sender = a.addTrack(new RTCVideoSource().createTrack());
      await negotiate(a, b);
      const parameters = sender.getParameters();
      expect(parameters.transactionId).to.be.a('string').and.not.equal('');
      expect(parameters.encodings).to.have.length(1);
      expect(parameters.codecs.map((c) => c.mimeType)).to.include('video/VP8');
      parameters.encodings[0].maxBitrate = 300000;
      parameters.encodings[0].maxFramerate = 15;
      parameters.encodings[0].scaleResolutionDownBy = 2;
      await sender.setParameters(parameters);
      const after = sender.getParameters();
      expect(after.encodings[0]).to.include({ maxBitrate: 300000, maxFramerate: 15, scaleResolutionDownBy: 2 });
      expect(after.transactionId).not.to.equal(parameters.transactionId);
      await rejectsWith(sender.setParameters({ ...after, transactionId: 'stale' }), 'InvalidModificationError');
      const stale = sender.getParameters();
      await new Promise((resolve) => setTimeout(resolve, 10));
      await rejectsWith(sender.setParameters(stale), 'InvalidStateError'); // not in the same task
      const fresh = sender.getParameters();
      await rejectsWith(sender.setParameters({ ...fresh, encodings: [] }), 'InvalidModificationError');
      // The parameters stay usable until the task ends: two calls in one task both apply, in order.
      const twice = sender.getParameters();
      twice.encodings[0].maxBitrate = 200000;
      const first = sender.setParameters(twice);
      twice.encodings[0].maxBitrate = 250000;
      await Promise.all([first, sender.setParameters(twice)]);
      expect(sender.getParameters().encodings[0].maxBitrate).to.equal(250000);
      const once = sender.getParameters();
      await sender.setParameters(once);
      await rejectsWith(sender.setParameters(once), 'InvalidStateError'); // its success task cleared them
    });

    it('maxFramerate bounds the encoded frame rate and lifts the 60 fps default', async () => {
      const [a, b] = pair();
      const source = new RTCVideoSource();
      const sender = a.addTrack(source.createTrack());
      let pushed = 0;
      const push = source.onFrame.bind(source);
      source.onFrame = (frame) => {
        pushed++;
        push(frame);
      };
      cleanups.push(feedVideo(source, 160, 120, 125));
      await negotiate(a, b);
      await waitConnected(a, b);
      const framesEncoded = async () => {
        let frames = 0;
        (await sender.getStats()).forEach((s) => {
          if (s.type === 'outbound-rtp') frames += s.framesEncoded;
        });
        return frames;
      };
      // Frames encoded and frames pushed per second over 2 s (the pushing timer may run slow on a busy machine).
      const rates = async () => {
        await new Promise((resolve) => setTimeout(resolve, 700)); // let the source adapter settle
        const [encodedBefore, pushedBefore, t0] = [await framesEncoded(), pushed, performance.now()];
        await new Promise((resolve) => setTimeout(resolve, 2000));
        const seconds = (performance.now() - t0) / 1000;
        return { encoded: ((await framesEncoded()) - encodedBefore) / seconds, pushed: (pushed - pushedBefore) / seconds };
      };
      const setMaxFramerate = async (fps: number) => {
        const parameters = sender.getParameters();
        parameters.encodings[0].maxFramerate = fps;
        await sender.setParameters(parameters);
      };
      await waitUntilAsync(async () => (await framesEncoded()) > 0, 'frames encoded');
      // Like Chrome: at most 60 fps unless the encoding asks for more.
      const byDefault = await rates();
      expect(byDefault.encoded).to.be.at.most(66).and.at.least(Math.min(byDefault.pushed, 60) * 0.6);
      await setMaxFramerate(120);
      const lifted = await rates();
      expect(lifted.pushed, 'the feed must outrun the default cap for this to show anything').to.be.above(75);
      expect(lifted.encoded).to.be.above(66).and.at.least(Math.min(lifted.pushed, 120) * 0.75);
      await setMaxFramerate(10);
      expect((await rates()).encoded).to.be.within(5, 14);
    });

    it('maxBitrate converts as a WebIDL unsigned long and a cap beyond libwebrtc\'s int means no practical cap', async () => {
      const [a, b] = pair();
      const source = new RTCVideoSource();
      const sender = a.addTrack(source.createTrack());
      cleanups.push(feedVideo(source, 160, 120, 30));
      await negotiate(a, b);
      await waitConnected(a, b);
      const set = async (change: (encoding: Record<string, unknown>) => void) => {
        await new Promise((resolve) => setImmediate(resolve));
        const parameters = sender.getParameters();
        change(parameters.encodings[0] as Record<string, unknown>);
        await sender.setParameters(parameters);
        return sender.getParameters().encodings[0];
      };
      const framesEncoded = async () => {
        let frames = 0;
        (await sender.getStats()).forEach((s) => {
          if (s.type === 'outbound-rtp') frames += s.framesEncoded;
        });
        return frames;
      };
      expect((await set((e) => (e.maxBitrate = 4294967295))).maxBitrate).to.equal(2 ** 31 - 1);
      const before = await framesEncoded();
      await waitUntilAsync(async () => (await framesEncoded()) > before + 10, 'frames still encoded under a 2^32-1 cap');
      expect((await set((e) => (e.maxBitrate = 3e9))).maxBitrate).to.equal(2 ** 31 - 1);
      expect((await set((e) => (e.maxBitrate = '300000'))).maxBitrate).to.equal(300000);
      expect((await set((e) => (e.maxBitrate = 150000.7))).maxBitrate).to.equal(150000);
      expect((await set((e) => (e.maxBitrate = -1))).maxBitrate).to.equal(2 ** 31 - 1); // -1 is 2^32-1
      expect((await set((e) => (e.maxBitrate = Infinity))).maxBitrate).to.equal(0);
      expect((await set((e) => (e.active = 0))).active).to.equal(false);
      expect((await set((e) => (e.active = 'yes'))).active).to.equal(true);
      // double (not unrestricted double): NaN and Infinity are a TypeError, before any spec check.
      for (const [member, value] of [['maxFramerate', NaN], ['scaleResolutionDownBy', Infinity], ['scaleResolutionDownBy', NaN]] as const) {
        const error = await set((e) => (e[member] = value)).catch((e: Error) => e);
        expect(error, `${member} ${value}`).to.be.instanceOf(TypeError);
        expect((error as Error).message).to.contain(member);
      }
    });

    it('a sender has one default encoding before negotiation; setParameters() then takes effect once negotiated', async () => {
      const [a, b] = pair();
      const video = a.addTransceiver('video');
      const audio = a.addTrack(new RTCAudioSource().createTrack());
      expect(video.sender.getParameters().encodings).to.deep.equal([{ active: true, priority: 'low', networkPriority: 'low', scaleResolutionDownBy: 1 }]);
      expect(audio.getParameters().encodings).to.deep.equal([{ active: true, priority: 'low', networkPriority: 'low' }]);
      const simulcast = a.addTransceiver('video', { sendEncodings: [{ rid: 'q' }, { rid: 'h' }, { rid: 'f' }] });
      expect(simulcast.sender.getParameters().encodings.map((e) => e.scaleResolutionDownBy)).to.deep.equal([4, 2, 1]);
      simulcast.stop();
      const sender = a.addTrack(new RTCVideoSource().createTrack());
      const parameters = sender.getParameters();
      parameters.encodings[0].maxBitrate = 300000;
      parameters.degradationPreference = 'maintain-framerate';
      await sender.setParameters(parameters);
      expect(sender.getParameters().encodings[0].maxBitrate).to.equal(300000);
      await negotiate(a, b);
      await new Promise((resolve) => setImmediate(resolve));
      const negotiated = sender.getParameters();
      expect(negotiated.encodings).to.have.length(1);
      expect(negotiated.encodings[0]).to.include({ active: true, maxBitrate: 300000, scaleResolutionDownBy: 1 });
      expect(negotiated.degradationPreference).to.equal('maintain-framerate');
      expect(negotiated.codecs).not.to.deep.equal([]);
    });

    it('an answer that refuses simulcast leaves the first encoding at its scale, reported by getParameters(); a scale of 1 then sends full size', async () => {
      const [a, b] = pair();
      const source = new RTCVideoSource();
      cleanups.push(feedVideo(source, 640, 480));
      const transceiver = a.addTransceiver(source.createTrack(), { sendEncodings: [{ rid: 'a' }, { rid: 'b' }] });
      const remote = waitFor<RTCTrackEvent>(b, 'track');
      await negotiate(a, b); // this engine answers without simulcast: one encoding is left
      const frames = collectFrames((await remote).track as unknown as MediaStreamTrack);
      const set = async (scale?: number) => {
        const parameters = transceiver.sender.getParameters();
        parameters.degradationPreference = 'maintain-resolution';
        if (scale !== undefined) parameters.encodings[0].scaleResolutionDownBy = scale;
        await transceiver.sender.setParameters(parameters);
      };
      await set();
      // webrtc-pc: the kept encoding has the 2^(N-1-i) scale of its two layers, and libwebrtc applies it.
      expect(transceiver.sender.getParameters().encodings.map((e) => e.scaleResolutionDownBy)).to.deep.equal([2]);
      await waitUntil(() => frames.at(-1)?.width === 320, 'half size at the far end', 20000);
      await set(1);
      expect(transceiver.sender.getParameters().encodings[0].scaleResolutionDownBy).to.equal(1);
      await waitUntil(() => frames.at(-1)?.width === 640, 'full size at the far end', 20000);
    });

    it('getParameters() keeps its transactionId within a task; setParameters() rejects changed read-only members and bad input', async () => {
      const [a, b] = pair();
      const sender = a.addTrack(new RTCVideoSource().createTrack());
      await negotiate(a, b);
      await new Promise((resolve) => setImmediate(resolve));
      const first = sender.getParameters();
      const second = sender.getParameters();
      expect(second.transactionId).to.equal(first.transactionId);
      first.encodings[0].maxBitrate = 200000;
      await sender.setParameters(first);
      expect(sender.getParameters().encodings[0].maxBitrate).to.equal(200000);
      const changes: [string, (p: RTCRtpSendParameters) => void][] = [
        ['rtcp.cname', (p) => (p.rtcp.cname = 'changed')],
        ['rtcp.reducedSize', (p) => (p.rtcp.reducedSize = !p.rtcp.reducedSize)],
        ['headerExtensions', (p) => (p.headerExtensions = [])],
        ['headerExtensions', (p) => (p.headerExtensions[0].id = 14)],
        ['codecs', (p) => (p.codecs = [])],
        ['codecs', (p) => (p.codecs[0].payloadType = 127)],
        ['codec', (p) => ((p.encodings[0] as { codec?: RTCRtpCodec }).codec = { mimeType: 'video/foo', clockRate: 90000 })],
      ];
      for (const [member, change] of changes) {
        await new Promise((resolve) => setImmediate(resolve));
        const parameters = sender.getParameters();
        change(parameters);
        const error = await rejectsWith(sender.setParameters(parameters), 'InvalidModificationError');
        expect(error.message).to.contain(member);
      }
      const { cname } = sender.getParameters().rtcp;
      expect(cname).to.be.a('string').and.not.equal('changed');
      // A negotiated codec is accepted (this engine sends what the description negotiated).
      const parameters = sender.getParameters();
      (parameters.encodings[0] as { codec?: RTCRtpCodec }).codec = { mimeType: parameters.codecs[0].mimeType, clockRate: parameters.codecs[0].clockRate };
      await sender.setParameters(parameters);
      // WebIDL: the required members missing are a TypeError, before the spec's state checks.
      await rejectsWith(sender.setParameters({} as RTCRtpSendParameters), 'TypeError');
      await rejectsWith((sender.setParameters as (p?: unknown) => Promise<void>)(), 'TypeError');
      throwsWith(() => (RTCRtpSender.getCapabilities as () => unknown)(), 'TypeError');
      throwsWith(() => (RTCRtpReceiver.getCapabilities as () => unknown)(), 'TypeError');
      expect(RTCRtpSender.getCapabilities('data')).to.equal(null);
    });

    it('audio encodings drop scaleResolutionDownBy and maxFramerate instead of rejecting them', async () => {
      const [a, b] = pair();
      for (const encoding of [{ scaleResolutionDownBy: 2 }, { scaleResolutionDownBy: 0.5 }, { maxFramerate: 10 }, { maxFramerate: -1 }]) {
        const transceiver = b.addTransceiver('audio', { sendEncodings: [encoding] });
        expect(transceiver.sender.getParameters().encodings).to.deep.equal([{ active: true, priority: 'low', networkPriority: 'low' }]);
      }
      const sender = a.addTrack(new RTCAudioSource().createTrack());
      await negotiate(a, b);
      await new Promise((resolve) => setImmediate(resolve));
      const parameters = sender.getParameters();
      parameters.encodings[0].scaleResolutionDownBy = 0.5;
      parameters.encodings[0].maxFramerate = -1;
      await sender.setParameters(parameters);
      expect(sender.getParameters().encodings[0]).not.to.have.any.keys('scaleResolutionDownBy', 'maxFramerate');
      // Video still checks them.
      throwsWith(() => b.addTransceiver('video', { sendEncodings: [{ scaleResolutionDownBy: 0.5 }] }), 'RangeError');
    });

    it('replaceTrack() sets sender.track in a queued task, which close() aborts (the promise never settles)', async () => {
      const [a] = pair();
      const source = new RTCVideoSource();
      const [first, second, third] = [source.createTrack(), source.createTrack(), source.createTrack()];
      const sender = a.addTrack(first);
      const replaced = sender.replaceTrack(second);
      expect(sender.track).to.equal(first);
      await replaced;
      expect(sender.track).to.equal(second);
      let settled = false;
      sender.replaceTrack(third).then(
        () => (settled = true),
        () => (settled = true),
      );
      a.close();
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect([sender.track, settled]).to.deep.equal([second, false]);
    });

    it('replaceTrack() runs on the operations chain: after the description operations queued before it', async () => {
      const [a, b] = pair();
      const source = new RTCVideoSource();
      const [first, second] = [source.createTrack(), source.createTrack()];
      const sender = a.addTrack(first);
      const order: string[] = [];
      const offer = a.createOffer().then((description) => (order.push('createOffer'), description));
      const replaced = sender.replaceTrack(second).then(() => order.push(`replaceTrack:${sender.track === second}`));
      await Promise.all([offer, replaced]);
      expect(order).to.deep.equal(['createOffer', 'replaceTrack:true']);
      await negotiate(a, b);
    });

    it('sender.getStats() without a live track (null, or ended) still selects its outbound-rtp, by SSRC', async () => {
      const [a, b] = pair();
      const source = new RTCVideoSource();
      cleanups.push(feedVideo(source, 160, 120, 30));
      const sender = a.addTrack(source.createTrack());
      const second = new RTCVideoSource();
      const secondTrack = second.createTrack();
      cleanups.push(feedVideo(second, 160, 120, 30));
      const other = a.addTrack(secondTrack);
      await negotiate(a, b);
      await waitConnected(a, b);
      await waitUntilAsync(async () => [...(await sender.getStats()).values()].some((s) => s.type === 'outbound-rtp'), 'outbound-rtp');
      await sender.replaceTrack(null);
      secondTrack.stop(); // sender.track stays, the engine's track is gone
      expect(other.track).to.equal(secondTrack);
      const reports = [await sender.getStats(), await other.getStats()];
      const ssrcs = reports.map((report) => {
        const outbound = [...report.values()].filter((s) => s.type === 'outbound-rtp');
        expect(outbound).to.have.length(1);
        // What it references comes along; another sender's streams do not.
        expect(report.has(outbound[0].transportId)).to.equal(true);
        expect(report.has(outbound[0].codecId)).to.equal(true);
        expect([...report.values()].filter((s) => s.type === 'inbound-rtp')).to.deep.equal([]);
        return outbound[0].ssrc as number;
      });
      expect(ssrcs[0]).to.not.equal(ssrcs[1]);
    });

    it('addTransceiver() sendEncodings keep priority and networkPriority', async () => {
      const [a] = pair();
      const sendEncodings: RTCRtpEncodingParameters[] = [{ priority: 'high', networkPriority: 'medium', maxFramerate: 15 }];
      const video = a.addTransceiver('video', { sendEncodings });
      const audio = a.addTransceiver('audio', { sendEncodings: [{ priority: 'very-low', networkPriority: 'high' }] });
      const pick = (e: RTCRtpEncodingParameters) => [e.priority, e.networkPriority, e.maxFramerate];
      expect(pick(video.sender.getParameters().encodings[0])).to.deep.equal(['high', 'medium', 15]);
      expect(pick(audio.sender.getParameters().encodings[0])).to.deep.equal(['very-low', 'high', undefined]);
    });

    it('edge cases as Chrome and WebIDL have them: invalid direction ignored, replaceTrack(undefined), unset degradationPreference, mixed scales, encodings after stop(), codec checks', async () => {
      const [a, b] = pair();
      const transceiver = a.addTransceiver('video', {
        sendEncodings: [{ rid: 'a', scaleResolutionDownBy: 4 }, { rid: 'b' }, { rid: 'c', scaleResolutionDownBy: 1 }],
      });
      // One scale given: the others are 1, as the engine encodes them (not 2^(N-1-i)).
      expect(transceiver.sender.getParameters().encodings.map((e) => e.scaleResolutionDownBy)).to.deep.equal([4, 1, 1]);
      // WebIDL: an attribute ignores a string outside its enum; 'stopped' stays a TypeError.
      (transceiver as { direction: string }).direction = 'bogus';
      expect(transceiver.direction).to.equal('sendrecv');
      throwsWith(() => ((transceiver as { direction: string }).direction = 'stopped'), 'TypeError', TypeError);
      // An encoding's codec must be one the sender can send.
      throwsWith(() => a.addTransceiver('video', { sendEncodings: [{ codec: { mimeType: 'video/bogus', clockRate: 90000 } } as RTCRtpEncodingParameters] }), 'OperationError');
      throwsWith(() => a.addTransceiver('audio', { sendEncodings: [{ codec: { mimeType: 'video/VP8', clockRate: 90000 } } as RTCRtpEncodingParameters] }), 'OperationError');
      a.addTransceiver('video', { sendEncodings: [{ codec: { mimeType: 'video/vp8', clockRate: 90000 } } as RTCRtpEncodingParameters] });

      const video = new RTCVideoSource();
      const sender = a.addTrack(video.createTrack());
      await negotiate(a, b);
      let parameters = sender.getParameters();
      parameters.degradationPreference = 'maintain-resolution';
      parameters.encodings[0].maxBitrate = 300000;
      await sender.setParameters(parameters);
      parameters = sender.getParameters();
      expect(parameters.degradationPreference).to.equal('maintain-resolution');
      delete parameters.degradationPreference;
      await sender.setParameters(parameters);
      expect(sender.getParameters().degradationPreference).to.equal(undefined);
      // The read-only codecs compare exactly: a changed letter case is a change.
      parameters = sender.getParameters();
      parameters.codecs[0].mimeType = parameters.codecs[0].mimeType.toUpperCase();
      await rejectsWith(sender.setParameters(parameters), 'InvalidModificationError');

      await sender.replaceTrack(undefined as unknown as null);
      expect(sender.track).to.equal(null);
      await rejectsWith((sender.replaceTrack as () => Promise<void>)(), 'TypeError', TypeError);

      const stopped = a.getTransceivers().find((t) => t.sender === sender)!;
      stopped.stop();
      expect((stopped as unknown as { stopped: boolean }).stopped).to.equal(true);
      // [[SendEncodings]] outlives stop(): the engine's stopped sender reports none.
      expect(sender.getParameters().encodings.map((e) => e.maxBitrate)).to.deep.equal([300000]);
      // A stopping transceiver's sender is still listed until negotiation makes it [[Stopped]].
      expect(a.getSenders()).to.include(sender);
      await negotiate(a, b);
      expect(a.getSenders()).to.not.include(sender);
    });

    it("a stopped transceiver's direction is InvalidStateError, 'stopped' included; before negotiation setParameters() checks a codec against the sender's capabilities", async () => {
      const [a] = pair();
      // A stopped transceiver, or any on a closed connection, is InvalidStateError first, 'stopped' included.
      const stopped = a.addTransceiver('audio');
      stopped.stop();
      throwsWith(() => ((stopped as { direction: string }).direction = 'stopped'), 'InvalidStateError');
      throwsWith(() => (stopped.direction = 'sendonly'), 'InvalidStateError');
      // Before negotiation an encoding's codec in setParameters is checked against what the sender can send.
      const video = a.addTransceiver('video');
      const early = video.sender;
      const earlyParameters = early.getParameters();
      type WithCodec = RTCRtpEncodingParameters & { codec?: RTCRtpCodec };
      (earlyParameters.encodings[0] as WithCodec).codec = RTCRtpSender.getCapabilities('video')!.codecs.find((c) => c.mimeType === 'video/VP8');
      await early.setParameters(earlyParameters);
      const bogus = early.getParameters();
      (bogus.encodings[0] as WithCodec).codec = { mimeType: 'video/bogus', clockRate: 90000 };
      await rejectsWith(early.setParameters(bogus), 'InvalidModificationError');
      a.close();
      throwsWith(() => ((video as { direction: string }).direction = 'stopped'), 'InvalidStateError');
    });

    it('encodings set with addTransceiver() outlive stop() without any getParameters() call before it', async () => {
      const [a, b] = pair();
      const transceiver = a.addTransceiver(new RTCVideoSource().createTrack(), { sendEncodings: [{ maxBitrate: 123456 }] });
      await negotiate(a, b);
      transceiver.stop();
      expect(transceiver.sender.getParameters().encodings.map((e) => e.maxBitrate)).to.deep.equal([123456]);
    });

    it('scalabilityMode (webrtc-svc): the codecs list their modes, an encoding keeps its mode, an unknown one is refused', async () => {
      const [a, b] = pair();
      const vp8 = RTCRtpSender.getCapabilities('video')!.codecs.find((c) => c.mimeType === 'video/VP8') as RTCRtpCodec & { scalabilityModes?: string[] };
      expect(vp8.scalabilityModes).to.include.members(['L1T1', 'L1T2', 'L1T3']);
      throwsWith(() => a.addTransceiver('video', { sendEncodings: [{ scalabilityMode: 'bogus' } as RTCRtpEncodingParameters] }), 'OperationError');
      const video = new RTCVideoSource();
      const transceiver = a.addTransceiver(video.createTrack(), { sendEncodings: [{ scalabilityMode: 'L1T3' } as RTCRtpEncodingParameters] });
      transceiver.setCodecPreferences(RTCRtpReceiver.getCapabilities('video')!.codecs.filter((c) => /VP8|rtx/.test(c.mimeType)));
      cleanups.push(feedVideo(video, 160, 120));
      const remote = waitFor<RTCTrackEvent>(b, 'track');
      await negotiate(a, b);
      const mode = () => (transceiver.sender.getParameters().encodings[0] as { scalabilityMode?: string }).scalabilityMode;
      expect(mode()).to.equal('L1T3');
      const frames = collectFrames((await remote).track);
      await waitUntil(() => frames.length > 5, 'frames encoded with three temporal layers arrive');
      const parameters = transceiver.sender.getParameters();
      (parameters.encodings[0] as { scalabilityMode?: string }).scalabilityMode = 'L9T9';
      await rejectsWith(transceiver.sender.setParameters(parameters), 'InvalidModificationError');
      // A mode of another codec (VP9's spatial layers) is refused for the VP8 being sent.
      const spatial = transceiver.sender.getParameters();
      (spatial.encodings[0] as { scalabilityMode?: string }).scalabilityMode = 'L2T2';
      await rejectsWith(transceiver.sender.setParameters(spatial), 'InvalidModificationError');
      const next = transceiver.sender.getParameters();
      (next.encodings[0] as { scalabilityMode?: string }).scalabilityMode = 'L1T2';
      await transceiver.sender.setParameters(next);
      expect(mode()).to.equal('L1T2');
    });

    it('a scalabilityMode the negotiated codec cannot encode gives way to one it can (WPT: L3T3 on VP8), and media flows', async () => {
      const [a, b] = pair();
      const video = new RTCVideoSource();
      cleanups.push(feedVideo(video, 320, 240));
      const transceiver = a.addTransceiver(video.createTrack(), { sendEncodings: [{ scalabilityMode: 'L3T3' } as RTCRtpEncodingParameters] });
      expect((transceiver.sender.getParameters().encodings[0] as { scalabilityMode?: string }).scalabilityMode).to.equal('L3T3');
      // The answerer chooses VP8, which has no spatial layers.
      b.ontrack = ({ transceiver: remote }) => remote.setCodecPreferences(RTCRtpReceiver.getCapabilities('video')!.codecs.filter((c) => /VP8|rtx/.test(c.mimeType)));
      const remote = waitFor<RTCTrackEvent>(b, 'track');
      await negotiate(a, b);
      const parameters = transceiver.sender.getParameters();
      expect(parameters.codecs[0].mimeType).to.equal('video/VP8');
      expect((parameters.encodings[0] as { scalabilityMode?: string }).scalabilityMode).to.equal('L1T3');
      const frames = collectFrames((await remote).track);
      await waitUntil(() => frames.length > 5, 'frames from the fitted mode');
      await transceiver.sender.setParameters(transceiver.sender.getParameters()); // what getParameters() gives is accepted
    });

    it('setCodecPreferences: codec dictionaries are converted by WebIDL and matched as webrtc-pc says', () => {
      const [a] = pair();
      const audio = a.addTransceiver('audio');
      const capabilities = RTCRtpReceiver.getCapabilities('audio')!.codecs;
      const opus = capabilities.find((c) => c.mimeType === 'audio/opus')!;
      const dtmf = capabilities.filter((c) => c.mimeType === 'audio/telephone-event');
      audio.setCodecPreferences(dtmf); // telephone-event is a codec, not a resilience mechanism
      audio.setCodecPreferences([{ ...opus, clockRate: String(opus.clockRate) as unknown as number }]);
      const { channels: _channels, ...withoutChannels } = opus;
      throwsWith(() => audio.setCodecPreferences([withoutChannels]), 'InvalidModificationError');
      audio.setCodecPreferences([]);
    });

    it('setCodecPreferences: receive-only codecs are accepted (webrtc-pc checks receive codecs; engine patch 0016)', async () => {
      const [a, b] = pair();
      const key = (c: RTCRtpCodec) => `${c.mimeType} ${c.sdpFmtpLine ?? ''}`;
      const sendable = new Set(RTCRtpSender.getCapabilities('video')!.codecs.map(key));
      const receivable = RTCRtpReceiver.getCapabilities('video')!.codecs;
      const vp9Profile1 = receivable.find((c) => c.mimeType === 'video/VP9' && c.sdpFmtpLine === 'profile-id=1')!;
      expect(sendable.has(key(vp9Profile1)), 'VP9 profile 1 is decoded, not encoded').to.equal(false);
      const vp8 = receivable.find((c) => c.mimeType === 'video/VP8')!;
      const offeredCodecs = (sdp: string) => {
        const payloadTypes = /\r\nm=video \d+ \S+ ([\d ]+)\r\n/.exec(sdp)![1].split(' ');
        return payloadTypes.map((pt) => `${/a=rtpmap:\d+ ([^/]+)/.exec(sdp.slice(sdp.indexOf(`a=rtpmap:${pt} `)))![1]} ${new RegExp(`a=fmtp:${pt} (.*)\r\n`).exec(sdp)?.[1] ?? ''}`.trim());
      };
      // A recvonly transceiver offers just the codec it can only decode, as Chrome does.
      const receiving = a.addTransceiver('video', { direction: 'recvonly' });
      receiving.setCodecPreferences([vp9Profile1]);
      expect(offeredCodecs((await a.createOffer()).sdp!)).to.deep.equal(['VP9 profile-id=1']);
      // On a sending transceiver they leave nothing it could send: the offer lists the default codecs (Chrome too).
      const [c] = pair();
      c.addTransceiver('video').setCodecPreferences([vp9Profile1]);
      const defaults = offeredCodecs((await c.createOffer()).sdp!);
      expect(defaults[0]).to.equal('VP8');
      expect(defaults).not.to.include('VP9 profile-id=1');
      // A call: the receiver prefers VP9 profile 1, then VP8; the sender, unable to encode the first, sends VP8.
      receiving.setCodecPreferences([vp9Profile1, vp8]);
      const source = new RTCVideoSource();
      cleanups.push(feedVideo(source, 160, 120));
      const track = waitFor<RTCTrackEvent>(a, 'track');
      await a.setLocalDescription();
      await b.setRemoteDescription(a.localDescription!);
      const [sending] = b.getTransceivers();
      sending.direction = 'sendonly';
      await sending.sender.replaceTrack(source.createTrack());
      await b.setLocalDescription();
      expect(offeredCodecs(b.localDescription!.sdp)).to.deep.equal(['VP8']);
      await a.setRemoteDescription(b.localDescription!);
      const frames = collectFrames((await track).track);
      await waitUntil(() => frames.length > 5, 'VP8 frames arrive');
      expect(frames.at(-1)).to.include({ width: 160, height: 120 });
    });

    it('RTCDTMFSender plays tones in order', async () => {
      const [a, b] = pair();
      const source = new RTCAudioSource();
      const sender = a.addTrack(source.createTrack());
      cleanups.push(feedTone(source, 300));
      await negotiate(a, b);
      await waitConnected(a, b);
      const dtmf = sender.dtmf!;
      expect(dtmf).to.be.instanceOf(RTCDTMFSender);
      expect(sender.dtmf).to.equal(dtmf);
      await waitUntil(() => dtmf.canInsertDTMF, 'canInsertDTMF');
      const tones: string[] = [];
      const buffers: string[] = [];
      const done = new Promise<void>((resolve) => {
        dtmf.ontonechange = ({ tone }) => {
          tones.push(tone);
          buffers.push(dtmf.toneBuffer);
          if (tone === '') resolve();
        };
      });
      dtmf.insertDTMF('1#A', 70, 50);
      expect(dtmf.toneBuffer).to.equal('1#A');
      await done;
      expect(tones).to.deep.equal(['1', '#', 'A', '']);
      // Each tonechange's task took its tone out of [[ToneBuffer]].
      expect(buffers).to.deep.equal(['#A', 'A', '', '']);
      // Nothing playing: insertDTMF('') schedules no playout, so no tonechange (webrtc-pc, as Chrome).
      let afterEmpty = 0;
      dtmf.ontonechange = () => afterEmpty++;
      dtmf.insertDTMF('');
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(afterEmpty, "tonechange events after insertDTMF('')").to.equal(0);
      expect(dtmf.toneBuffer).to.equal('');
      throwsWith(() => dtmf.insertDTMF('12x'), 'InvalidCharacterError');
      // interToneGap is an unsigned long clamped only from below: 2^31 ms and more (or -1, which WebIDL wraps)
      // is a very long gap, not an error.
      for (const gap of [2 ** 31, 2 ** 32 - 1, -1]) {
        dtmf.insertDTMF('9', 40, gap);
        expect(dtmf.toneBuffer).to.equal('9');
      }
      dtmf.insertDTMF('');
      // A tonechange the engine made before the latest insertDTMF() (the JS thread was busy meanwhile) does
      // not overwrite that insert's buffer.
      await waitUntil(() => dtmf.canInsertDTMF, 'canInsertDTMF');
      const seen: string[] = [];
      dtmf.ontonechange = () => seen.push(dtmf.toneBuffer);
      dtmf.insertDTMF('AB', 40, 30);
      const until = performance.now() + 150; // the engine plays 'A' (and perhaps 'B') meanwhile
      while (performance.now() < until);
      dtmf.insertDTMF('123', 40, 30);
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(seen.length).to.be.above(0);
      expect(seen[0]).to.equal('123');
      dtmf.insertDTMF('');
      await new Promise((resolve) => setTimeout(resolve, 300));

      // insertDTMF() while a tone sounds: the new tones start once that tone's duration and gap have passed
      // (webrtc-pc's Playout task, as Chrome), and insertDTMF('') ends the playout at that same moment.
      const timeline: [string, number][] = [];
      const finished = new Promise<void>((resolve) => {
        dtmf.ontonechange = ({ tone }) => {
          timeline.push([tone, performance.now()]);
          if (tone === '1') dtmf.insertDTMF('2', 100, 150);
          if (tone === '2') dtmf.insertDTMF('');
          if (tone === '') resolve();
        };
      });
      dtmf.insertDTMF('13', 100, 150);
      await finished;
      expect(timeline.map(([tone]) => tone)).to.deep.equal(['1', '2', '']);
      expect(timeline[1][1] - timeline[0][1], "from '1' to '2'").to.be.at.least(240);
      expect(timeline[2][1] - timeline[1][1], "from '2' to the end").to.be.at.least(240);
      expect(dtmf.toneBuffer).to.equal('');
      // Tones held for the end of a tone whose connection closes meanwhile are dropped, without an error.
      const closed = new Promise<void>((resolve) => {
        dtmf.ontonechange = ({ tone }) => {
          if (tone !== '5') return;
          dtmf.insertDTMF('6', 40, 30);
          a.close();
          resolve();
        };
      });
      dtmf.insertDTMF('5', 100, 100);
      await closed;
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(dtmf.canInsertDTMF).to.equal(false);
    });
  });

  describe('forwarding a received track (SFU)', () => {
    it('a received video track sent on another connection carries its frames; closing in any order neither hangs nor keeps the process', async () => {
      for (const order of ['bacd', 'cdab']) {
        const result = await runFixture('forward-close.mjs', [order], { timeoutMs: 30000 });
        expect(result.signal, `${order}: ${result.stderr}`).to.equal(null);
        expect(result.code, `${order}: ${result.stderr}`).to.equal(0);
        const { luma } = JSON.parse(result.stdout.trim().split('\n').pop()!) as { luma: [number, number] };
        expect(luma[0], order).to.be.closeTo(40, 25);
        expect(luma[1], order).to.be.closeTo(210, 25);
      }
    });
  });

  describe('transceivers, receivers and the track event', () => {
    it('one description announcing a stream of audio and video: the stream holds both tracks in either track event, without addtrack', async () => {
      const [a, b] = pair();
      const stream = new MediaStream([new RTCAudioSource().createTrack(), new RTCVideoSource().createTrack()]);
      for (const track of stream.getTracks()) a.addTrack(track, stream);
      const seen: string[] = [];
      b.ontrack = ({ track, streams }) => {
        seen.push(`${track.kind} ${streams.length} ${streams[0].getTracks().length}`);
        streams[0].onaddtrack = ({ track: added }) => seen.push(`addtrack ${added.kind}`);
      };
      await negotiate(a, b);
      expect(seen).to.deep.equal(['audio 1 2', 'video 1 2']);
    });

    // webrtc-extensions' header extension control: the cases of WPT RTCRtpTransceiver-headerExtensionControl
    // (engine patch 0017 gives this engine later libwebrtc's negotiation rules).
    describe('header extension control (webrtc-extensions)', () => {
      const MID = 'urn:ietf:params:rtp-hdrext:sdes:mid';
      const ORIENTATION = 'urn:3gpp:video-orientation';
      const offered = (sdp: string, section = 0) => sdp.split(/\r\nm=/).slice(1)[section].split('\r\n').filter((l) => l.startsWith('a=extmap:')).map((l) => l.split(' ')[1]);
      const directionOf = (list: { uri: string; direction: string }[], uri: string) => list.find((e) => e.uri === uri)!.direction;
      const firstOptional = (list: { uri: string; direction: string }[]) => list.find((e) => e.direction === 'sendrecv' && e.uri !== MID)!;

      it('lists, checks and applies the extensions to negotiate; offers carry the unstopped ones, per m-section', async () => {
        const [a] = pair();
        for (const kind of ['audio', 'video'] as const) {
          const list = a.addTransceiver(kind).getHeaderExtensionsToNegotiate();
          expect(directionOf(list, MID), kind).to.equal('sendrecv');
          expect(list.some((e) => e.direction === 'sendrecv' && e.uri !== MID), kind).to.equal(true);
        }
        const transceiver = a.getTransceivers()[1];
        const list = () => transceiver.getHeaderExtensionsToNegotiate();
        const set = (extensions: unknown) => transceiver.setHeaderExtensionsToNegotiate(extensions as { uri: string; direction: RTCRtpTransceiverDirection }[]);
        throwsWith(() => set(list().map((e, i) => (i ? e : { ...e, uri: '' }))), 'TypeError', TypeError);
        throwsWith(() => set(list().map((e, i) => (i ? e : { ...e, direction: '' }))), 'TypeError', TypeError);
        throwsWith(() => set(list().map((e, i) => (i ? e : { uri: e.uri }))), 'TypeError', TypeError);
        throwsWith(() => set(list().map((e, i) => (i ? e : { ...e, uri: '4711' }))), 'InvalidModificationError');
        throwsWith(() => set(list().filter((e) => e.uri === MID)), 'InvalidModificationError');
        throwsWith(() => set([...list(), { uri: '4711', direction: 'recvonly' }]), 'InvalidModificationError');
        throwsWith(() => set([list()[1], list()[0], ...list().slice(2)]), 'InvalidModificationError');
        for (const direction of ['sendonly', 'recvonly', 'inactive', 'stopped']) {
          throwsWith(() => set(list().map((e) => (e.uri === MID ? { ...e, direction } : e))), 'InvalidModificationError');
        }
        const before = list();
        const stop = firstOptional(before).uri;
        set(before.map((e) => (e.uri === stop ? { ...e, direction: 'stopped' } : e)));
        expect(directionOf(list(), stop)).to.equal('stopped');
        // Video orientation can be stopped (the sender then rotates frames itself); the second video
        // transceiver, added now, copies the first one's list and turns orientation back on for its m-section.
        set(list().map((e) => (e.uri === ORIENTATION ? { ...e, direction: 'stopped' } : e)));
        const second = a.addTransceiver('video');
        expect(second.getHeaderExtensionsToNegotiate()).to.deep.equal(list());
        second.setHeaderExtensionsToNegotiate(list().map((e) => (e.uri === ORIENTATION ? { ...e, direction: 'sendrecv' } : e)));
        const sdp = (await a.createOffer()).sdp!;
        for (const e of list()) expect(offered(sdp, 1).includes(e.uri), e.uri).to.equal(e.direction !== 'stopped');
        expect(offered(sdp, 2)).to.include(ORIENTATION);
        // Before any answer every extension is listed, stopped.
        expect(second.getNegotiatedHeaderExtensions().map((e) => e.uri)).to.deep.equal(second.getHeaderExtensionsToNegotiate().map((e) => e.uri));
        expect(new Set(second.getNegotiatedHeaderExtensions().map((e) => e.direction))).to.deep.equal(new Set(['stopped']));
        // A stopped transceiver's list is not copied.
        const [c] = pair();
        const stopped = c.addTransceiver('audio');
        const audioStop = firstOptional(stopped.getHeaderExtensionsToNegotiate()).uri;
        stopped.setHeaderExtensionsToNegotiate(stopped.getHeaderExtensionsToNegotiate().map((e) => (e.uri === audioStop ? { ...e, direction: 'stopped' } : e)));
        stopped.stop();
        expect(directionOf(c.addTransceiver('audio').getHeaderExtensionsToNegotiate(), audioStop)).to.equal('sendrecv');
      });

      it('an answer narrows both lists on both sides; an extension can be turned back on; rollback restores the list', async () => {
        const [a, b] = pair();
        const transceiver = a.addTransceiver('video');
        const list = transceiver.getHeaderExtensionsToNegotiate();
        const stop = firstOptional(list).uri;
        transceiver.setHeaderExtensionsToNegotiate(list.map((e) => (e.uri === stop ? { ...e, direction: 'stopped' } : e)));
        await negotiate(a, b);
        const remote = b.getTransceivers()[0];
        expect(transceiver.getNegotiatedHeaderExtensions()).to.have.length(list.length);
        for (const side of [transceiver, remote]) {
          expect(directionOf(side.getNegotiatedHeaderExtensions(), stop)).to.equal('stopped');
          expect(directionOf(side.getNegotiatedHeaderExtensions(), MID)).to.equal('sendrecv');
          expect(directionOf(side.getHeaderExtensionsToNegotiate(), stop)).to.equal('stopped');
        }
        // The answerer's re-offer leaves it out too.
        await negotiate(b, a);
        expect(offered(b.localDescription!.sdp)).not.to.include(stop);
        expect(directionOf(transceiver.getNegotiatedHeaderExtensions(), stop)).to.equal('stopped');
        // The answerer stops one more after the offer arrived: the offerer finds it stopped in both lists.
        await a.setLocalDescription();
        await b.setRemoteDescription(a.localDescription!);
        const answererStop = firstOptional(remote.getHeaderExtensionsToNegotiate()).uri;
        remote.setHeaderExtensionsToNegotiate(remote.getHeaderExtensionsToNegotiate().map((e) => (e.uri === answererStop ? { ...e, direction: 'stopped' } : e)));
        await b.setLocalDescription();
        await a.setRemoteDescription(b.localDescription!);
        expect(directionOf(transceiver.getNegotiatedHeaderExtensions(), answererStop)).to.equal('stopped');
        expect(directionOf(transceiver.getHeaderExtensionsToNegotiate(), answererStop)).to.equal('stopped');
        // Turned back on from the negotiated list, both are negotiated again.
        transceiver.setHeaderExtensionsToNegotiate(transceiver.getNegotiatedHeaderExtensions().map((e) => (e.uri === stop || e.uri === answererStop ? { ...e, direction: 'sendrecv' } : e)));
        await negotiate(a, b);
        expect(directionOf(transceiver.getNegotiatedHeaderExtensions(), stop)).to.equal('sendrecv');
        expect(directionOf(transceiver.getNegotiatedHeaderExtensions(), answererStop)).to.equal('sendrecv');
        // A remote offer sets the answerer's list to what it carries; rolling it back restores the list.
        const beforeOffer = remote.getHeaderExtensionsToNegotiate();
        transceiver.setHeaderExtensionsToNegotiate(transceiver.getHeaderExtensionsToNegotiate().map((e) => (e.uri === stop ? { ...e, direction: 'stopped' } : e)));
        await a.setLocalDescription();
        await b.setRemoteDescription(a.localDescription!);
        expect(directionOf(remote.getHeaderExtensionsToNegotiate(), stop)).to.equal('stopped');
        await b.setRemoteDescription({ type: 'rollback' });
        expect(remote.getHeaderExtensionsToNegotiate()).to.deep.equal(beforeOffer);
        await a.setLocalDescription({ type: 'rollback' });
        expect(directionOf(transceiver.getHeaderExtensionsToNegotiate(), stop)).to.equal('stopped'); // as set before that offer
      });
    });

    // The scenarios of WPT's webrtc/RTCRtpTransceiver-stopping.https.html.
    for (const kind of ['audio', 'video'] as const) {
      it(`${kind}: stop() makes a transceiver stopping, then negotiation stopped and disassociated, on both sides`, async () => {
        const [a, b] = pair();
        const local = a.addTransceiver(kind);
        await negotiate(a, b);
        const [remote] = b.getTransceivers();
        const ended = new Promise<string>((resolve) => (local.receiver.track.onended = () => resolve('ended')));
        local.stop();
        expect([local.mid, local.direction, local.currentDirection]).to.deep.equal(['0', 'stopped', 'sendonly']); // b answered recvonly
        expect(local.receiver.track.readyState, 'ends asynchronously').to.equal('live');
        expect(await ended).to.equal('ended');
        await a.setLocalDescription();
        expect(remote.receiver.track.readyState).to.equal('live');
        await b.setRemoteDescription(a.localDescription!);
        // The remote offer stops the remote transceiver at once; the answer removes it.
        expect(remote.receiver.track.readyState).to.equal('ended');
        expect([remote.mid, remote.direction, remote.currentDirection]).to.deep.equal(['0', 'stopped', 'stopped']);
        expect(b.getTransceivers()).to.have.length(1);
        await b.setLocalDescription();
        await a.setRemoteDescription(b.localDescription!);
        for (const [pc, transceiver] of [[a, local], [b, remote]] as const) {
          expect(pc.getTransceivers()).to.deep.equal([]);
          expect([transceiver.mid, transceiver.direction, transceiver.currentDirection]).to.deep.equal([null, 'stopped', 'stopped']);
        }
      });

      it(`${kind}: a remote offer that stops sending mutes the track at once; media arriving again unmutes it`, async () => {
        const [a, b] = pair();
        const source = kind === 'audio' ? new RTCAudioSource() : new RTCVideoSource();
        cleanups.push(source instanceof RTCAudioSource ? feedTone(source, 440) : feedVideo(source, 160, 120, 30));
        const sent = source.createTrack();
        const local = a.addTransceiver(sent, { direction: 'sendonly', streams: [new MediaStream()] });
        const [{ track, streams }] = await Promise.all([waitFor<RTCTrackEvent>(b, 'track'), negotiate(a, b)]);
        const remote = track as unknown as MediaStreamTrack;
        if (remote.kind === 'video') collectFrames(remote);
        else cleanups.push(() => new RTCAudioSink(remote).stop());
        await waitUntil(() => !remote.muted, 'media to unmute the track', 20000);
        const events: string[] = [];
        remote.onmute = () => events.push('mute');
        remote.onunmute = () => events.push('unmute');
        streams[0].onremovetrack = () => events.push('removetrack');
        // Without a track nothing is sent: the encoder keeps no frame to send once the direction allows it.
        await local.sender.replaceTrack(null);
        await new Promise((resolve) => setTimeout(resolve, 300));
        local.direction = 'inactive';
        await a.setLocalDescription();
        await b.setRemoteDescription(a.localDescription!);
        // webrtc-pc "process the removal of a remote track" runs for the offer, not only the answer.
        expect([remote.muted, streams[0].getTracks().length, events]).to.deep.equal([true, 0, ['mute', 'removetrack']]);
        await b.setLocalDescription();
        await a.setRemoteDescription(b.localDescription!);
        await new Promise((resolve) => setTimeout(resolve, 500)); // packets still in flight arrive meanwhile
        expect(remote.muted, 'stays muted while inactive').to.equal(true);
        // Sending again, but without a track: no packets, so the track stays muted (for audio, the
        // silence that playout produces meanwhile does not count as media).
        local.direction = 'sendonly';
        const readded = waitFor<RTCTrackEvent>(b, 'track');
        await negotiate(a, b);
        expect((await readded).track).to.equal(remote);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        expect(remote.muted, 'no packets yet').to.equal(true);
        await local.sender.replaceTrack(sent);
        await waitUntil(() => !remote.muted, 'media arriving again to unmute the track', 20000);
        expect(events).to.deep.equal(['mute', 'removetrack', 'unmute']);
        // close() ends it, muted, without an event (webrtc-pc stops the transceivers with "disappear"), media
        // in flight and the engine's own end of the track notwithstanding.
        remote.onended = () => events.push('ended');
        b.close();
        expect([remote.muted, remote.readyState, events]).to.deep.equal([true, 'ended', ['mute', 'removetrack', 'unmute']]);
        await new Promise((resolve) => setTimeout(resolve, 500));
        expect([remote.muted, remote.readyState, events]).to.deep.equal([true, 'ended', ['mute', 'removetrack', 'unmute']]);
      });

      it(`${kind}: received again right after its sender stopped, the track stays muted until new media arrives`, async () => {
        // As the WPT rollback-receptive case: a packet still in flight when sending stops must not count as
        // media once the track is received again (audio concealment can replay its info at playout).
        const [a, b] = pair();
        const source = kind === 'audio' ? new RTCAudioSource() : new RTCVideoSource();
        cleanups.push(source instanceof RTCAudioSource ? feedTone(source, 440) : feedVideo(source, 160, 120, 30));
        const sent = source.createTrack();
        const local = a.addTransceiver(sent, { direction: 'sendrecv' });
        const [{ track }] = await Promise.all([waitFor<RTCTrackEvent>(b, 'track'), negotiate(a, b)]);
        const remote = track as unknown as MediaStreamTrack;
        if (remote.kind === 'video') collectFrames(remote);
        else cleanups.push(() => new RTCAudioSink(remote).stop());
        await waitUntil(() => !remote.muted, 'media to unmute the track', 20000);
        await local.sender.replaceTrack(null);
        local.direction = 'inactive';
        await negotiate(a, b);
        expect(remote.muted).to.equal(true);
        local.direction = 'sendrecv';
        await negotiate(a, b);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        expect(remote.muted, 'no new media').to.equal(true);
        await local.sender.replaceTrack(sent);
        await waitUntil(() => !remote.muted, 'media arriving again to unmute the track', 20000);
      });

      it(`${kind}: rolling back a remote offer takes its tracks out of their remote streams (removetrack)`, async () => {
        const [a, b] = pair();
        const source = kind === 'audio' ? new RTCAudioSource() : new RTCVideoSource();
        const local = new MediaStream([source.createTrack(), new RTCAudioSource().createTrack()]);
        for (const track of local.getTracks()) a.addTrack(track, local);
        let remote: MediaStream | null = null;
        b.ontrack = ({ streams }) => (remote = streams[0] as unknown as MediaStream);
        await b.setRemoteDescription(await a.createOffer());
        const tracks = remote!.getTracks();
        expect(tracks).to.have.length(2);
        const removed: string[] = [];
        const order: string[] = [];
        remote!.onremovetrack = ({ track }) => {
          removed.push(track.id);
          order.push('removetrack');
        };
        for (const track of tracks) track.onmute = () => order.push('mute');
        b.onsignalingstatechange = () => order.push(`signalingstatechange ${b.signalingState}`);
        await b.setRemoteDescription({ type: 'rollback' });
        expect(removed.sort()).to.deep.equal(tracks.map((t) => t.id).sort());
        expect(remote!.getTracks()).to.deep.equal([]);
        // webrtc-pc's order: the state change first, then the stream changes (no mute: no media flowed yet).
        expect(order).to.deep.equal(['signalingstatechange stable', 'removetrack', 'removetrack']);
      });

      it(`${kind}: a rollback that removes a transceiver stops it and ends its track; one that keeps it does not`, async () => {
        const [a, b] = pair();
        const kept = a.addTransceiver(kind);
        await a.setLocalDescription();
        await b.setRemoteDescription(a.localDescription!);
        const [created] = b.getTransceivers();
        await b.setLocalDescription({ type: 'rollback' });
        expect(b.getTransceivers()).to.deep.equal([]);
        expect([created.mid, created.direction, created.currentDirection]).to.deep.equal([null, 'stopped', 'stopped']);
        expect(created.receiver.track.readyState).to.equal('ended');
        await a.setLocalDescription({ type: 'rollback' });
        expect(a.getTransceivers()).to.deep.equal([kept]);
        expect(kept.receiver.track.readyState).to.equal('live');
      });
    }

    it('setStreams() on the sender moves the remote track to the new stream (track event again); a rollback moves it back', async () => {
      const [a, b] = pair();
      const track = new RTCAudioSource().createTrack();
      const first = new MediaStream([track]);
      const sender = a.addTrack(track, first);
      const announced: MediaStream[][] = [];
      b.ontrack = ({ streams }) => announced.push(streams as unknown as MediaStream[]);
      await negotiate(a, b);
      expect(announced.map((streams) => streams.map((stream) => stream.id))).to.deep.equal([[first.id]]);
      const remoteFirst = announced[0][0];
      const removed: string[] = [];
      remoteFirst.onremovetrack = ({ track: gone }) => removed.push(gone.id);
      const second = new MediaStream();
      sender.setStreams(second);
      await b.setRemoteDescription(await a.createOffer());
      expect(announced.map((streams) => streams.map((stream) => stream.id))).to.deep.equal([[first.id], [second.id]]);
      const remoteTrack = b.getReceivers()[0].track;
      expect(remoteFirst.getTracks()).to.deep.equal([]);
      expect(removed).to.deep.equal([remoteTrack.id]);
      expect(announced[1][0].getTracks()).to.deep.equal([remoteTrack]);
      await b.setRemoteDescription({ type: 'rollback' });
      expect(announced.map((streams) => streams.map((stream) => stream.id))).to.deep.equal([[first.id], [second.id], [first.id]]);
      expect(announced[2][0]).to.equal(remoteFirst); // the same MediaStream object as at first
      expect(remoteFirst.getTracks()).to.deep.equal([remoteTrack]);
      expect(announced[1][0].getTracks()).to.deep.equal([]);
    });

    it('addTransceiver() sendEncodings: a closed connection first, then duplicate or invalid rids are a TypeError', () => {
      const [a] = pair();
      throwsWith(() => a.addTransceiver('video', { sendEncodings: [{ rid: 'a' }, { rid: 'a' }] }), 'TypeError');
      throwsWith(() => a.addTransceiver('video', { sendEncodings: [{ rid: 'a b!' }, { rid: 'c' }] }), 'TypeError');
      throwsWith(() => a.addTransceiver('video', { sendEncodings: [{ rid: 'a' }, {}] }), 'TypeError');
      throwsWith(() => a.addTransceiver('video', { sendEncodings: [{ maxFramerate: NaN }] }), 'TypeError');
      expect(a.getTransceivers()).to.deep.equal([]);
      a.close();
      throwsWith(() => a.addTransceiver('video', { sendEncodings: [{ scaleResolutionDownBy: 0.5 }] }), 'InvalidStateError');
      throwsWith(() => a.addTransceiver('video', { sendEncodings: [{ rid: 'a' }, { rid: 'a' }] }), 'InvalidStateError');
    });

    it('stop() keeps sender.track, as a remote stop does', async () => {
      const [a, b] = pair();
      const source = new RTCAudioSource();
      const track = source.createTrack();
      a.addTrack(track);
      await negotiate(a, b);
      const remoteTrack = source.createTrack();
      b.addTrack(remoteTrack);
      await negotiate(b, a);
      const [local] = a.getTransceivers();
      const [remote] = b.getTransceivers();
      local.stop();
      expect(local.sender.track).to.equal(track);
      await a.setLocalDescription();
      await b.setRemoteDescription(a.localDescription!);
      expect([remote.stopped, remote.sender.track]).to.deep.equal([true, remoteTrack]);
      await b.setLocalDescription();
      await a.setRemoteDescription(b.localDescription!);
      expect(local.sender.track).to.equal(track);
      await rejectsWith(local.sender.replaceTrack(null), 'InvalidStateError');
    });

    it('setStreams() lasts: later offers keep its msid and no second negotiationneeded fires', async () => {
      const [a, b] = pair();
      const first = new MediaStream();
      const sender = a.addTrack(new RTCVideoSource().createTrack(), first);
      await negotiate(a, b);
      await new Promise((resolve) => setTimeout(resolve, 50));
      let needed = 0;
      a.onnegotiationneeded = () => needed++;
      const second = new MediaStream();
      sender.setStreams(second);
      await waitUntil(() => needed === 1, 'negotiationneeded');
      const msids = (sdp: string | undefined) => sdp!.match(/a=msid:(\S+)/g);
      await negotiate(a, b);
      expect(msids(a.currentLocalDescription?.sdp)).to.deep.equal([`a=msid:${second.id}`]);
      expect(msids((await a.createOffer()).sdp)).to.deep.equal([`a=msid:${second.id}`]);
      a.addTransceiver('audio', { direction: 'recvonly' });
      await negotiate(a, b);
      expect(msids(a.currentLocalDescription?.sdp)).to.deep.equal([`a=msid:${second.id}`]);
      expect(b.getReceivers()[0].track.id).to.be.a('string');
      await new Promise((resolve) => setTimeout(resolve, 200));
      // The one setStreams() asked for (the addTransceiver() one was negotiated before it could fire).
      expect(needed).to.equal(1);
    });

    it('new RTCTrackEvent() checks the interfaces of receiver, track, transceiver and streams', () => {
      const [a] = pair();
      const transceiver = a.addTransceiver('audio');
      const init = { receiver: transceiver.receiver, track: transceiver.receiver.track, transceiver, streams: [new MediaStream()] };
      const event = new RTCTrackEvent('track', init as unknown as RTCTrackEventInit);
      expect([event.receiver, event.track, event.transceiver]).to.deep.equal([init.receiver, init.track, transceiver]);
      for (const bad of [{ receiver: {} }, { track: {} }, { transceiver: {} }, { streams: [{}] }, { receiver: undefined }]) {
        throwsWith(() => new RTCTrackEvent('track', { ...init, ...bad } as unknown as RTCTrackEventInit), 'TypeError');
      }
    });

    it('keeps identity and mirrors mid, direction and currentDirection', async () => {
      const [a, b] = pair();
      const video = new RTCVideoSource();
      const sender = a.addTrack(video.createTrack());
      const transceiver = a.getTransceivers()[0];
      expect(transceiver).to.be.instanceOf(RTCRtpTransceiver);
      expect(a.getSenders()[0]).to.equal(a.getSenders()[0]);
      expect(transceiver.sender).to.equal(sender);
      expect(transceiver.receiver).to.be.instanceOf(RTCRtpReceiver);
      expect(transceiver.mid).to.equal(null);
      expect(transceiver.currentDirection).to.equal(null);
      const recvOnly = a.addTransceiver('audio', { direction: 'recvonly' });
      let event: RTCTrackEvent | null = null;
      const order: string[] = [];
      b.onsignalingstatechange = () => order.push(`signaling:${b.signalingState}`);
      b.ontrack = (e) => {
        order.push('track');
        event ??= e as unknown as RTCTrackEvent;
      };
      await a.setLocalDescription();
      await b.setRemoteDescription(a.localDescription!);
      expect(order.slice(0, 2)).to.deep.equal(['signaling:have-remote-offer', 'track']);
      expect(event!).to.be.instanceOf(RTCTrackEvent);
      expect(event!.track.kind).to.equal('video');
      expect(event!.track.muted).to.equal(true); // until its first packet
      expect(event!.receiver.track).to.equal(event!.track);
      expect(event!.transceiver.receiver).to.equal(event!.receiver);
      expect(b.getTransceivers()).to.include(event!.transceiver);
      await b.setLocalDescription();
      await a.setRemoteDescription(b.localDescription!);
      expect(transceiver.mid).to.equal('0');
      expect(transceiver.currentDirection).to.equal('sendonly'); // b has nothing to send back
      expect(recvOnly.currentDirection).to.equal('inactive');
      expect(b.getTransceivers()[0].currentDirection).to.equal('recvonly');
      expect(sender.transport).to.be.instanceOf(RTCDtlsTransport);
      cleanups.push(feedVideo(video, 320, 240, 30));
      await waitFor(event!.track, 'unmute', 20000);
      expect(event!.track.muted).to.equal(false);
    });

    it('renegotiates when tracks are added and removed mid-call; stop() ends the remote track', async () => {
      const [a, b] = pair();
      const audio = new RTCAudioSource();
      a.addTrack(audio.createTrack());
      cleanups.push(feedTone(audio, 500));
      a.onnegotiationneeded = async () => {
        await a.setLocalDescription();
        await b.setRemoteDescription(a.localDescription!);
        await b.setLocalDescription();
        await a.setRemoteDescription(b.localDescription!);
      };
      const first = await waitFor<RTCTrackEvent>(b, 'track');
      expect(first.track.kind).to.equal('audio');
      const video = new RTCVideoSource();
      const stream = new MediaStream();
      const sender = a.addTrack(video.createTrack(), stream);
      const second = await waitFor<RTCTrackEvent>(b, 'track');
      expect(second.track.kind).to.equal('video');
      expect(second.streams.map((s) => s.id)).to.deep.equal([stream.id]);
      expect(second.streams[0].getTracks()).to.deep.equal([second.track]);
      const removed = waitFor(second.streams[0], 'removetrack', 20000);
      a.removeTrack(sender);
      expect(sender.track).to.equal(null);
      await removed;
      expect(second.track.muted).to.equal(true);
      const ended = waitFor(first.track, 'ended', 20000);
      a.getTransceivers()[0].stop();
      await ended;
      expect(first.track.readyState).to.equal('ended');
      await waitUntil(() => a.signalingState === 'stable' && a.getTransceivers()[0]?.currentDirection !== 'sendonly', 'stop() negotiated');
    });

    it('removeTrack() leaves a sender whose transceiver a rollback or a negotiated stop() removed; a foreign sender is InvalidAccessError', async () => {
      const [a, b] = pair();
      a.addTransceiver('audio');
      await a.setLocalDescription();
      await b.setRemoteDescription(a.localDescription!);
      const rolledBack = b.getTransceivers()[0];
      await b.setRemoteDescription({ type: 'rollback' });
      expect(b.getTransceivers()).to.not.include(rolledBack);
      b.removeTrack(rolledBack.sender); // webrtc-pc removeTrack(): not in CollectSenders, so nothing happens
      const [c, d] = pair();
      const stopped = c.addTransceiver(new RTCAudioSource().createTrack());
      await negotiate(c, d);
      stopped.stop();
      await negotiate(c, d);
      expect(c.getTransceivers()).to.not.include(stopped);
      c.removeTrack(stopped.sender);
      throwsWith(() => c.removeTrack(a.getSenders()[0]), 'InvalidAccessError');
    });

    it('jitterBufferTarget holds media in the jitter buffer for that long; bad values throw', async () => {
      const [a, b] = pair();
      await audioVideoCall(a, b, new MediaStream()); // one stream: audio and video are synchronized
      const receivers = b.getReceivers();
      for (const receiver of receivers) {
        expect(receiver.jitterBufferTarget).to.equal(null);
        throwsWith(() => (receiver.jitterBufferTarget = 4001), 'RangeError');
        throwsWith(() => (receiver.jitterBufferTarget = -1), 'RangeError');
        throwsWith(() => (receiver.jitterBufferTarget = NaN), 'TypeError');
        throwsWith(() => (receiver.jitterBufferTarget = Infinity), 'TypeError');
        expect(receiver.jitterBufferTarget).to.equal(null);
      }
      // Mean delay per emitted frame or sample over a window, from the inbound-rtp counters.
      const meanDelayMs = async (windowMs: number) => {
        const read = async () => {
          const stats = [...(await b.getStats()).values()].filter((s) => s.type === 'inbound-rtp');
          return Object.fromEntries(stats.map((s) => [s.kind, { delay: s.jitterBufferDelay as number, count: s.jitterBufferEmittedCount as number }]));
        };
        const before = await read();
        await new Promise((resolve) => setTimeout(resolve, windowMs));
        const after = await read();
        const mean = (kind: string) => ((after[kind].delay - before[kind].delay) / (after[kind].count - before[kind].count)) * 1000;
        return { audio: mean('audio'), video: mean('video') };
      };
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const baseline = await meanDelayMs(1000);
      expect(baseline.video, 'video before').to.be.below(150);
      expect(baseline.audio, 'audio before').to.be.below(150);
      // libwebrtc moves the delay towards a new target gradually (about 100 ms per second for video).
      // NetEq's reported buffer delay settles below the target (~320 ms for 400), the frame buffer's at it.
      for (const receiver of receivers) receiver.jitterBufferTarget = 400;
      expect(receivers.map((r) => r.jitterBufferTarget)).to.deep.equal([400, 400]);
      let held = baseline;
      await waitUntilAsync(async () => {
        held = await meanDelayMs(1000);
        return held.video > 320 && held.audio > 250;
      }, 'the jitter buffer delay to approach 400 ms', 20000).catch((error) => { throw new Error(`${error.message}: last ${JSON.stringify(held)}`); });
      held = await meanDelayMs(1000);
      expect(held.video, 'video with a 400 ms target').to.be.within(320, 600);
      expect(held.audio, 'audio with a 400 ms target').to.be.within(250, 600); // NetEq reports ~320 here
      for (const receiver of receivers) receiver.jitterBufferTarget = null;
      let released = held;
      await waitUntilAsync(async () => {
        released = await meanDelayMs(1000);
        return released.video < 200 && released.audio < 200;
      }, 'the jitter buffer delay to return without a target', 20000).catch((error) => { throw new Error(`${error.message}: last ${JSON.stringify(released)}`); });
      expect(receivers.map((r) => r.jitterBufferTarget)).to.deep.equal([null, null]);
    });
    it('receivers report synchronization sources with audio levels', async () => {
      const [a, b] = pair();
      const source = new RTCAudioSource();
      a.addTrack(source.createTrack());
      const remote = waitFor<RTCTrackEvent>(b, 'track');
      cleanups.push(feedTone(source, 440));
      await negotiate(a, b);
      const { receiver } = await remote;
      const sink = new RTCAudioSink(receiver.track as unknown as MediaStreamTrack);
      cleanups.push(() => sink.stop());
      await waitUntil(() => receiver.getSynchronizationSources().length > 0, 'a synchronization source', 20000);
      const [ssrc] = receiver.getSynchronizationSources();
      expect(ssrc.source).to.be.a('number');
      expect(ssrc.timestamp).to.be.closeTo(performance.timeOrigin + performance.now(), 2000);
      // A source's time is never later than the call that reports it (WPT getSynchronizationSources), even
      // with packets arriving during the call.
      // A packet's time is the same at every read, and never goes backwards (it was now minus an age).
      const seen = new Map<number, number>();
      let previous = 0;
      for (let i = 0; i < 200; i++) {
        const [latest] = receiver.getSynchronizationSources();
        expect(latest.timestamp).to.be.at.most(performance.timeOrigin + performance.now());
        expect(latest.timestamp).to.be.at.least(previous);
        previous = latest.timestamp;
        if (seen.has(latest.rtpTimestamp)) expect(latest.timestamp).to.equal(seen.get(latest.rtpTimestamp));
        seen.set(latest.rtpTimestamp, latest.timestamp);
        if (i % 20 === 0) await new Promise((resolve) => setTimeout(resolve, 7));
      }
      // Within one task the list does not change (webrtc-pc updates it in queued tasks), packets arriving or not.
      const first = receiver.getSynchronizationSources();
      const until = performance.now() + 50;
      while (performance.now() < until);
      expect(receiver.getSynchronizationSources()).to.deep.equal(first);
      await waitUntil(() => receiver.getSynchronizationSources()[0].rtpTimestamp !== first[0].rtpTimestamp, 'a later task to see a newer packet', 5000);
      expect(ssrc.rtpTimestamp).to.be.a('number');
      expect(receiver.getContributingSources()).to.deep.equal([]);
    });
    it('with abs-capture-time negotiated, sources carry captureTimestamp and senderCaptureTimeOffset', async () => {
      const uri = 'http://www.webrtc.org/experiments/rtp-hdrext/abs-capture-time';
      // Two calls: the extension left stopped (the default, as in Chrome), then turned on at the sender.
      for (const enabled of [false, true]) {
        const [a, b] = pair();
        const audio = new RTCAudioSource();
        const video = new RTCVideoSource();
        const transceivers = [a.addTransceiver(audio.createTrack(), { direction: 'sendonly' }), a.addTransceiver(video.createTrack(), { direction: 'sendonly' })];
        for (const transceiver of transceivers) {
          const listed = transceiver.getHeaderExtensionsToNegotiate().filter((e) => e.uri === uri);
          expect(listed, transceiver.sender.track!.kind).to.deep.equal([{ uri, direction: 'stopped' }]);
          if (enabled) transceiver.setHeaderExtensionsToNegotiate(transceiver.getHeaderExtensionsToNegotiate().map((e) => (e.uri === uri ? { uri, direction: 'sendrecv' } : e)));
        }
        cleanups.push(feedTone(audio, 440), feedVideo(video, 320, 240));
        const offer = await a.createOffer();
        // One id for both sections, in the one-byte header range.
        const ids = [...offer.sdp!.matchAll(/a=extmap:(\d+) (\S+)/g)].filter((m) => m[2] === uri).map((m) => Number(m[1]));
        expect(ids.length).to.equal(enabled ? 2 : 0);
        if (enabled) expect(ids[0]).to.be.within(1, 14).and.equal(ids[1]);
        await a.setLocalDescription(offer);
        await b.setRemoteDescription(offer);
        await b.setLocalDescription(await b.createAnswer());
        await a.setRemoteDescription(b.localDescription!);
        for (const transceiver of transceivers) expect(transceiver.getNegotiatedHeaderExtensions().find((e) => e.uri === uri)?.direction).to.equal(enabled ? 'sendrecv' : 'stopped');
        for (const receiver of b.getReceivers()) {
          const sink = receiver.track.kind === 'audio' ? new RTCAudioSink(receiver.track as unknown as MediaStreamTrack) : new RTCVideoSink(receiver.track as unknown as MediaStreamTrack);
          cleanups.push(() => sink.stop());
        }
        for (const receiver of b.getReceivers()) {
          const kind = receiver.track.kind;
          await waitUntil(() => receiver.getSynchronizationSources().length > 0, `a ${kind} synchronization source`, 20000);
          // Packets before the first one stamped may be reported first: wait for a stamped one when negotiated.
          if (enabled) await waitUntil(() => receiver.getSynchronizationSources()[0].captureTimestamp !== undefined, `a ${kind} capture timestamp`, 5000);
          else await new Promise((resolve) => setTimeout(resolve, 500));
          const [ssrc] = receiver.getSynchronizationSources();
          if (!enabled) {
            expect(ssrc, kind).to.not.have.any.keys('captureTimestamp', 'senderCaptureTimeOffset');
            continue;
          }
          // Capture time in NTP ms (since 1900, as Chrome gives it), shortly before the packet's arrival; the
          // sender is the capturer, so its clock's offset from the capture system's is 0.
          const ntpNow = Date.now() + 2_208_988_800_000;
          expect(ssrc.captureTimestamp, kind).to.be.within(ntpNow - 1000, ntpNow + 50);
          expect(ssrc.senderCaptureTimeOffset, kind).to.equal(0);
        }
        a.close();
        b.close();
      }
    });
  });

  describe('getStats()', () => {
    it("a peer's report without a round-trip measurement has no roundTripTime (the engine's 0 is not one)", async () => {
      const { statsReportFromJson } = createRequire(import.meta.url)(path.resolve('dist/cjs/RTCStatsReport.js')) as typeof import('../dist/cjs/RTCStatsReport.js');
      const remote = (measurements: number, rtt: number) => ({ id: `RI${measurements}`, type: 'remote-inbound-rtp', timestamp: 1e6, roundTripTime: rtt, roundTripTimeMeasurements: measurements, totalRoundTripTime: rtt });
      const report = statsReportFromJson(JSON.stringify([remote(0, 0), remote(2, 0.004)]));
      expect(report.get('RI0')).to.not.have.property('roundTripTime');
      expect(report.get('RI0').roundTripTimeMeasurements).to.equal(0);
      expect(report.get('RI2').roundTripTime).to.equal(0.004);
    });

    it('counters grow during a call, with every type the engine reports', async () => {
      const [a, b] = pair();
      a.createDataChannel('stats');
      await audioVideoCall(a, b);
      await new Promise((resolve) => setTimeout(resolve, 2000));
      const read = async () => {
        const sent = [...(await a.getStats()).values()];
        const received = [...(await b.getStats()).values()];
        const out = sent.find((s) => s.type === 'outbound-rtp' && s.kind === 'video');
        const inVideo = received.find((s) => s.type === 'inbound-rtp' && s.kind === 'video');
        const inAudio = received.find((s) => s.type === 'inbound-rtp' && s.kind === 'audio');
        return { sent, received, framesEncoded: out.framesEncoded, bytesSent: out.bytesSent, framesDecoded: inVideo.framesDecoded, packetsReceived: inAudio.packetsReceived };
      };
      const first = await read();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const second = await read();
      for (const key of ['framesEncoded', 'bytesSent', 'framesDecoded', 'packetsReceived'] as const) {
        expect(second[key], key).to.be.greaterThan(first[key]);
      }
      const types = new Set([...second.sent, ...second.received].map((s) => s.type));
      for (const type of ['codec', 'inbound-rtp', 'outbound-rtp', 'remote-inbound-rtp', 'media-source', 'peer-connection', 'data-channel', 'transport', 'candidate-pair', 'local-candidate', 'remote-candidate', 'certificate']) {
        expect(types, type).to.include(type);
      }
      expect(types).not.to.include('track'); // obsolete in webrtc-stats
      const transport = second.sent.find((s) => s.type === 'transport');
      expect(transport.dtlsState).to.equal('connected');
      expect(transport.tlsVersion).to.equal('FEFD'); // DTLS 1.2
      expect(transport.dtlsCipher).to.match(/^TLS_ECDHE_ECDSA_WITH_[A-Z0-9_]+$/); // IANA name; our certificates are ECDSA
      expect(transport.srtpCipher).to.equal('SRTP_AES128_CM_HMAC_SHA1_80'); // the IANA DTLS-SRTP profile name, as Chrome reports it
      for (const stats of [...second.sent, ...second.received]) {
        // DOMHighResTimeStamp: milliseconds since the epoch, on performance.timeOrigin's clock.
        expect(stats.timestamp, `${stats.type} timestamp`).to.be.closeTo(performance.timeOrigin + performance.now(), 5000);
      }
      // The pair carrying the call says when it last sent and received media (engine patch 0015); a pair that
      // carried none has neither member, as no packet is no time.
      for (const [before, after] of [[first.sent, second.sent], [first.received, second.received]]) {
        const pairs = after.filter((s) => s.type === 'candidate-pair');
        const used = pairs.find((s) => s.nominated && s.packetsSent > 0);
        expect(used.lastPacketSentTimestamp).to.be.within(used.timestamp - 1000, used.timestamp);
        expect(used.lastPacketReceivedTimestamp).to.be.within(used.timestamp - 1000, used.timestamp);
        expect(used.lastPacketSentTimestamp).to.be.above(before.find((s) => s.id === used.id).lastPacketSentTimestamp);
        for (const idle of pairs.filter((s) => s.packetsSent === 0)) expect(idle).not.to.have.property('lastPacketSentTimestamp');
        for (const idle of pairs.filter((s) => s.packetsReceived === 0)) expect(idle).not.to.have.property('lastPacketReceivedTimestamp');
      }
      const selected = [...(await a.getStats(a.getSenders()[0].track)).values()];
      expect(selected.filter((s) => s.type === 'outbound-rtp').map((s) => s.kind)).to.deep.equal(['video']);
      await rejectsWith(a.getStats(new RTCVideoSource().createTrack()), 'InvalidAccessError');
    });
    it('inbound-rtp and outbound-rtp counters keep growing when a renegotiation makes the engine recreate the video streams (engine patches 0022, 0023)', async () => {
      // The receiver's offer lists receive-only codecs its earlier answer left out, which makes the engine
      // recreate the video receive stream: its counters carry over, as in Chrome.
      const [a, b] = pair();
      await audioVideoCall(a, b);
      const inboundVideo = async () => [...(await b.getStats()).values()].find((s) => s.type === 'inbound-rtp' && s.kind === 'video');
      const outboundVideo = async () => [...(await a.getStats()).values()].find((s) => s.type === 'outbound-rtp' && s.kind === 'video');
      await waitUntilAsync(async () => (await inboundVideo())?.framesDecoded > 20, 'frames decoded');
      const before = await inboundVideo();
      const sentBefore = await outboundVideo();
      const decodersBefore = b.getTransceivers().find((t) => t.receiver.track.kind === 'video')!.receiver.getParameters().codecs.length;
      await negotiate(b, a);
      expect(b.getTransceivers().find((t) => t.receiver.track.kind === 'video')!.receiver.getParameters().codecs.length).to.be.above(decodersBefore);
      const after = await inboundVideo();
      expect(after.id).to.equal(before.id);
      const counters = ['packetsReceived', 'bytesReceived', 'headerBytesReceived', 'framesReceived', 'framesDecoded', 'keyFramesDecoded', 'totalDecodeTime', 'jitterBufferEmittedCount', 'totalInterFrameDelay'];
      for (const key of counters) expect(after[key], key).to.be.at.least(before[key]);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const later = await inboundVideo();
      for (const key of ['packetsReceived', 'bytesReceived', 'framesDecoded']) expect(later[key], key).to.be.above(before[key] + 20);
      expect(later.lastPacketReceivedTimestamp).to.be.above(before.lastPacketReceivedTimestamp);
      const sentLater = await outboundVideo();
      for (const key of ['packetsSent', 'bytesSent', 'framesEncoded']) expect(sentLater[key], key).to.be.above(sentBefore[key] + 20);

      // A codec switch by the sender recreates its video send stream: outbound-rtp keeps counting too
      // (engine patch 0023). Read at once when VP9 shows, a new stream alone would have encoded a few frames.
      const transceiver = a.getTransceivers().find((t) => t.sender.track?.kind === 'video')!;
      const codecs = RTCRtpSender.getCapabilities('video')!.codecs;
      transceiver.setCodecPreferences([...codecs.filter((c) => c.mimeType === 'video/VP9'), ...codecs.filter((c) => c.mimeType !== 'video/VP9')]);
      await negotiate(a, b);
      let sentVp9: Record<string, number> | undefined;
      await waitUntilAsync(async () => {
        const report = await a.getStats();
        const outbound = [...report.values()].find((s) => s.type === 'outbound-rtp' && s.kind === 'video');
        if (report.get(outbound?.codecId)?.mimeType === 'video/VP9' && outbound.framesEncoded !== sentLater.framesEncoded) sentVp9 = outbound;
        return sentVp9 !== undefined;
      }, 'VP9 sent');
      expect(sentVp9!.id).to.equal(sentLater.id);
      for (const key of ['packetsSent', 'bytesSent', 'framesEncoded', 'framesSent', 'totalEncodeTime', 'keyFramesEncoded']) expect(sentVp9![key], key).to.be.at.least(sentLater[key]);
      expect(sentVp9!.framesEncoded).to.be.above(sentLater.framesEncoded);
    });

    it('sender.getStats() without a track resolves with a report (libwebrtc sends none)', async () => {
      const [a, b] = pair();
      const video = new RTCVideoSource();
      const sender = a.addTrack(video.createTrack());
      await negotiate(a, b);
      await waitConnected(a, b);
      await sender.replaceTrack(null);
      const report = await sender.getStats();
      expect(report).to.be.instanceOf(RTCStatsReport);
      expect([...report.values()].filter((s) => s.type === 'media-source')).to.deep.equal([]);
    });

    it('pc.getStats(track) of a sent track that has ended still selects its outbound-rtp', async () => {
      const [a, b] = pair();
      const video = new RTCVideoSource();
      const track = video.createTrack();
      a.addTrack(track);
      cleanups.push(feedVideo(video, 160, 120));
      await negotiate(a, b);
      await waitConnected(a, b);
      const outbound = async () => [...(await a.getStats(track)).values()].filter((s) => s.type === 'outbound-rtp');
      await waitUntilAsync(async () => (await outbound()).some((s) => s.bytesSent > 0), 'video is sent');
      track.stop();
      const after = await outbound();
      expect(after).to.have.length(1);
      expect(after[0].bytesSent).to.be.above(0);
    });
  });

  describe('MediaStream and MediaStreamTrack', () => {
    it("a remote video track's settings are those of the latest frame received; constraints are checked against them", async () => {
      const [a, b] = pair();
      const video = new RTCVideoSource();
      a.addTrack(video.createTrack());
      cleanups.push(feedVideo(video, 320, 240));
      const remote = waitFor<RTCTrackEvent>(b, 'track');
      await negotiate(a, b);
      const { track } = await remote;
      await waitUntil(() => (track.getSettings().frameRate ?? 0) > 0, 'a frame rate is measured', 20000);
      const settings = track.getSettings();
      expect(settings).to.include({ width: 320, height: 240, aspectRatio: 320 / 240 });
      expect(settings.frameRate).to.be.within(10, 45); // 30 fps offered
      await track.applyConstraints({ width: { exact: 320 } });
      expect(track.getCapabilities()).to.deep.equal({});
    });

    it('WebIDL checks: new MediaStream(undefined), getTrackById() and a MediaStreamTrackEvent without a track are TypeErrors; OverconstrainedError is its own name', () => {
      throwsWith(() => new MediaStream(undefined as unknown as MediaStreamTrack[]), 'TypeError', TypeError);
      expect(new MediaStream().getTracks()).to.deep.equal([]);
      throwsWith(() => (new MediaStream().getTrackById as () => unknown)(), 'TypeError', TypeError);
      throwsWith(() => new MediaStreamTrackEvent('addtrack', { track: {} as MediaStreamTrack }), 'TypeError', TypeError);
      expect(OverconstrainedError.name).to.equal('OverconstrainedError');
      // (DOMString constraint, optional DOMString message = ""), converted as WebIDL says.
      expect(OverconstrainedError.length).to.equal(1);
      throwsWith(() => new (OverconstrainedError as unknown as new () => unknown)(), 'TypeError', TypeError);
      throwsWith(() => new OverconstrainedError(Symbol('width') as unknown as string), 'TypeError', TypeError);
      expect(new OverconstrainedError(5 as unknown as string).constraint).to.equal('5');
      const overconstrained = new OverconstrainedError('width', 'too wide');
      expect([overconstrained.name, overconstrained.message, overconstrained.constraint]).to.deep.equal(['OverconstrainedError', 'too wide', 'width']);
      expect(overconstrained).to.be.instanceOf(DOMException);
      // The nonstandard namespace holds @roamhq/wrtc's names (and the event classes), nothing internal.
      expect(Object.keys(nonstandard).sort()).to.deep.equal(['RTCAudioDataEvent', 'RTCAudioSink', 'RTCAudioSource', 'RTCVideoFrameEvent', 'RTCVideoSink', 'RTCVideoSource', 'i420ToRgba', 'rgbaToI420']);
    });

    it('MediaStream: constructors, ids, track sets, clone', () => {
      const video = new RTCVideoSource().createTrack();
      const audio = new RTCAudioSource().createTrack();
      const stream = new MediaStream([video, audio]);
      expect(stream.id).to.match(/^[0-9a-f-]{36}$/);
      expect(stream.active).to.equal(true);
      expect(stream.getVideoTracks()).to.deep.equal([video]);
      expect(stream.getAudioTracks()).to.deep.equal([audio]);
      expect(stream.getTrackById(video.id)).to.equal(video);
      const copy = new MediaStream(stream);
      expect(copy.id).not.to.equal(stream.id);
      expect(copy.getTracks()).to.deep.equal(stream.getTracks());
      let events = 0;
      stream.onaddtrack = () => events++;
      stream.removeTrack(audio);
      stream.addTrack(audio);
      expect(events).to.equal(0); // only the user agent's changes fire events
      const clone = stream.clone();
      expect(clone.getTracks().map((t) => t.id)).not.to.include(video.id);
      expect(clone.getTracks()).to.have.length(2);
      video.stop();
      audio.stop();
      expect(stream.active).to.equal(false);
      throwsWith(() => new MediaStream([{} as MediaStreamTrack]), 'TypeError', TypeError);
    });

    it('MediaStreamTrack: attributes, settings, constraints, clone and stop', async () => {
      const source = new RTCVideoSource();
      const track = source.createTrack();
      expect(track).to.be.instanceOf(MediaStreamTrack);
      expect([track.kind, track.readyState, track.enabled, track.muted]).to.deep.equal(['video', 'live', true, false]);
      expect(track.id).to.be.a('string').with.length.greaterThan(10);
      expect(track.label).to.equal('RTCVideoSource');
      for (let i = 0; i < 3; i++) source.onFrame(patternFrame(320, 240, i));
      expect(track.getSettings()).to.include({ width: 320, height: 240 });
      expect(track.getCapabilities()).to.deep.equal({});
      await track.applyConstraints({ frameRate: 10 }); // ideal only: kept, not enforced
      expect(track.getConstraints()).to.deep.equal({ frameRate: 10 });
      try {
        await track.applyConstraints({ width: { exact: 1920 } });
        throw new Error('expected OverconstrainedError');
      } catch (error) {
        expect(error).to.be.instanceOf(OverconstrainedError);
        expect((error as OverconstrainedError).constraint).to.equal('width');
      }
      const clone = track.clone();
      expect(clone.id).not.to.equal(track.id);
      expect(clone.kind).to.equal('video');
      let ended = 0;
      track.onended = () => ended++;
      track.stop();
      expect(track.readyState).to.equal('ended');
      expect(clone.readyState).to.equal('live');
      expect(ended).to.equal(0); // stop() does not fire ended
      clone.stop();
    });

    it('a stopped track stops being sent and its sinks stop', async () => {
      const [a, b] = pair();
      const source = new RTCVideoSource();
      const track = source.createTrack();
      const sender = a.addTrack(track);
      const remote = waitFor<RTCTrackEvent>(b, 'track');
      cleanups.push(feedVideo(source, 320, 240, 30));
      await negotiate(a, b);
      const frames = collectFrames((await remote).track);
      const local = new RTCVideoSink(track);
      cleanups.push(() => local.stop());
      await waitUntil(() => frames.length > 5, 'frames');
      track.stop();
      expect(local.stopped).to.equal(true);
      expect(sender.track).to.equal(track);
      const count = frames.length;
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(frames.length - count).to.be.below(5);
    });
  });

  describe('raw media API', () => {
    it('rejects bad frames and samples with TypeError naming the expected size', () => {
      const video = new RTCVideoSource();
      const error = throwsWith(() => video.onFrame({ width: 4, height: 4, data: new Uint8ClampedArray(10) }), 'TypeError', TypeError);
      expect(error.message).to.contain('24 bytes');
      throwsWith(() => video.onFrame({ width: 0, height: 4, data: new Uint8ClampedArray(0) }), 'TypeError', TypeError);
      throwsWith(() => video.onFrame({ width: 4, height: 4, data: 'nope' as unknown as Uint8ClampedArray }), 'TypeError', TypeError);
      // rotation: 0, 90, 180 or 270 (absent or null is 0); anything else is named, not taken as 0.
      for (const rotation of [45, '90', {}]) {
        const rotated = { width: 4, height: 4, data: new Uint8ClampedArray(24), rotation } as unknown as Parameters<typeof video.onFrame>[0];
        expect(throwsWith(() => video.onFrame(rotated), 'TypeError', TypeError).message).to.contain('rotation');
      }
      video.onFrame({ width: 4, height: 4, data: new Uint8ClampedArray(24), rotation: null } as unknown as Parameters<typeof video.onFrame>[0]);
      const audio = new RTCAudioSource();
      const audioError = throwsWith(() => audio.onData({ samples: new Int16Array(100), sampleRate: 48000 }), 'TypeError', TypeError);
      expect(audioError.message).to.contain('480 samples');
      throwsWith(() => audio.onData({ samples: new Float32Array(480) as unknown as Int16Array }), 'TypeError', TypeError);
      audio.onData({ samples: new Int16Array(960), sampleRate: 48000, channelCount: 2 });
      audio.onData({ samples: new Int16Array(new SharedArrayBuffer(960)), sampleRate: 48000 }); // shared memory is fine
      throwsWith(() => new RTCVideoSink(new RTCAudioSource().createTrack()), 'TypeError', TypeError);
    });

    it('i420ToRgba and rgbaToI420 convert with libyuv', () => {
      const width = 64;
      const height = 48;
      const rgba = new Uint8ClampedArray(width * height * 4);
      for (let i = 0; i < width * height; i++) rgba.set([200, 30, 60, 255], i * 4);
      const i420 = new Uint8ClampedArray(width * height * 1.5);
      rgbaToI420({ width, height, data: rgba }, { width, height, data: i420 });
      const back = new Uint8ClampedArray(width * height * 4);
      i420ToRgba({ width, height, data: i420 }, { width, height, data: back });
      expect(back[0]).to.be.closeTo(200, 6);
      expect(back[1]).to.be.closeTo(30, 6);
      expect(back[2]).to.be.closeTo(60, 6);
      expect(back[3]).to.equal(255);
      throwsWith(() => i420ToRgba({ width, height, data: i420 }, { width, height, data: new Uint8ClampedArray(10) }), 'TypeError', TypeError);
      // Frames in shared memory (from worker threads) convert the same.
      const sharedI420 = new Uint8ClampedArray(new SharedArrayBuffer(i420.byteLength));
      sharedI420.set(i420);
      const sharedRgba = new Uint8ClampedArray(new SharedArrayBuffer(back.byteLength));
      i420ToRgba({ width, height, data: sharedI420 }, { width, height, data: sharedRgba });
      expect(Buffer.compare(Buffer.from(sharedRgba.buffer), Buffer.from(back.buffer))).to.equal(0);
    });

    it('i420ToRgba matches the BT.601 formula on random pixels, whichever SIMD row the CPU gets', () => {
      // Widths that are multiples of 32 take the widest row libyuv has for this CPU (AVX-512 where available:
      // engine patch 0006); other widths take its any-width wrapper; 2x2 the plain C row.
      let seed = 7;
      const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 24;
      for (const [width, height] of [[1280, 720], [640, 480], [1282, 723], [100, 50], [2, 2]]) {
        const chromaWidth = Math.ceil(width / 2);
        const chromaHeight = Math.ceil(height / 2);
        const i420 = new Uint8ClampedArray(width * height + 2 * chromaWidth * chromaHeight).map(random);
        const rgba = new Uint8ClampedArray(width * height * 4);
        i420ToRgba({ width, height, data: i420 }, { width, height, data: rgba });
        let worst = 0;
        for (let y = 0; y < height; y++) {
          for (let x = 0; x < width; x++) {
            const chroma = (y >> 1) * chromaWidth + (x >> 1);
            const luma = 1.164 * (i420[y * width + x] - 16);
            const u = i420[width * height + chroma] - 128;
            const v = i420[width * height + chromaWidth * chromaHeight + chroma] - 128;
            const expected = [luma + 1.596 * v, luma - 0.391 * u - 0.813 * v, luma + 2.018 * u].map((c) => Math.min(255, Math.max(0, c)));
            const at = (y * width + x) * 4;
            for (let c = 0; c < 3; c++) worst = Math.max(worst, Math.abs(rgba[at + c] - expected[c]));
            if (rgba[at + 3] !== 255) expect.fail(`${width}x${height}: alpha ${rgba[at + 3]} at ${x},${y}`);
          }
        }
        expect(worst, `${width}x${height}: largest difference from the formula`).to.be.at.most(4);
      }
      // The row is in the engine (GCC builds of libyuv 1845 lacked it); libyuv uses it where the CPU has AVX512BW+VL.
      const symbols = execFileSync('nm', [path.resolve('build/Release/node_libwebrtc.node')], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
      expect(symbols).to.match(/ I422ToARGBRow_AVX512BW$/m);
    });

    it('large frames, converted in row bands with a helper thread, come out as converted strip by strip', () => {
      // 640x480 and up are split between the calling thread and a helper; strips of 16 rows take the one-thread
      // path. Odd sizes give a partial last band and a chroma row shared by one luma row.
      for (const [width, height] of [[1280, 720], [1282, 723], [640, 480]]) {
        const chromaWidth = Math.ceil(width / 2);
        const chromaHeight = Math.ceil(height / 2);
        const i420 = new Uint8ClampedArray(width * height + 2 * chromaWidth * chromaHeight);
        for (let i = 0; i < i420.length; i++) i420[i] = (i * 2654435761) >>> 24;
        const rgba = new Uint8ClampedArray(width * height * 4);
        i420ToRgba({ width, height, data: i420 }, { width, height, data: rgba });
        const i420Back = new Uint8ClampedArray(i420.length);
        rgbaToI420({ width, height, data: rgba }, { width, height, data: i420Back });
        for (let row = 0; row < height; row += 16) {
          const rows = Math.min(16, height - row);
          const chromaRows = Math.ceil(rows / 2);
          const planes = (frame: Uint8ClampedArray) => {
            const u = width * height;
            const v = u + chromaWidth * chromaHeight;
            const c = chromaWidth * (row / 2);
            return [frame.subarray(width * row, width * (row + rows)), frame.subarray(u + c, u + c + chromaWidth * chromaRows), frame.subarray(v + c, v + c + chromaWidth * chromaRows)];
          };
          const strip = new Uint8ClampedArray(width * rows + 2 * chromaWidth * chromaRows);
          let offset = 0;
          for (const plane of planes(i420)) {
            strip.set(plane, offset);
            offset += plane.length;
          }
          const stripRgba = new Uint8ClampedArray(width * rows * 4);
          i420ToRgba({ width, height: rows, data: strip }, { width, height: rows, data: stripRgba });
          expect(Buffer.compare(Buffer.from(stripRgba), Buffer.from(rgba.subarray(width * 4 * row, width * 4 * (row + rows)))), `i420ToRgba ${width}x${height} rows ${row}+${rows}`).to.equal(0);
          const stripBack = new Uint8ClampedArray(strip.length);
          rgbaToI420({ width, height: rows, data: stripRgba }, { width, height: rows, data: stripBack });
          offset = 0;
          for (const [index, plane] of planes(i420Back).entries()) {
            expect(Buffer.compare(Buffer.from(stripBack.subarray(offset, offset + plane.length)), Buffer.from(plane)), `rgbaToI420 ${width}x${height} rows ${row}+${rows} plane ${index}`).to.equal(0);
            offset += plane.length;
          }
        }
      }
    });

    it('conversions run at once on the main thread and in workers, correctly, and a terminated worker is harmless', async () => {
      const result = await runFixture('convert-workers.mjs', [], { timeoutMs: 60000 });
      expect(result.stderr).to.equal('');
      expect(result.code).to.equal(0);
      expect(result.stdout).to.contain('terminated ok');
      for (const id of [0, 1, 2, 3]) expect(result.stdout).to.contain(`done ${id} mismatches 0`);
    });

    it('a sink delivers each frame as its own task, and counts the frames a slow consumer lost, also after stop()', async () => {
      const source = new RTCVideoSource();
      const track = source.createTrack();
      const sink = new RTCVideoSink(track);
      cleanups.push(() => track.stop());
      const log: string[] = [];
      let frames = 0;
      sink.onframe = () => {
        const n = frames++;
        log.push(`frame ${n}`);
        queueMicrotask(() => log.push(`microtask ${n}`));
      };
      // Frames pushed in one go reach JS in one batch (the sink's queue holds 3): promises a handler settles
      // run before the next frame, as between two tasks.
      for (let i = 0; i < 3; i++) source.onFrame(patternFrame(64, 48, i));
      await waitUntil(() => frames === 3, 'three frames');
      expect(log).to.deep.equal(['frame 0', 'microtask 0', 'frame 1', 'microtask 1', 'frame 2', 'microtask 2']);
      expect(sink.droppedFrames).to.equal(0);
      // Ten while JS is busy: the newest 3 are delivered, the 7 older ones counted.
      for (let i = 0; i < 10; i++) source.onFrame(patternFrame(64, 48, i));
      await waitUntil(() => frames === 6, 'three more frames');
      expect(sink.droppedFrames).to.equal(7);
      sink.stop();
      expect(sink.droppedFrames).to.equal(7);
    });

    it('a running sink nobody references keeps delivering through GC; once its track stops GC frees it', async () => {
      const result = await runFixture('unreferenced-sink.mjs', [], { nodeArgs: ['--expose-gc'] });
      expect({ code: result.code, stderr: result.stderr }).to.deep.equal({ code: 0, stderr: '' });
      expect(result.stdout).to.contain('unreferenced sink frames: 5');
      // The track and its sink.
      const [, freed] = /freed after its track stopped: (\d+)/.exec(result.stdout)!;
      expect(Number(freed)).to.be.at.least(2);
    });

    it('a sink on a local track sees the frames as pushed, rotation included', async () => {
      const source = new RTCVideoSource();
      const track = source.createTrack();
      const sink = new RTCVideoSink(track);
      cleanups.push(() => sink.stop());
      const got = new Promise<Frame>((resolve) => {
        sink.onframe = ({ frame }) => resolve(frame);
      });
      source.onFrame({ ...patternFrame(160, 120, 0), rotation: 90 });
      const frame = await got;
      expect([frame.width, frame.height, frame.rotation]).to.deep.equal([160, 120, 90]);
      expect(meanLuma(frame, 0.6, 0.5, 0.9, 0.9)).to.be.closeTo(210, 1);
      // A frame in shared memory (as a worker thread would hand it over) arrives the same way.
      const next = new Promise<Frame>((resolve) => {
        sink.onframe = ({ frame: f }) => resolve(f);
      });
      const plain = patternFrame(160, 120, 0, 90, 170);
      const shared = new Uint8ClampedArray(new SharedArrayBuffer(plain.data.byteLength));
      shared.set(plain.data);
      source.onFrame({ width: 160, height: 120, data: shared });
      const sharedFrame = await next;
      expect(meanLuma(sharedFrame, 0.6, 0.5, 0.9, 0.9)).to.be.closeTo(170, 1);
      expect(meanLuma(sharedFrame, 0.1, 0.5, 0.4, 0.9)).to.be.closeTo(90, 1);
    });
  });
});

// Issue: tracks — clones and their source, constraints, enabled/ended and sinks, the raw media API's types
// and formats as @roamhq/wrtc has them, MediaStream's sequence argument, contentHint.
import { expect } from 'chai';
import { MediaStream, MediaStreamTrack, OverconstrainedError, RTCPeerConnection, mediaDevices, nonstandard } from 'node-libwebrtc';
import { loopbackPair, negotiate, rejectsWith, waitFor, waitUntil, waitUntilAsync } from './helpers.mjs';
import { dominantFrequency, feedTone, feedVideo, patternFrame, recordFirstChannel, rms } from './media-helpers.mjs';

const { RTCVideoSource, RTCVideoSink, RTCAudioSource, RTCAudioSink } = nonstandard;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('tracks', function () {
  this.timeout(60000);
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const cleanup of cleanups.splice(0).reverse()) cleanup();
    mediaDevices.useSyntheticDevices(false);
  });
  const pair = () => loopbackPair((pc) => cleanups.push(() => pc.close()));

  /** Counts what sinks on `track` receive (video frames or audio chunks). */
  function count(track: MediaStreamTrack): { n: number } {
    const counter = { n: 0 };
    if (track.kind === 'video') {
      const sink = new RTCVideoSink(track);
      sink.onframe = () => counter.n++;
      cleanups.push(() => sink.stop());
    } else {
      const sink = new RTCAudioSink(track);
      sink.ondata = () => counter.n++;
      cleanups.push(() => sink.stop());
    }
    return counter;
  }

  /** getUserMedia on the synthetic devices; every track is stopped after the test. */
  async function synthetic(constraints: MediaStreamConstraints): Promise<MediaStream> {
    mediaDevices.useSyntheticDevices();
    const stream = await mediaDevices.getUserMedia(constraints);
    cleanups.push(() => stream.getTracks().forEach((t) => t.stop()));
    return stream;
  }

  /** A call from a to b carrying `tracks`; resolves with b's tracks by kind. */
  async function call(a: RTCPeerConnection, b: RTCPeerConnection, ...tracks: MediaStreamTrack[]): Promise<Record<string, MediaStreamTrack>> {
    const remote: Record<string, MediaStreamTrack> = {};
    b.ontrack = ({ track }) => (remote[track.kind] = track as unknown as MediaStreamTrack);
    for (const track of tracks) a.addTrack(track);
    await negotiate(a, b);
    await waitUntil(() => Object.keys(remote).length === tracks.length, 'the remote tracks');
    return remote;
  }

  describe('clones and their source', () => {
    it('stopping a clone of a getUserMedia track leaves the original and the device running', async () => {
      const stream = await synthetic({ video: true, audio: true });
      const [video] = stream.getVideoTracks();
      const [audio] = stream.getAudioTracks();
      const counts = { video: count(video), audio: count(audio) };
      const clones = [video.clone(), audio.clone()];
      clones.forEach((t) => t.stop());
      counts.video.n = counts.audio.n = 0;
      await sleep(500);
      expect([video.readyState, audio.readyState]).to.deep.equal(['live', 'live']);
      expect(counts.video.n, 'frames after the clone stopped').to.be.above(5);
      expect(counts.audio.n, 'chunks after the clone stopped').to.be.above(20);
      // The other way round: the original stops, its clone keeps the device.
      const clone = video.clone();
      const cloneCount = count(clone);
      video.stop();
      await sleep(100);
      cloneCount.n = 0;
      await sleep(500);
      expect(clone.readyState).to.equal('live');
      expect(cloneCount.n, 'frames to the clone after the original stopped').to.be.above(5);
      clone.stop();
    });

    it('a clone has its own constraints: applyConstraints on it never changes the original', async () => {
      const stream = await synthetic({ video: { width: 640, height: 480 } });
      const [video] = stream.getVideoTracks();
      let last = '';
      const sink = new RTCVideoSink(video);
      sink.onframe = ({ frame }) => (last = `${frame.width}x${frame.height}`);
      cleanups.push(() => sink.stop());
      const clone = video.clone();
      // The camera cannot serve 320x180 to the clone without changing the original's 640x480.
      const error = await rejectsWith(clone.applyConstraints({ width: { exact: 320 }, height: { exact: 180 } }), 'OverconstrainedError', OverconstrainedError);
      expect((error as OverconstrainedError).constraint).to.be.oneOf(['width', 'height']);
      expect(error.message).to.contain('clone');
      await sleep(200);
      expect(video.getSettings()).to.include({ width: 640, height: 480 });
      expect(last).to.equal('640x480');
      expect(clone.getConstraints()).to.deep.equal({ width: 640, height: 480 }); // unchanged by the failure
      // What the shared settings meet is kept for the clone alone.
      await clone.applyConstraints({ width: 320, frameRate: { max: 30 } });
      expect(clone.getConstraints()).to.deep.equal({ width: 320, frameRate: { max: 30 } });
      expect(video.getConstraints()).to.deep.equal({ width: 640, height: 480 });
      expect(video.getSettings()).to.include({ width: 640, height: 480 });
      // Once the clone is the source's only track, it can reconfigure the camera.
      video.stop();
      await clone.applyConstraints({ width: { exact: 320 }, height: { exact: 180 } });
      expect(clone.getSettings()).to.include({ width: 320, height: 180 });
      clone.stop();
    });

    it('clone() of an ended track gets a new id, so a MediaStream holds both', () => {
      const track = new RTCVideoSource().createTrack();
      track.stop();
      const clone = track.clone();
      expect(clone.id).not.to.equal(track.id);
      expect(clone.readyState).to.equal('ended');
      const stream = new MediaStream([track, clone]);
      expect(stream.getTracks()).to.deep.equal([track, clone]);
      expect(stream.getTrackById(clone.id)).to.equal(clone);
    });

    it('clones of remote tracks follow mute, unmute and ended', async () => {
      const [a, b] = pair();
      const video = new RTCVideoSource();
      const audio = new RTCAudioSource();
      cleanups.push(feedVideo(video, 64, 48, 30), feedTone(audio, 440));
      const clones: Record<string, MediaStreamTrack> = {};
      const mutedAtClone: boolean[] = [];
      b.ontrack = ({ track }) => {
        // Made in ontrack, while the original is still muted.
        const t = track as unknown as MediaStreamTrack;
        clones[t.kind] = t.clone();
        mutedAtClone.push(clones[t.kind].muted);
      };
      const videoSender = a.addTrack(video.createTrack());
      const audioSender = a.addTrack(audio.createTrack());
      await negotiate(a, b);
      await waitUntil(() => Object.keys(clones).length === 2, 'the clones');
      expect(mutedAtClone).to.deep.equal([true, true]);
      const frames = count(clones.video);
      await waitUntil(() => !clones.video.muted && !clones.audio.muted, 'the clones to unmute');
      await waitUntil(() => frames.n > 5, 'frames through the clone');
      const audioMute = waitFor(clones.audio, 'mute');
      a.removeTrack(audioSender);
      await negotiate(a, b);
      await audioMute;
      expect(clones.audio.muted).to.equal(true);
      const videoEnded = waitFor(clones.video, 'ended');
      a.getTransceivers().find((t) => t.sender === videoSender)!.stop();
      await negotiate(a, b);
      await videoEnded;
      expect(clones.video.readyState).to.equal('ended');
    });
  });

  describe('enabled, ended and sinks', () => {
    it('a disabled audio track renders silence to its sinks, local and remote', async () => {
      const [a, b] = pair();
      const source = new RTCAudioSource();
      const local = source.createTrack();
      cleanups.push(feedTone(source, 440));
      const { audio: remote } = await call(a, b, local);
      const localSink = new RTCAudioSink(local);
      const remoteSink = new RTCAudioSink(remote);
      cleanups.push(() => localSink.stop(), () => remoteSink.stop());
      const localRec = recordFirstChannel(localSink, 4800);
      const remoteRec = recordFirstChannel(remoteSink, 4800);
      await waitUntil(() => rms(remoteRec.samples) > 1000, 'the remote tone');
      expect(rms(localRec.samples)).to.be.above(1000);
      // The receiving side disables its track: its sink gets silence, chunks keep coming.
      remote.enabled = false;
      await sleep(300);
      remoteRec.samples.length = 0;
      await sleep(300);
      expect(remoteRec.samples.length, 'chunks keep coming').to.be.above(0);
      expect(rms(remoteRec.samples)).to.equal(0);
      remote.enabled = true;
      await waitUntil(() => rms(remoteRec.samples.slice(-480)) > 1000, 'the tone back');
      // The local track disabled: silence to its own sink.
      local.enabled = false;
      await sleep(200);
      localRec.samples.length = 0;
      await sleep(300);
      expect(localRec.samples.length).to.be.above(0);
      expect(rms(localRec.samples)).to.equal(0);
      local.enabled = true;
      await waitUntil(() => rms(localRec.samples.slice(-480)) > 1000, 'the local tone back');
    });

    it('sinks on an ended track receive nothing and start stopped', async () => {
      const video = new RTCVideoSource();
      const audio = new RTCAudioSource();
      const videoTrack = video.createTrack();
      const audioTrack = audio.createTrack();
      videoTrack.stop();
      audioTrack.stop();
      const videoSink = new RTCVideoSink(videoTrack);
      const audioSink = new RTCAudioSink(audioTrack);
      expect([videoSink.stopped, audioSink.stopped]).to.deep.equal([true, true]);
      let received = 0;
      videoSink.onframe = () => received++;
      audioSink.ondata = () => received++;
      for (let i = 0; i < 5; i++) {
        video.onFrame(patternFrame(16, 16, i));
        audio.onData({ samples: new Int16Array(480).fill(5000), sampleRate: 48000 });
        await sleep(20);
      }
      await sleep(200);
      expect(received).to.equal(0);
      videoSink.stop(); // harmless
    });
  });

  describe('constraints', () => {
    it('getConstraints() returns the constraints getUserMedia created the track with', async () => {
      const stream = await synthetic({ video: { width: { ideal: 320 } }, audio: { echoCancellation: false } });
      expect(stream.getVideoTracks()[0].getConstraints()).to.deep.equal({ width: { ideal: 320 } });
      expect(stream.getAudioTracks()[0].getConstraints()).to.deep.equal({ echoCancellation: false });
      const plain = await synthetic({ video: true });
      expect(plain.getVideoTracks()[0].getConstraints()).to.deep.equal({});
      const unknown = await synthetic({ video: { foo: { exact: 1 }, width: 640 } as MediaTrackConstraints });
      expect(unknown.getVideoTracks()[0].getConstraints()).to.deep.equal({ width: 640 });
    });

    it('applyConstraints ignores unknown constraints and those of the other kind, and checks the settings of sources without capabilities', async () => {
      const stream = await synthetic({ video: true });
      const [camera] = stream.getVideoTracks();
      await camera.applyConstraints({ foo: { exact: 1 } } as MediaTrackConstraints);
      expect(camera.getConstraints()).to.deep.equal({});
      const error = await rejectsWith(camera.applyConstraints({ facingMode: { exact: 'environment' } }), 'OverconstrainedError', OverconstrainedError);
      expect((error as OverconstrainedError).constraint).to.equal('facingMode');
      // An audio constraint does not apply to a video source: ignored, even required (WPT GUM-non-applicable).
      await camera.applyConstraints({ sampleRate: { exact: 48000 } });

      const source = new RTCVideoSource();
      const track = source.createTrack();
      source.onFrame(patternFrame(640, 480, 0));
      await track.applyConstraints({ width: { exact: 640 }, height: { min: 100 }, foo: { exact: 1 } } as MediaTrackConstraints);
      expect(track.getConstraints()).to.deep.equal({ width: { exact: 640 }, height: { min: 100 } });
      const wrong = await rejectsWith(track.applyConstraints({ width: { exact: 320 } }), 'OverconstrainedError', OverconstrainedError);
      expect((wrong as OverconstrainedError).constraint).to.equal('width');
      expect(track.getConstraints()).to.deep.equal({ width: { exact: 640 }, height: { min: 100 } });
      track.stop();
    });

    it('getUserMedia converts audio and video as WebIDL unions: null is {} (requested), other values booleans', async () => {
      const kinds = async (constraints: unknown) => (await synthetic(constraints as MediaStreamConstraints)).getTracks().map((t) => t.kind);
      expect(await kinds({ audio: null })).to.deep.equal(['audio']);
      expect(await kinds({ video: 0, audio: 1 })).to.deep.equal(['audio']);
      expect(await kinds({ video: null, audio: false })).to.deep.equal(['video']);
      await rejectsWith(mediaDevices.getUserMedia({ video: 0 } as unknown as MediaStreamConstraints), 'TypeError', TypeError);
    });

    it('constraints are converted as WebIDL says: numeric strings from form fields are numbers', async () => {
      const constraints = { width: '320', frameRate: { max: '15' }, echoCancellation: 0, deviceId: { ideal: ['synthetic-camera'] } } as unknown as MediaTrackConstraints;
      const [track] = (await synthetic({ video: constraints })).getVideoTracks();
      const settings = track.getSettings();
      expect([settings.width, settings.height, settings.frameRate]).to.deep.equal([320, 240, 15]);
      expect(track.getConstraints()).to.deep.equal({ width: 320, frameRate: { max: 15 }, echoCancellation: false, deviceId: { ideal: ['synthetic-camera'] } });
      await track.applyConstraints({ width: { exact: '320' } } as unknown as MediaTrackConstraints);
      expect(track.getConstraints()).to.deep.equal({ width: { exact: 320 } });
      await rejectsWith(track.applyConstraints({ frameRate: 'fast' } as unknown as MediaTrackConstraints), 'TypeError', TypeError);
      // Sizes are [Clamp] unsigned long: -1 is 0 and 1e10 is 2^32 - 1 (not wrapped around), as in Chrome.
      await track.applyConstraints({ width: { min: -1, ideal: 1e10 } });
      expect(track.getConstraints()).to.deep.equal({ width: { min: 0, ideal: 4294967295 } });
      const error = await rejectsWith(track.applyConstraints({ width: { max: -1 } }), 'OverconstrainedError', OverconstrainedError);
      expect((error as OverconstrainedError).constraint).to.equal('width');
    });

    it('a frame rate of 0 or less is no rate a camera runs at: exact/max reject, an ideal stays at 1 frame/s or more', async () => {
      mediaDevices.useSyntheticDevices();
      for (const frameRate of [{ exact: -5 }, { exact: 0 }, { max: 0 }]) {
        await rejectsWith(mediaDevices.getUserMedia({ video: { frameRate } }), 'OverconstrainedError', OverconstrainedError);
      }
      for (const frameRate of [-5, 0, 0.01]) {
        const [track] = (await synthetic({ video: { frameRate } })).getVideoTracks();
        expect(track.getSettings().frameRate).to.be.at.least(1);
      }
    });

    it('getDisplayMedia rejects min, exact and advanced in the audio member with TypeError', async () => {
      await rejectsWith(mediaDevices.getDisplayMedia({ audio: { sampleRate: { exact: 48000 } } }), 'TypeError');
      await rejectsWith(mediaDevices.getDisplayMedia({ video: true, audio: { advanced: [{}] } }), 'TypeError');
      const error = await rejectsWith(mediaDevices.getDisplayMedia({ video: true, audio: { channelCount: { min: 1 } } }), 'TypeError');
      expect(error.message).to.contain('audio.channelCount');
    });

    it('getDisplayMedia converts its members first: 0 or \'\' for video is false (TypeError); undefined members and unknown constraints are not there', async () => {
      await rejectsWith(mediaDevices.getDisplayMedia({ video: 0 as unknown as boolean }), 'TypeError');
      await rejectsWith(mediaDevices.getDisplayMedia({ video: '' as unknown as boolean }), 'TypeError');
      const display = process.env.DISPLAY;
      delete process.env.DISPLAY; // past the conversions, no screen: NotFoundError
      try {
        for (const video of [{ width: { exact: undefined } }, { advanced: undefined }, { foo: { exact: 1 } }]) {
          await rejectsWith(mediaDevices.getDisplayMedia({ video } as DisplayMediaStreamOptions), 'NotFoundError');
        }
      } finally {
        if (display !== undefined) process.env.DISPLAY = display;
      }
    });

    it('the synthetic devices\' capabilities are settings their constraints accept; constraint values convert as WebIDL does', async () => {
      const [camera] = (await synthetic({ video: true })).getVideoTracks();
      const { width, height } = camera.getCapabilities() as { width: { min: number }; height: { min: number } };
      const [smallest] = (await synthetic({ video: { width: { exact: width.min }, height: { exact: height.min } } })).getVideoTracks();
      expect([smallest.getSettings().width, smallest.getSettings().height]).to.deep.equal([width.min, height.min]);
      const [microphone] = (await synthetic({ audio: true })).getAudioTracks();
      const { channelCount } = microphone.getCapabilities() as { channelCount: { max: number } };
      const [most] = (await synthetic({ audio: { channelCount: { exact: channelCount.max } } })).getAudioTracks();
      expect(most.getSettings().channelCount).to.equal(channelCount.max);
      for (const video of [{ facingMode: Symbol() }, { advanced: [5] }, { width: 10n }, { frameRate: 10n }]) {
        await rejectsWith(mediaDevices.getUserMedia({ video } as unknown as MediaStreamConstraints), 'TypeError');
      }
      expect(() => (camera.contentHint = Symbol() as unknown as string)).to.throw(TypeError);
    });
  });

  describe('MediaStream and remote tracks', () => {
    it('new MediaStream takes any iterable of tracks (a WebIDL sequence); getTracks() lists audio first, as Chrome', () => {
      const video = new RTCVideoSource().createTrack();
      const audio = new RTCAudioSource().createTrack();
      expect(new MediaStream(new Set([video, audio])).getTracks()).to.deep.equal([audio, video]);
      function* tracks() {
        yield audio;
        yield video;
      }
      expect(new MediaStream(tracks()).getTracks()).to.deep.equal([audio, video]);
      expect(() => new MediaStream(null as unknown as MediaStreamTrack[])).to.throw(TypeError);
      expect(() => new MediaStream('ab' as unknown as MediaStreamTrack[])).to.throw(TypeError);
      expect(() => new MediaStream(new Set([{}]) as unknown as Set<MediaStreamTrack>)).to.throw(TypeError);
      video.stop();
      audio.stop();
    });

    it('remote tracks are labelled "remote audio" and "remote video", and so are their clones', async () => {
      const [a, b] = pair();
      const remote = await call(a, b, new RTCVideoSource().createTrack(), new RTCAudioSource().createTrack());
      expect(remote.audio.label).to.equal('remote audio');
      expect(remote.video.label).to.equal('remote video');
      expect(remote.video.clone().label).to.equal('remote video');
    });

    it("contentHint reaches the encoder: 'detail' encodes screen content, 'motion' camera content", async () => {
      const [a, b] = pair();
      const source = new RTCVideoSource();
      const track = source.createTrack();
      track.contentHint = 'detail';
      cleanups.push(feedVideo(source, 320, 240, 30));
      await call(a, b, track);
      const contentType = async () => {
        const report = await a.getStats();
        for (const stats of report.values()) if (stats.type === 'outbound-rtp' && stats.kind === 'video') return (stats.contentType as string | undefined) ?? '';
        return undefined;
      };
      await waitUntilAsync(async () => (await contentType()) === 'screenshare', "outbound-rtp contentType 'screenshare'");
      track.contentHint = 'motion';
      await waitUntilAsync(async () => (await contentType()) === '', 'outbound-rtp without a contentType');
      const clone = track.clone();
      expect(clone.contentHint).to.equal('motion');
      clone.stop();
    });
  });

  describe('raw media API as @roamhq/wrtc has it', () => {
    it('RTCVideoSink frames are Uint8Array and RTCAudioSink samples Int16Array', async () => {
      const video = new RTCVideoSource();
      const audio = new RTCAudioSource();
      const videoSink = new RTCVideoSink(video.createTrack());
      const audioSink = new RTCAudioSink(audio.createTrack());
      cleanups.push(() => videoSink.stop(), () => audioSink.stop());
      const frame = new Promise<{ data: Uint8Array }>((resolve) => (videoSink.onframe = ({ frame: f }) => resolve(f)));
      const samples = new Promise<Int16Array>((resolve) => (audioSink.ondata = ({ samples: s }) => resolve(s)));
      video.onFrame(patternFrame(4, 4, 0));
      audio.onData({ samples: new Int16Array(480), sampleRate: 48000 });
      const { data } = await frame;
      expect(Object.prototype.toString.call(data)).to.equal('[object Uint8Array]');
      expect(Buffer.concat([data]).length).to.equal(24);
      expect(Object.prototype.toString.call(await samples)).to.equal('[object Int16Array]');
    });

    it('RTCAudioSource takes Uint8Array, Buffer, ArrayBuffer and other views of 16-bit little-endian PCM', async () => {
      const source = new RTCAudioSource();
      const sink = new RTCAudioSink(source.createTrack());
      cleanups.push(() => sink.stop());
      const got: number[] = [];
      sink.ondata = ({ samples }) => got.push(samples[0], samples[479]);
      const pcm = (value: number) => {
        const bytes = Buffer.alloc(960);
        for (let i = 0; i < 480; i++) bytes.writeInt16LE(value, i * 2);
        return bytes;
      };
      source.onData({ samples: new Uint8Array(pcm(1000)), sampleRate: 48000 });
      source.onData({ samples: pcm(-2000), sampleRate: 48000 });
      const ab = pcm(3000);
      source.onData({ samples: ab.buffer.slice(ab.byteOffset, ab.byteOffset + 960), sampleRate: 48000 });
      // At an odd offset in its buffer (a Buffer slice): the samples are copied out aligned.
      const odd = Buffer.alloc(961);
      pcm(4000).copy(odd, 1);
      source.onData({ samples: odd.subarray(1), sampleRate: 48000 });
      source.onData({ samples: new DataView(pcm(5000).buffer.slice(0)), sampleRate: 48000 });
      await waitUntil(() => got.length === 10, 'five chunks');
      expect(got).to.deep.equal([1000, 1000, -2000, -2000, 3000, 3000, 4000, 4000, 5000, 5000]);
      const error = (() => {
        try {
          source.onData({ samples: new Uint8Array(959), sampleRate: 48000 });
        } catch (e) {
          return e as Error;
        }
        return null;
      })();
      expect(error).to.be.instanceOf(TypeError);
      expect(error!.message).to.contain('960 bytes');
      expect(() => source.onData({ samples: 'nope' as unknown as Int16Array })).to.throw(TypeError);
    });

    it('RTCAudioSource takes 11025, 22050 and 4000 Hz (sampleRate / 100 frames, rounded down) and the audio arrives; below 2000 Hz is TypeError', async () => {
      const probe = new RTCAudioSource();
      probe.onData({ samples: new Int16Array(110), sampleRate: 11025, numberOfFrames: 110 });
      probe.onData({ samples: new Int16Array(441), sampleRate: 44100 });
      expect(() => probe.onData({ samples: new Int16Array(221), sampleRate: 22050, numberOfFrames: 221 })).to.throw(TypeError, /numberOfFrames 220/);
      // libwebrtc's resampler aborts the process below ~1600 Hz; @roamhq/wrtc takes any 16-bit rate.
      for (const sampleRate of [1999, 1000]) {
        expect(() => probe.onData({ samples: new Int16Array(sampleRate / 100), sampleRate })).to.throw(TypeError, /sampleRate/);
      }
      // 22050 Hz in 220-frame chunks, as @roamhq/wrtc takes them, and 4000 Hz.
      for (const sampleRate of [22050, 4000]) {
        const [a, b] = pair();
        const source = new RTCAudioSource();
        const frames = Math.floor(sampleRate / 100);
        let t = 0;
        const timer = setInterval(() => {
          const samples = new Int16Array(frames);
          for (let i = 0; i < frames; i++, t++) samples[i] = Math.round(8000 * Math.sin((2 * Math.PI * 440 * t) / sampleRate));
          source.onData({ samples, sampleRate, bitsPerSample: 16, channelCount: 1, numberOfFrames: frames });
        }, 10);
        cleanups.push(() => clearInterval(timer));
        const { audio: remote } = await call(a, b, source.createTrack());
        const sink = new RTCAudioSink(remote);
        cleanups.push(() => sink.stop());
        const recording = recordFirstChannel(sink, 9600);
        await waitUntil(() => rms(recording.samples) > 1000, `the ${sampleRate} Hz tone at the far end`);
        await sleep(300);
        expect(dominantFrequency(recording.samples.slice(-4800), recording.rate), `${sampleRate} Hz`).to.be.closeTo(440, 15);
      }
    });
  });
});

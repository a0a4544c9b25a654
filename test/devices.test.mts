// Issue: capture devices — mediaDevices on real (software) devices, constraints, synthetic devices.
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import { InputDeviceInfo, MediaDeviceInfo, MediaStreamTrack, MediaStreamTrackAudioStats, MediaStreamTrackVideoStats, OverconstrainedError, RTCPeerConnection, mediaDevices, installNavigatorMediaDevices, nonstandard } from 'node-libwebrtc';
// The constraint algorithm's own functions, from the built package (the same module instance as the tests use).
import { createRequire } from 'node:module';
import * as path from 'node:path';
const load = createRequire(import.meta.url);
const { cameraCandidates, microphoneCandidates } = load(path.resolve('dist/cjs/MediaDevices.js')) as typeof import('../dist/cjs/MediaDevices.js');
const { selectSettings } = load(path.resolve('dist/cjs/internal/constraints.js')) as typeof import('../dist/cjs/internal/constraints.js');
import { startPulseAudio, startXvfb, type SoundServer, type XServer } from './devices-env.mjs';
import { LOOPBACK, negotiate, rejectsWith, runFixture, trickle, waitFor, waitUntil, waitUntilAsync } from './helpers.mjs';
import { dominantFrequency, meanLuma, recordFirstChannel, rms } from './media-helpers.mjs';

const { RTCVideoSink, RTCAudioSink } = nonstandard;

function has(command: string): boolean {
  try {
    execFileSync('which', [command], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Luma of an sRGB colour as libyuv's BT.601 (studio range) conversion gives it. */
const luma = (r: number, g: number, b: number) => 16 + (65.481 * r + 128.553 * g + 24.966 * b) / 255;

describe('mediaDevices', function () {
  this.timeout(60000);
  const cleanups: (() => unknown)[] = [];
  afterEach(async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
    mediaDevices.useSyntheticDevices(false);
  });

  describe('without devices', () => {
    it('lists no camera (this machine has none) and getUserMedia rejects as the spec says', async () => {
      delete process.env.PULSE_SERVER;
      const devices = await mediaDevices.enumerateDevices();
      expect(devices.filter((d) => d.kind === 'videoinput')).to.deep.equal([]);
      await rejectsWith(mediaDevices.getUserMedia({ video: true }), 'NotFoundError');
      await rejectsWith(mediaDevices.getUserMedia({}), 'TypeError');
      await rejectsWith(mediaDevices.getUserMedia({ video: false, audio: false }), 'TypeError');
      expect(mediaDevices.getSupportedConstraints()).to.include({ width: true, deviceId: true, echoCancellation: true });
    });
  });

  describe('constraint selection (against the formats a V4L2 camera reports)', () => {
    const camera = {
      id: '/dev/video7',
      label: 'Test camera',
      groupId: 'usb-1',
      synthetic: false,
      formats: [
        { width: 1280, height: 720, frameRate: 30 },
        { width: 640, height: 480, frameRate: 30 },
        { width: 320, height: 240, frameRate: 15 },
      ],
    };
    const pick = (constraints: MediaTrackConstraints) => {
      const selection = selectSettings(constraints, cameraCandidates([camera], constraints), 'video');
      return 'candidate' in selection ? selection.candidate.settings : selection;
    };

    it('prefers 640x480 without constraints, as Chrome does', () => {
      expect(pick({})).to.include({ width: 640, height: 480, frameRate: 30, resizeMode: 'none' });
    });
    it('meets exact, min, max and ideal values, scaling down when needed', () => {
      expect(pick({ width: { exact: 1280 } })).to.include({ width: 1280, height: 720 });
      expect(pick({ width: 320, frameRate: { min: 25 } })).to.include({ width: 320, height: 240, frameRate: 30, resizeMode: 'crop-and-scale' });
      expect(pick({ width: { ideal: 1920 } })).to.include({ width: 1280, height: 720 });
      expect((pick({ height: { max: 300 } }) as { height: number }).height).to.be.at.most(300);
      expect(pick({ frameRate: { exact: 15 } })).to.include({ frameRate: 15 });
      expect(pick({ aspectRatio: { exact: 16 / 9 } })).to.include({ width: 1280, height: 720 });
      expect(pick({ deviceId: { exact: '/dev/video7' } })).to.include({ deviceId: '/dev/video7' });
      expect(pick({ advanced: [{ width: 1280 }, { width: 9999 }] })).to.include({ width: 1280 });
      // resizeMode alone: each mode is available at the preferred size (WPT MediaDevices-getUserMedia).
      expect(pick({ resizeMode: { exact: 'crop-and-scale' } } as MediaTrackConstraints)).to.include({ width: 640, height: 480, resizeMode: 'crop-and-scale' });
      expect(pick({ resizeMode: { exact: 'none' } } as MediaTrackConstraints)).to.include({ width: 640, height: 480, resizeMode: 'none' });
      expect(pick({ resizeMode: { exact: 'other' } } as MediaTrackConstraints)).to.deep.equal({ failedConstraint: 'resizeMode' });
      // Odd sizes, and other aspect ratios by a centre crop (the capabilities allow them; WPT audit, as Chrome).
      expect(pick({ width: { exact: 321 }, height: { exact: 241 } })).to.include({ width: 321, height: 241, resizeMode: 'crop-and-scale' });
      expect(pick({ aspectRatio: { exact: 1 } })).to.include({ width: 480, height: 480, aspectRatio: 1, resizeMode: 'crop-and-scale' });
      // Of equally fit settings, a native format wins over a crop.
      expect(pick({ aspectRatio: { exact: 16 / 9 } })).to.include({ width: 1280, height: 720, resizeMode: 'none' });
    });
    it('names the constraint that cannot be met', () => {
      expect(pick({ width: { exact: 4000 } })).to.deep.equal({ failedConstraint: 'width' });
      expect(pick({ frameRate: { min: 60 } })).to.deep.equal({ failedConstraint: 'frameRate' });
      expect(pick({ facingMode: { exact: 'user' } })).to.deep.equal({ failedConstraint: 'facingMode' });
      expect(pick({ deviceId: { exact: 'other' } })).to.deep.equal({ failedConstraint: 'deviceId' });
    });
    it('microphones: processing defaults on, each can be turned off', () => {
      const mic = { id: 'mic', label: 'mic', groupId: 'g', synthetic: false };
      const choose = (c: MediaTrackConstraints) => (selectSettings(c, microphoneCandidates([mic]), 'audio') as { candidate: { settings: object } }).candidate.settings;
      expect(choose({})).to.include({ echoCancellation: true, autoGainControl: true, noiseSuppression: true, sampleRate: 48000 });
      expect(choose({ echoCancellation: false })).to.include({ echoCancellation: false, autoGainControl: true });
      expect(selectSettings({ sampleRate: { exact: 8000 } }, microphoneCandidates([mic]), 'audio')).to.deep.equal({ failedConstraint: 'sampleRate' });
    });
    it('microphones: latency is the 10 ms of a captured frame, as Chrome reports it, and is constrained as a double', () => {
      const mic = { id: 'mic', label: 'mic', groupId: 'g', synthetic: false };
      // lib.dom's types lack `latency` (mediacapture-main has it): the constraints are typed loosely here.
      const select = (c: object) => selectSettings(c as MediaTrackConstraints, microphoneCandidates([mic]), 'audio') as { candidate?: { settings: { latency?: number } }; failedConstraint?: string };
      expect(mediaDevices.getSupportedConstraints()).to.include({ latency: true });
      expect(select({}).candidate!.settings.latency).to.equal(0.01);
      expect(select({ latency: 0.05 }).candidate!.settings.latency).to.equal(0.01); // ideal: the closest there is
      expect(select({ latency: { max: 0.02 } }).candidate!.settings.latency).to.equal(0.01);
      expect(select({ latency: { exact: 0.5 } })).to.deep.equal({ failedConstraint: 'latency' });
      expect(select({ latency: { max: 0.001 } })).to.deep.equal({ failedConstraint: 'latency' });
      // A camera ignores it (a constraint of the other kind).
      expect(pick({ latency: { exact: 0.5 } } as MediaTrackConstraints)).to.include({ width: 640 });
    });
    it("constraints of the other kind do not apply and are ignored, even required ones (mediacapture-main; WPT GUM-non-applicable)", () => {
      const mic = { id: 'mic', label: 'mic', groupId: 'g', synthetic: false };
      const videoOnly = { width: { min: 100000000 }, frameRate: { exact: 1 }, facingMode: { exact: 'invalid' }, resizeMode: { exact: 'invalid' }, aspectRatio: { min: 1e8 } };
      expect(selectSettings(videoOnly, microphoneCandidates([mic]), 'audio')).to.have.property('candidate');
      const audioOnly = { sampleRate: { min: 100000000 }, echoCancellation: { exact: true }, channelCount: { max: 0 }, sampleSize: { exact: 3 } };
      expect(pick(audioOnly as MediaTrackConstraints)).to.include({ width: 640, height: 480 });
      // Those of its own kind still count.
      expect(pick({ ...audioOnly, width: { exact: 4000 } } as MediaTrackConstraints)).to.deep.equal({ failedConstraint: 'width' });
    });
  });

  describe('synthetic devices', () => {
    it('are listed (first, marked synthetic) and give a test pattern with a frame counter and a tone', async () => {
      mediaDevices.useSyntheticDevices(true);
      const devices = await mediaDevices.enumerateDevices();
      const camera = devices.find((d) => d.kind === 'videoinput')!;
      expect(camera).to.be.instanceOf(InputDeviceInfo);
      expect(camera.label).to.contain('synthetic');
      expect((camera as InputDeviceInfo).getCapabilities()).to.have.property('width');
      expect(JSON.parse(JSON.stringify(camera))).to.have.keys(['deviceId', 'kind', 'label', 'groupId']);
      const stream = await mediaDevices.getUserMedia({ video: { width: 320, height: 180, frameRate: 15 }, audio: true });
      cleanups.push(() => stream.getTracks().forEach((t) => t.stop()));
      const [video] = stream.getVideoTracks();
      expect(video.getSettings()).to.include({ width: 320, height: 180, frameRate: 15, deviceId: camera.deviceId });
      const frames: { width: number; height: number; data: Uint8Array }[] = [];
      const sink = new RTCVideoSink(video);
      sink.onframe = ({ frame }) => frames.push(frame);
      cleanups.push(() => sink.stop());
      await waitUntil(() => frames.length >= 3, 'synthetic frames');
      expect([frames[0].width, frames[0].height]).to.deep.equal([320, 180]);
      expect(frames[1].data).not.to.deep.equal(frames[2].data); // the counter and the box move
      await video.applyConstraints({ width: 640, height: 360 });
      expect(video.getSettings()).to.include({ width: 640, height: 360 });
      // Audio constraints do not apply to a video track (and the other way round): ignored, not Overconstrained.
      const other = await mediaDevices.getUserMedia({ video: { sampleRate: { exact: 1 } }, audio: { width: { min: 100000000 } } });
      cleanups.push(() => other.getTracks().forEach((t) => t.stop()));
      expect(other.getTracks().map((t) => t.kind).sort()).to.deep.equal(['audio', 'video']);
      await video.applyConstraints({ width: 640, height: 360, echoCancellation: { exact: false } });
      expect(video.getSettings()).to.include({ width: 640, height: 360 });
      await waitUntil(() => frames[frames.length - 1].width === 640, 'the new size');
      await video.applyConstraints({ width: { exact: 321 }, height: { exact: 241 } });
      await waitUntil(() => frames[frames.length - 1].width === 321 && frames[frames.length - 1].height === 241, 'an odd size');
      expect(frames[frames.length - 1].data.length).to.equal(321 * 241 + 2 * 161 * 121);
      const samples: number[] = [];
      const audio = new RTCAudioSink(stream.getAudioTracks()[0]);
      audio.ondata = ({ samples: chunk }) => samples.push(...chunk);
      cleanups.push(() => audio.stop());
      await waitUntil(() => samples.length >= 9600, '200 ms of the tone');
      expect(dominantFrequency(samples.slice(-9600), 48000)).to.equal(440);
    });

    it('track.stats counts what a video device delivers and discards; null for other tracks (mediacapture-extensions)', async () => {
      mediaDevices.useSyntheticDevices(true);
      const stream = await mediaDevices.getUserMedia({ video: { width: 320, height: 180, frameRate: 30 }, audio: true });
      cleanups.push(() => stream.getTracks().forEach((t) => t.stop()));
      const [video] = stream.getVideoTracks();
      const stats = video.stats!;
      expect(stats).to.be.instanceOf(MediaStreamTrackVideoStats);
      expect(video.stats).to.equal(stats); // [SameObject]
      // Frames count as delivered without any sink.
      await waitUntil(() => stats.deliveredFrames >= 10, 'delivered frames');
      const json = stats.toJSON();
      expect(json).to.have.keys(['deliveredFrames', 'discardedFrames', 'totalFrames']);
      expect(json.totalFrames).to.equal(json.deliveredFrames + json.discardedFrames);
      // Held still while disabled, and not reset after.
      video.enabled = false;
      const held = stats.toJSON();
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(stats.toJSON()).to.deep.equal(held);
      video.enabled = true;
      await waitUntil(() => stats.deliveredFrames >= held.deliveredFrames + 3, 'counting again');
      expect(stats.deliveredFrames).to.be.below(held.deliveredFrames + 12); // not the ~30 frames of the second disabled
      // A clone counts from its own creation.
      const clone = video.clone();
      cleanups.push(() => clone.stop());
      expect(clone.stats!.toJSON()).to.deep.equal({ deliveredFrames: 0, discardedFrames: 0, totalFrames: 0 });
      await waitUntil(() => clone.stats!.deliveredFrames >= 3, 'the clone counting');
      // Frame rate decimation: a sender limited to 5 fps makes the source discard most frames.
      const a = new RTCPeerConnection(LOOPBACK);
      const b = new RTCPeerConnection(LOOPBACK);
      cleanups.push(() => a.close(), () => b.close());
      trickle(a, b);
      const sender = a.addTrack(video);
      await negotiate(a, b);
      const parameters = sender.getParameters();
      parameters.encodings[0].maxFramerate = 5;
      await sender.setParameters(parameters);
      const before = stats.toJSON();
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const after = stats.toJSON();
      const total = after.totalFrames - before.totalFrames;
      expect(total, 'frames in 1.5 s at 30 fps').to.be.above(20);
      expect((after.discardedFrames - before.discardedFrames) / total, 'share discarded, 5 of 30 fps wanted').to.be.within(0.6, 0.95);
      // Ended: the counts stay as they were.
      video.stop();
      const final = stats.toJSON();
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(stats.toJSON()).to.deep.equal(final);
      // Not from a capture device: null.
      expect(new nonstandard.RTCVideoSource().createTrack().stats).to.equal(null);
      expect(new nonstandard.RTCAudioSource().createTrack().stats).to.equal(null);
    });

    it('track.stats of a microphone track: frames and duration delivered, latency within its window, resetLatency()', async () => {
      mediaDevices.useSyntheticDevices(true);
      const stream = await mediaDevices.getUserMedia({ audio: true });
      cleanups.push(() => stream.getTracks().forEach((t) => t.stop()));
      const [track] = stream.getAudioTracks();
      const stats = track.stats as MediaStreamTrackAudioStats;
      expect(stats).to.be.instanceOf(MediaStreamTrackAudioStats);
      expect(track.stats).to.equal(stats); // [SameObject]
      await new Promise((resolve) => setTimeout(resolve, 1000));
      const first = stats.toJSON();
      expect(first.deliveredFramesDuration).to.be.within(800, 1250);
      expect(first.deliveredFrames).to.equal(first.deliveredFramesDuration * 48); // 48 kHz
      expect([first.totalFrames, first.totalFramesDuration]).to.deep.equal([first.deliveredFrames, first.deliveredFramesDuration]);
      for (const value of [first.latency, first.averageLatency]) expect(value).to.be.within(first.minimumLatency, first.maximumLatency);
      expect(first.maximumLatency, 'a synthetic chunk is late by timer jitter').to.be.below(1000);
      // A blocked event loop makes the synthetic microphone's chunks late: the latency shows it.
      stats.resetLatency();
      const blockedUntil = performance.now() + 150;
      while (performance.now() < blockedUntil);
      await new Promise((resolve) => setTimeout(resolve, 50));
      const late = stats.toJSON();
      expect(late.maximumLatency, 'chunks delivered after a 150 ms block').to.be.at.least(100);
      for (const value of [late.latency, late.averageLatency]) expect(value).to.be.within(late.minimumLatency, late.maximumLatency);
      stats.resetLatency();
      const reset = stats.toJSON();
      expect([reset.averageLatency, reset.minimumLatency, reset.maximumLatency]).to.deep.equal([reset.latency, reset.latency, reset.latency]);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(stats.maximumLatency, 'the late chunks are out of the window').to.be.below(late.maximumLatency);
      // Held still while disabled, not reset after; a clone counts from its creation.
      track.enabled = false;
      const held = stats.toJSON();
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(stats.toJSON()).to.deep.equal(held);
      stats.resetLatency(); // while held: the window restarts from the held latency
      const heldReset = stats.toJSON();
      expect([heldReset.averageLatency, heldReset.minimumLatency, heldReset.maximumLatency]).to.deep.equal([held.latency, held.latency, held.latency]);
      track.enabled = true;
      await waitUntil(() => stats.deliveredFramesDuration >= held.deliveredFramesDuration + 50, 'counting again');
      expect(stats.deliveredFramesDuration).to.be.below(held.deliveredFramesDuration + 300); // not the 500 ms disabled
      const clone = track.clone();
      cleanups.push(() => clone.stop());
      expect((clone.stats as MediaStreamTrackAudioStats).deliveredFrames).to.equal(0);
      track.stop();
      const final = stats.toJSON();
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(stats.toJSON()).to.deep.equal(final);
    });

    it('the environment variable turns them on too, and navigator.mediaDevices can be installed', () => {
      installNavigatorMediaDevices();
      expect((globalThis as unknown as { navigator: { mediaDevices: unknown } }).navigator.mediaDevices).to.equal(mediaDevices);
      const output = execFileSync(process.execPath, ['--input-type=module', '-e', "import { mediaDevices } from 'node-libwebrtc'; const d = await mediaDevices.enumerateDevices(); console.log(d.filter((x) => x.label.includes('synthetic')).length)"], {
        env: { ...process.env, NODE_LIBWEBRTC_SYNTHETIC_DEVICES: '1' },
        encoding: 'utf8',
      });
      expect(output.trim()).to.equal('2');
    });
  });

  describe('microphone: PulseAudio with a null sink', () => {
    let pulse: SoundServer;
    before(async function () {
      if (!has('pulseaudio') || !has('pacat')) {
        console.log('      (skipped: pulseaudio is not installed; `npm test` installs it)');
        this.skip();
      }
      pulse = await startPulseAudio();
      process.env.PULSE_SERVER = pulse.server;
    });
    after(async () => {
      delete process.env.PULSE_SERVER;
      await pulse?.stop();
    });

    it('lists the sound server\'s devices, captures a tone played into the sink, and releases the device on stop()', async () => {
      const devices = await mediaDevices.enumerateDevices();
      const input = devices.find((d) => d.kind === 'audioinput')!;
      expect(input, JSON.stringify(devices)).to.be.instanceOf(InputDeviceInfo);
      expect(input.label).to.contain('nlwsink.monitor');
      expect(devices.some((d) => d.kind === 'audiooutput' && d.label.includes('Null Output'))).to.equal(true);
      expect(devices.find((d) => d.kind === 'audiooutput')).to.be.instanceOf(MediaDeviceInfo);
      cleanups.push(pulse.playTone(660));
      const stream = await mediaDevices.getUserMedia({ audio: { deviceId: { exact: input.deviceId }, echoCancellation: false, autoGainControl: false, noiseSuppression: false } });
      const [track] = stream.getAudioTracks();
      expect(track.label).to.contain('nlwsink.monitor');
      expect(track.getSettings()).to.include({ echoCancellation: false, autoGainControl: false, noiseSuppression: false, deviceId: input.deviceId, latency: 0.01 });
      expect((track.getCapabilities() as { latency?: object }).latency).to.deep.equal({ min: 0.01, max: 0.01 });
      expect(((input as InputDeviceInfo).getCapabilities() as { latency?: object }).latency).to.deep.equal({ min: 0.01, max: 0.01 });
      const sink = new RTCAudioSink(track);
      const local = recordFirstChannel(sink);
      cleanups.push(() => sink.stop());
      await waitUntil(() => local.samples.length >= 24000 && rms(local.samples.slice(-9600)) > 500, 'the tone from the microphone', 20000);
      expect(dominantFrequency(local.samples.slice(-local.rate / 5), local.rate)).to.be.closeTo(660, 10);
      expect(track.getSettings().sampleRate).to.equal(local.rate); // the device's real rate
      // Over a connection, to a remote sink.
      const a = new RTCPeerConnection(LOOPBACK);
      const b = new RTCPeerConnection(LOOPBACK);
      cleanups.push(() => a.close(), () => b.close());
      trickle(a, b);
      a.addTrack(track);
      const remote = waitFor<RTCTrackEvent>(b, 'track');
      await negotiate(a, b);
      const remoteSink = new RTCAudioSink((await remote).track as unknown as MediaStreamTrack);
      const received = recordFirstChannel(remoteSink);
      cleanups.push(() => remoteSink.stop());
      await waitUntil(() => received.samples.length >= 24000 && rms(received.samples.slice(-9600)) > 500, 'the tone at the remote end', 20000);
      expect(dominantFrequency(received.samples.slice(-received.rate / 5), received.rate)).to.be.closeTo(660, 10);
      // track.stats: what the device delivered, at the device's rate, with the latency the module estimates.
      const stats = track.stats as MediaStreamTrackAudioStats;
      expect(stats).to.be.instanceOf(MediaStreamTrackAudioStats);
      expect(stats.deliveredFrames).to.be.at.least(local.samples.length);
      expect(stats.deliveredFramesDuration).to.be.closeTo((stats.deliveredFrames * 1000) / local.rate, 1e-6);
      expect(stats.latency).to.be.within(0, 1000);
      // stop() releases the device at once: the server has no recording stream left.
      expect(pulse.pactl('list', 'short', 'source-outputs').trim()).not.to.equal('');
      track.stop();
      await waitUntil(() => pulse.pactl('list', 'short', 'source-outputs').trim() === '', 'the device to be released', 5000);
    });

    it('applyConstraints() changes the processing; an impossible constraint is an OverconstrainedError', async () => {
      const stream = await mediaDevices.getUserMedia({ audio: true });
      const [track] = stream.getAudioTracks();
      cleanups.push(() => track.stop());
      expect(track.getSettings()).to.include({ echoCancellation: true, noiseSuppression: true });
      await track.applyConstraints({ noiseSuppression: false });
      expect(track.getSettings()).to.include({ noiseSuppression: false, echoCancellation: true });
      try {
        await track.applyConstraints({ latency: { exact: 0.5 } } as MediaTrackConstraints);
        throw new Error('expected OverconstrainedError');
      } catch (error) {
        expect((error as OverconstrainedError).constraint).to.equal('latency');
      }
      expect(track.getSettings()).to.include({ noiseSuppression: false, latency: 0.01 }); // unchanged
      await track.applyConstraints({ latency: { exact: Number.NaN } } as MediaTrackConstraints).then(
        () => expect.fail('expected a TypeError'),
        (error) => expect(error).to.be.instanceOf(TypeError).with.property('message').that.matches(/latency/),
      );
      try {
        await mediaDevices.getUserMedia({ audio: { channelCount: { exact: 6 } } });
        throw new Error('expected OverconstrainedError');
      } catch (error) {
        expect(error).to.be.instanceOf(OverconstrainedError);
        expect((error as OverconstrainedError).constraint).to.equal('channelCount');
      }
    });

    it('fires devicechange when a device appears', async () => {
      await mediaDevices.enumerateDevices();
      const changed = waitFor(mediaDevices, 'devicechange', 10000);
      const module = pulse.pactl('load-module', 'module-null-sink', 'sink_name=second').trim();
      cleanups.push(() => pulse.pactl('unload-module', module));
      await changed;
    });

    it('a second microphone while one records is NotReadableError (the engine records one device at a time)', async () => {
      // Two sources that are not monitors (libwebrtc's PulseAudio module lists a monitor only as the default).
      for (const name of ['MicOne', 'MicTwo']) {
        const module = pulse.pactl('load-module', 'module-null-source', `source_name=${name}`, `description=${name}`).trim();
        cleanups.push(() => pulse.pactl('unload-module', module));
      }
      let inputs: MediaDeviceInfo[] = [];
      await waitUntilAsync(async () => (inputs = (await mediaDevices.enumerateDevices()).filter((d) => d.kind === 'audioinput')).length >= 3, 'the two new microphones', 5000);
      const first = inputs.find((d) => d.label === 'MicOne')!;
      const second = inputs.find((d) => d.label === 'MicTwo')!;
      expect([first, second].every(Boolean), JSON.stringify(inputs)).to.equal(true);
      const [track] = (await mediaDevices.getUserMedia({ audio: { deviceId: { exact: first.deviceId } } })).getAudioTracks();
      cleanups.push(() => track.stop());
      try {
        await mediaDevices.getUserMedia({ audio: { deviceId: { exact: second.deviceId } } });
        expect.fail('a second device while the first records must not open');
      } catch (error) {
        expect(error).to.be.instanceOf(DOMException);
        expect((error as DOMException).name).to.equal('NotReadableError');
        expect((error as DOMException).message).to.match(/microphone/i);
      }
      // The same device can be shared, and once the first stops, the other opens.
      const [again] = (await mediaDevices.getUserMedia({ audio: { deviceId: { exact: first.deviceId } } })).getAudioTracks();
      again.stop();
      track.stop();
      const [other] = (await mediaDevices.getUserMedia({ audio: { deviceId: { exact: second.deviceId } } })).getAudioTracks();
      expect(other.label).to.equal('MicTwo');
      other.stop();
    });

    it('a microphone is opened by its id: after another device goes away, the recorded one is still shared, not busy', async () => {
      const first = pulse.pactl('load-module', 'module-null-source', 'source_name=Before', 'description=Before').trim();
      const second = pulse.pactl('load-module', 'module-null-source', 'source_name=After', 'description=After').trim();
      cleanups.push(() => pulse.pactl('unload-module', second));
      let after: MediaDeviceInfo | undefined;
      await waitUntilAsync(async () => (after = (await mediaDevices.enumerateDevices()).find((d) => d.label === 'After')) !== undefined, 'the new microphones', 5000);
      const [track] = (await mediaDevices.getUserMedia({ audio: { deviceId: { exact: after!.deviceId } } })).getAudioTracks();
      cleanups.push(() => track.stop());
      pulse.pactl('unload-module', first); // 'After' moves up one place in the device module's list
      await waitUntilAsync(async () => !(await mediaDevices.enumerateDevices()).some((d) => d.label === 'Before'), 'the first to go', 5000);
      const [again] = (await mediaDevices.getUserMedia({ audio: { deviceId: { exact: after!.deviceId } } })).getAudioTracks();
      expect([again.label, again.readyState, track.readyState]).to.deep.equal(['After', 'live', 'live']);
      again.stop();
    });

    it('a microphone that goes away ends its tracks (ended event), as Chrome does', async () => {
      const module = pulse.pactl('load-module', 'module-null-source', 'source_name=Unplugged', 'description=Unplugged').trim();
      let inputs: MediaDeviceInfo[] = [];
      await waitUntilAsync(async () => (inputs = (await mediaDevices.enumerateDevices()).filter((d) => d.label === 'Unplugged')).length === 1, 'the new microphone', 5000);
      const [track] = (await mediaDevices.getUserMedia({ audio: { deviceId: { exact: inputs[0].deviceId } } })).getAudioTracks();
      const clone = track.clone();
      const ended = Promise.all([waitFor(track, 'ended', 5000), waitFor(clone, 'ended', 5000)]);
      pulse.pactl('unload-module', module);
      await ended;
      expect([track.readyState, clone.readyState]).to.deep.equal(['ended', 'ended']);
      // The device is free again: the server's default source records.
      const [next] = (await mediaDevices.getUserMedia({ audio: true })).getAudioTracks();
      expect(next.readyState).to.equal('live');
      next.stop();
    });

    it('a sound server without any sink or source: enumerateDevices() and getUserMedia() answer, the process lives', async () => {
      pulse.pactl('unload-module', 'module-null-sink'); // the last device is gone (the server stops after this block)
      await waitUntil(() => pulse.pactl('list', 'short', 'sources').trim() === '', 'no source left', 5000);
      const child = await runFixture('sound-server-without-devices.mjs');
      expect(child.signal, child.stderr).to.equal(null);
      expect(child.code, child.stderr).to.equal(0);
      expect(JSON.parse(child.stdout)).to.deep.equal({ audioDevices: 0, microphone: 'NotFoundError', syntheticCamera: 'live' });
    });
  });

  describe('screen: getDisplayMedia on Xvfb', () => {
    let x: XServer;
    before(async function () {
      if (!has('Xvfb') || !has('xsetroot')) {
        console.log('      (skipped: Xvfb is not installed; `npm test` installs it)');
        this.skip();
      }
      x = await startXvfb(640, 480);
      process.env.DISPLAY = x.display;
    });
    after(async () => {
      delete process.env.DISPLAY;
      await x?.stop();
    });

    it('the X server going away ends the screen tracks (ended event); the process lives on', async () => {
      const child = await runFixture('display-gone.mjs');
      expect(child.code, child.stderr).to.equal(0);
      expect(JSON.parse(child.stdout)).to.deep.equal({ outcome: 'ended', events: ['clone', 'track'], readyState: ['ended', 'ended'] });
    });

    it('captures what is drawn, at the size asked, and sends it over a connection', async () => {
      x.setColor('#3060c0');
      const stream = await mediaDevices.getDisplayMedia({ video: { width: 320, frameRate: 10 } });
      const [track] = stream.getVideoTracks();
      cleanups.push(() => track.stop());
      const frames: { width: number; height: number; data: Uint8Array }[] = [];
      const sink = new RTCVideoSink(track);
      sink.onframe = ({ frame }) => frames.push(frame);
      cleanups.push(() => sink.stop());
      await waitUntil(() => frames.length >= 3, 'screen frames');
      expect([frames[2].width, frames[2].height]).to.deep.equal([320, 240]);
      expect(track.getSettings()).to.include({ width: 320, height: 240, displaySurface: 'monitor', logicalSurface: true, cursor: 'never' });
      expect(meanLuma(frames[2], 0, 0, 1, 1)).to.be.closeTo(luma(0x30, 0x60, 0xc0), 6);
      x.setColor('#e0e0e0');
      await waitUntil(() => Math.abs(meanLuma(frames[frames.length - 1], 0, 0, 1, 1) - luma(0xe0, 0xe0, 0xe0)) < 6, 'the new colour');
      // applyConstraints() rescales the live capture; what no output meets is an OverconstrainedError.
      await track.applyConstraints({ width: 160 });
      expect(track.getSettings()).to.include({ width: 160, height: 120 });
      await waitUntil(() => frames[frames.length - 1].width === 160 && frames[frames.length - 1].height === 120, 'the rescaled screen');
      for (const [video, constraint] of [[{ width: { max: 0 } }, 'width'], [{ height: { max: -1 } }, 'height'], [{ frameRate: { max: 0 } }, 'frameRate']] as const) {
        const error = await rejectsWith(mediaDevices.getDisplayMedia({ video }), 'OverconstrainedError', OverconstrainedError);
        expect((error as OverconstrainedError).constraint).to.equal(constraint);
      }
      await track.applyConstraints({ width: 320, frameRate: 10 });
      const a = new RTCPeerConnection(LOOPBACK);
      const b = new RTCPeerConnection(LOOPBACK);
      cleanups.push(() => a.close(), () => b.close());
      trickle(a, b);
      a.addTrack(track);
      const remote = waitFor<RTCTrackEvent>(b, 'track');
      await negotiate(a, b);
      const remoteFrames: { width: number; height: number; data: Uint8Array }[] = [];
      const remoteSink = new RTCVideoSink((await remote).track as unknown as MediaStreamTrack);
      remoteSink.onframe = ({ frame }) => remoteFrames.push(frame);
      cleanups.push(() => remoteSink.stop());
      await waitUntil(() => remoteFrames.length >= 5, 'screen frames at the remote end', 20000);
      expect(meanLuma(remoteFrames[remoteFrames.length - 1], 0, 0, 1, 1)).to.be.closeTo(luma(0xe0, 0xe0, 0xe0), 10);
      // track.stats: counted on the capture thread, read once per task.
      const stats = track.stats!;
      const first = stats.deliveredFrames;
      expect(first).to.be.at.least(frames.length);
      const until = performance.now() + 350;
      while (performance.now() < until); // the capture thread goes on meanwhile
      expect(stats.deliveredFrames, 'in the same task').to.equal(first);
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(stats.deliveredFrames, 'in a later task').to.be.greaterThan(first);
      await rejectsWith(mediaDevices.getDisplayMedia({ video: { width: { exact: 100 } } }), 'TypeError');
    });
  });
});

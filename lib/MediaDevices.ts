import { binding, type NativeDevices, type NativeScreenCapture, type NativeVideoFormat } from './native';
import { InputDeviceInfo, MediaDeviceInfo } from './MediaDeviceInfo';
import { MediaStream } from './MediaStream';
import { MediaStreamTrack, OverconstrainedError, setInitialConstraints, type TrackSource } from './MediaStreamTrack';
import { SUPPORTED_CONSTRAINTS, knownConstraints, selectSettings, target, type Candidate, type Settings } from './internal/constraints';
import { createDeviceTrack } from './internal/device-tracks';
import { domException } from './internal/errors';
import { defineEventHandlers } from './internal/event-handlers';
import { SyntheticCamera, SyntheticMicrophone } from './internal/synthetic';
import { sourceInternals } from './internal/source-internals';
import { dictionary, illegalConstructor, rejectOnThrow, requireInternal, setLengths } from './internal/webidl';
import { trusted } from './internal/trusted';

const SYNTHETIC_CAMERA = 'synthetic-camera';
const SYNTHETIC_MICROPHONE = 'synthetic-microphone';
const SYNTHETIC_FORMATS: NativeVideoFormat[] = [1920, 1280, 640, 320].map((width) => ({ width, height: (width * 9) / 16, frameRate: 30 })).concat([{ width: 640, height: 480, frameRate: 30 }]);

interface VideoDevice {
  id: string;
  label: string;
  groupId: string;
  formats: NativeVideoFormat[];
  synthetic: boolean;
}
interface AudioDevice {
  id: string;
  label: string;
  groupId: string;
  synthetic: boolean;
}
interface CameraChoice {
  device: VideoDevice;
  format: NativeVideoFormat;
  output: { width: number; height: number };
}
interface MicrophoneChoice {
  device: AudioDevice;
  processing: { echoCancellation: boolean; autoGainControl: boolean; noiseSuppression: boolean };
}

/**
 * mediaDevices (mediacapture-main §9, screen-capture): V4L2 cameras, ALSA/PulseAudio microphones and
 * speakers through the engine's modules, the X11 screen, and optional synthetic devices.
 */
// lib.dom's typed addEventListener/removeEventListener overloads (declaration merging: no runtime code).
export interface MediaDevices {
  addEventListener<K extends keyof MediaDevicesEventMap>(type: K, listener: (this: globalThis.MediaDevices, ev: MediaDevicesEventMap[K]) => any, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof MediaDevicesEventMap>(type: K, listener: (this: globalThis.MediaDevices, ev: MediaDevicesEventMap[K]) => any, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

export class MediaDevices extends EventTarget implements globalThis.MediaDevices {
  #synthetic = process.env.NODE_LIBWEBRTC_SYNTHETIC_DEVICES === '1';
  #lastDeviceList: string | null = null;
  #poller: NodeJS.Timeout | null = null;

  declare ondevicechange: ((this: globalThis.MediaDevices, ev: Event) => any) | null;

  /** @internal */
  constructor(token: typeof illegalConstructor) {
    requireInternal(token, 'MediaDevices');
    super();
  }

  /**
   * Nonstandard: list (first, so they are the defaults) a synthetic camera (a test pattern with a frame counter)
   * and microphone (a 440 Hz tone). Also on with NODE_LIBWEBRTC_SYNTHETIC_DEVICES=1.
   */
  useSyntheticDevices(enabled = true): void {
    this.#synthetic = Boolean(enabled);
  }

  getSupportedConstraints(): MediaTrackSupportedConstraints {
    return Object.fromEntries(SUPPORTED_CONSTRAINTS.map((name) => [name, true])) as MediaTrackSupportedConstraints;
  }

  enumerateDevices(): Promise<MediaDeviceInfo[]> {
    return rejectOnThrow(async () => {
      const { videos, inputs, outputs } = this.#devices();
      return [
        ...inputs.map((d) => new InputDeviceInfo(illegalConstructor, d.id, 'audioinput', d.label, d.groupId, microphoneCapabilities(d))),
        ...videos.map((d) => new InputDeviceInfo(illegalConstructor, d.id, 'videoinput', d.label, d.groupId, cameraCapabilities(d))),
        ...outputs.map((d) => new MediaDeviceInfo(illegalConstructor, d.id, 'audiooutput', d.label, d.groupId)),
      ];
    });
  }

  getUserMedia(constraints?: MediaStreamConstraints): Promise<MediaStream> {
    return rejectOnThrow(async () => {
      const dict = dictionary<MediaStreamConstraints>('MediaDevices.getUserMedia', constraints);
      // WebIDL (boolean or MediaTrackConstraints) = false: null and objects are constraints, the rest a boolean.
      const member = (value: unknown): MediaTrackConstraints | false =>
        value === null || typeof value === 'object' || typeof value === 'function' ? ((value ?? {}) as MediaTrackConstraints) : Boolean(value) && {};
      const video = member(dict.video);
      const audio = member(dict.audio);
      const wantVideo = video !== false;
      const wantAudio = audio !== false;
      if (!wantVideo && !wantAudio) throw new TypeError('getUserMedia: at least one of audio and video must be requested');
      const videoConstraints = knownConstraints(video || {});
      const audioConstraints = knownConstraints(audio || {});
      const { videos, inputs } = this.#devices();
      // Choose everything first, then open: a failure opens nothing.
      const camera = wantVideo ? chooseCamera(videos, videoConstraints) : null;
      const microphone = wantAudio ? chooseMicrophone(inputs, audioConstraints) : null;
      const tracks: MediaStreamTrack[] = [];
      try {
        if (microphone) tracks.push(openMicrophone(microphone, inputs));
        if (camera) tracks.push(openCamera(camera, videos));
      } catch (error) {
        for (const track of tracks) track.stop();
        throw error;
      }
      // getConstraints() returns what the track was created with, as in Chrome.
      for (const track of tracks) setInitialConstraints(track, track.kind === 'video' ? videoConstraints : audioConstraints);
      return new MediaStream(tracks);
    });
  }

  getDisplayMedia(options?: DisplayMediaStreamOptions): Promise<MediaStream> {
    return rejectOnThrow(async () => {
      const dict = dictionary<DisplayMediaStreamOptions>('MediaDevices.getDisplayMedia', options);
      // WebIDL (boolean or MediaTrackConstraints): null and objects are constraints, the rest a boolean
      // (video defaults to true, audio to false).
      const member = (value: unknown, fallback: boolean): MediaTrackConstraints | false =>
        value === undefined ? fallback && {} : value === null || typeof value === 'object' || typeof value === 'function' ? ((value ?? {}) as MediaTrackConstraints) : Boolean(value) && {};
      const videoMember = member(dict.video, true);
      const audioMember = member(dict.audio, false);
      if (videoMember === false) throw new TypeError('getDisplayMedia: video cannot be false');
      const video = knownConstraints(videoMember);
      const audio = audioMember === false ? {} : knownConstraints(audioMember);
      // screen-capture: advanced, min and exact are a TypeError in either member (as converted: members left
      // undefined, and constraints this implementation does not know, are not there).
      for (const [name, constraints] of [['video', video], ['audio', audio]] as const) {
        for (const [constraint, value] of Object.entries(constraints)) {
          if (constraint === 'advanced') throw new TypeError(`getDisplayMedia: advanced constraints are not allowed (in ${name})`);
          if (typeof value === 'object' && value !== null && ('min' in value || 'exact' in value)) {
            throw new TypeError(`getDisplayMedia: '${name}.${constraint}' cannot have min or exact constraints`);
          }
        }
      }
      if (!process.env.DISPLAY) throw domException('NotFoundError', 'getDisplayMedia: there is no screen to capture (DISPLAY is not set)');
      const display = process.env.DISPLAY;
      // The screen's size is known once the capturer has its first frame: then the constraints choose the
      // output (and one no output meets, such as width {max: 0}, is an OverconstrainedError).
      const capture = new binding.ScreenCapture({ frameRate: 30 });
      let chosen: Settings;
      try {
        chosen = chooseScreenOutput(capture, video);
      } catch (error) {
        capture.stop();
        throw error;
      }
      const source: TrackSource = {
        label: `screen ${display}`,
        // The whole screen is a logical surface; X11's image of it carries no pointer (screen-capture's cursor: 'never').
        settings: () => ({ ...chosen, deviceId: `screen:${display}`, displaySurface: 'monitor', logicalSurface: true, cursor: 'never' }) as MediaTrackSettings,
        capabilities: () => {
          const { screenWidth, screenHeight } = capture.settings();
          return { displaySurface: 'monitor', logicalSurface: true, cursor: ['never'], width: { min: 1, max: screenWidth }, height: { min: 1, max: screenHeight }, frameRate: { min: 1, max: 60 } } as MediaTrackCapabilities;
        },
        applyConstraints: async (next) => {
          chosen = chooseScreenOutput(capture, next);
        },
        onTrackStopped: () => capture.stop(),
        frameCounts: () => capture.frameCounts(),
      };
      const track = new MediaStreamTrack(illegalConstructor, capture.createTrack(), source);
      setInitialConstraints(track, video);
      return new MediaStream([track]);
    });
  }

  /** The devices now: the synthetic ones first when enabled. */
  #devices(): { videos: VideoDevice[]; inputs: AudioDevice[]; outputs: AudioDevice[]; native: NativeDevices } {
    const native = binding.enumerateDevices();
    const videos: VideoDevice[] = native.videoInputs.map((d) => ({ ...d, synthetic: false }));
    const inputs: AudioDevice[] = native.audioInputs.map((d) => ({ ...d, groupId: d.id, synthetic: false }));
    const outputs: AudioDevice[] = native.audioOutputs.map((d) => ({ ...d, groupId: d.id, synthetic: false }));
    if (this.#synthetic) {
      videos.unshift({ id: SYNTHETIC_CAMERA, label: 'node-libwebrtc synthetic camera (test pattern, synthetic)', groupId: 'synthetic', formats: SYNTHETIC_FORMATS, synthetic: true });
      inputs.unshift({ id: SYNTHETIC_MICROPHONE, label: 'node-libwebrtc synthetic microphone (440 Hz tone, synthetic)', groupId: 'synthetic', synthetic: true });
    }
    const list = JSON.stringify([videos.map((d) => d.id), inputs.map((d) => d.id), outputs.map((d) => d.id)]);
    this.#lastDeviceList ??= list;
    return { videos, inputs, outputs, native };
  }

  /** devicechange: the device list is polled every 2 s while a listener exists. */
  override addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void {
    super.addEventListener(type, listener, options);
    if (type === 'devicechange' && !this.#poller) {
      this.#lastDeviceList = null;
      this.#devices();
      this.#poller = setInterval(() => {
        const before = this.#lastDeviceList;
        this.#lastDeviceList = null;
        this.#devices();
        if (before !== null && before !== this.#lastDeviceList) this.dispatchEvent(trusted(new Event('devicechange')));
      }, 2000);
      this.#poller.unref(); // watching for devices never keeps the process alive
    }
  }
}

defineEventHandlers(MediaDevices, ['devicechange']);
setLengths(MediaDevices, { getUserMedia: 0, getDisplayMedia: 0 });

function cameraCapabilities(device: VideoDevice): MediaTrackCapabilities {
  const maxWidth = Math.max(0, ...device.formats.map((f) => f.width));
  const maxHeight = Math.max(0, ...device.formats.map((f) => f.height));
  const maxRate = Math.max(0, ...device.formats.map((f) => f.frameRate));
  return {
    deviceId: device.id,
    groupId: device.groupId,
    width: { min: 1, max: maxWidth },
    height: { min: 1, max: maxHeight },
    aspectRatio: { min: 1 / Math.max(1, maxHeight), max: maxWidth },
    frameRate: { min: 1, max: maxRate },
    facingMode: [],
    resizeMode: ['none', 'crop-and-scale'],
  } as MediaTrackCapabilities;
}

// Microphones (the device module's and the synthetic one) deliver 10 ms frames: the latency Chrome reports for
// its 10 ms capture buffers, and the only one this capture offers.
const MICROPHONE_LATENCY = 0.01;

function microphoneCapabilities(device: AudioDevice): MediaTrackCapabilities {
  return {
    deviceId: device.id,
    groupId: device.groupId,
    sampleRate: { min: 48000, max: 48000 },
    sampleSize: { min: 16, max: 16 },
    channelCount: { min: 1, max: 1 }, // capture is mono: the only setting the candidates offer
    echoCancellation: [true, false],
    autoGainControl: [true, false],
    noiseSuppression: [true, false],
    latency: { min: MICROPHONE_LATENCY, max: MICROPHONE_LATENCY },
  } as MediaTrackCapabilities;
}

/** Every setting a camera can give: each native format, and each scaled down to what is asked. */
export function cameraCandidates(videos: VideoDevice[], constraints: MediaTrackConstraints): Candidate<CameraChoice>[] {
  const candidates: Candidate<CameraChoice>[] = [];
  const wantWidth = target(constraints.width);
  const wantHeight = target(constraints.height);
  const wantRate = target(constraints.frameRate);
  const wantAspect = target(constraints.aspectRatio);
  // Asked for by name, crop-and-scale is offered at each format's own size too (scaling to the same size).
  const resizeModes = [constraints, ...(constraints.advanced ?? [])].map((set) => (set as { resizeMode?: unknown }).resizeMode);
  const wantCropAndScale = JSON.stringify(resizeModes).includes('"crop-and-scale"');
  for (const device of videos) {
    // The user agent's preference: 640x480 or the nearest above it first, as Chrome does.
    const formats = [...device.formats].sort((a, b) => Math.abs(a.width * a.height - 307200) - Math.abs(b.width * b.height - 307200) || b.frameRate - a.frameRate);
    for (const format of formats) {
      const variants: { width: number; height: number; frameRate: number; resizeMode: string }[] = [{ ...format, resizeMode: 'none' }];
      const scaled = wantWidth !== undefined || wantHeight !== undefined || wantAspect !== undefined || (wantRate !== undefined && wantRate < format.frameRate);
      if (scaled || wantCropAndScale) {
        // Another aspect ratio is a centre crop (as the source crops); any size, odd ones too.
        const aspect = wantAspect !== undefined && wantAspect > 0 ? wantAspect : format.width / format.height;
        let width = Math.min(format.width, Math.round(wantWidth ?? Math.min(wantHeight ?? format.height, format.height) * aspect));
        const height = Math.min(format.height, Math.round(wantHeight ?? width / aspect));
        if (wantWidth === undefined) width = Math.min(format.width, Math.round(height * aspect));
        // At least 1 frame/s (the capabilities' minimum): 0 or less is no rate a device can run at.
        const frameRate = Math.max(1, Math.min(format.frameRate, wantRate ?? format.frameRate));
        if (width >= 1 && height >= 1) variants.push({ width, height, frameRate, resizeMode: 'crop-and-scale' });
      }
      for (const variant of variants) {
        const settings: Settings = {
          deviceId: device.id,
          groupId: device.groupId,
          width: variant.width,
          height: variant.height,
          frameRate: variant.frameRate,
          aspectRatio: variant.width / variant.height,
          resizeMode: variant.resizeMode,
        };
        candidates.push({ settings, detail: { device, format, output: { width: variant.width, height: variant.height } } });
      }
    }
  }
  // Of equally fit settings, a format as the device gives it is preferred to a cropped or scaled one.
  return [...candidates.filter((c) => c.settings.resizeMode === 'none'), ...candidates.filter((c) => c.settings.resizeMode !== 'none')];
}

/**
 * The screen's output for these constraints: the screen's own size, or scaled down (keeping its aspect ratio)
 * to the width and height asked, at the rate asked (1 to 60 frames/s); applied to the capturer. Throws
 * OverconstrainedError when no output meets them.
 */
function chooseScreenOutput(capture: NativeScreenCapture, constraints: MediaTrackConstraints): Settings {
  const { screenWidth, screenHeight } = capture.settings();
  if (!(screenWidth > 0 && screenHeight > 0)) throw domException('NotReadableError', 'getDisplayMedia: the screen gave no frame to capture');
  const frameRate = Math.min(60, Math.max(1, target(constraints.frameRate) ?? 30));
  const wantWidth = target(constraints.width);
  const wantHeight = target(constraints.height);
  const scale = Math.min(1, wantWidth !== undefined ? wantWidth / screenWidth : 1, wantHeight !== undefined ? wantHeight / screenHeight : 1);
  const output = (width: number, height: number, resizeMode: string): Candidate<null> => ({
    settings: { width, height, aspectRatio: width / height, frameRate, resizeMode },
    detail: null,
  });
  const candidates = [output(screenWidth, screenHeight, 'none')];
  if (scale < 1) candidates.unshift(output(Math.max(1, Math.round(screenWidth * scale)), Math.max(1, Math.round(screenHeight * scale)), 'crop-and-scale'));
  const selection = selectSettings(constraints, candidates, 'video');
  if ('failedConstraint' in selection) {
    throw new OverconstrainedError(selection.failedConstraint, `The screen cannot satisfy the constraint '${selection.failedConstraint}'`);
  }
  const { settings } = selection.candidate;
  const scaled = settings.resizeMode !== 'none';
  capture.configure({ frameRate, ...(scaled ? { maxWidth: Number(settings.width), maxHeight: Number(settings.height) } : {}) });
  return settings;
}

function chooseCamera(videos: VideoDevice[], constraints: MediaTrackConstraints): Candidate<CameraChoice> {
  if (videos.length === 0) throw domException('NotFoundError', 'getUserMedia: there is no camera on this machine (see mediaDevices.useSyntheticDevices())');
  const selection = selectSettings(constraints, cameraCandidates(videos, constraints), 'video');
  if ('failedConstraint' in selection) {
    throw new OverconstrainedError(selection.failedConstraint, `No camera can satisfy the constraint '${selection.failedConstraint}'`);
  }
  return selection.candidate;
}

export function microphoneCandidates(inputs: AudioDevice[]): Candidate<MicrophoneChoice>[] {
  const candidates: Candidate<MicrophoneChoice>[] = [];
  for (const device of inputs) {
    // Chrome's defaults first: every processing step on.
    for (const on of [true, false]) {
      for (const ec of [on, !on]) {
        for (const agc of [on, !on]) {
          for (const ns of [on, !on]) {
            const processing = { echoCancellation: ec, autoGainControl: agc, noiseSuppression: ns };
            candidates.push({
              settings: { deviceId: device.id, groupId: device.groupId, sampleRate: 48000, sampleSize: 16, channelCount: 1, latency: MICROPHONE_LATENCY, ...processing },
              detail: { device, processing },
            });
          }
        }
      }
    }
  }
  // Dedupe the nested loops' repeats, keeping the first (preferred) order.
  const seen = new Set<string>();
  return candidates.filter((c) => {
    const key = JSON.stringify(c.settings);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function chooseMicrophone(inputs: AudioDevice[], constraints: MediaTrackConstraints): Candidate<MicrophoneChoice> {
  if (inputs.length === 0) throw domException('NotFoundError', 'getUserMedia: there is no microphone on this machine (see mediaDevices.useSyntheticDevices())');
  const selection = selectSettings(constraints, microphoneCandidates(inputs), 'audio');
  if ('failedConstraint' in selection) {
    throw new OverconstrainedError(selection.failedConstraint, `No microphone can satisfy the constraint '${selection.failedConstraint}'`);
  }
  return selection.candidate;
}

function openCamera(choice: Candidate<CameraChoice>, videos: VideoDevice[]): MediaStreamTrack {
  const { device, format, output } = choice.detail;
  let settings = choice.settings;
  if (device.synthetic) {
    const camera = new SyntheticCamera();
    camera.start(output.width, output.height, Number(settings.frameRate));
    return createDeviceTrack(camera.source, {
      label: device.label,
      settings: () => ({ ...settings }) as MediaTrackSettings,
      capabilities: () => cameraCapabilities(device),
      applyConstraints: async (next) => {
        const chosen = chooseCamera([device], next);
        settings = chosen.settings;
        camera.start(chosen.detail.output.width, chosen.detail.output.height, Number(settings.frameRate));
      },
      onTrackStopped: () => camera.stop(),
      frameCounts: () => sourceInternals.frameCountsOf(camera.source),
    });
  }
  const capture = new binding.CameraCapture(device.id, { ...format, outputWidth: output.width, outputHeight: output.height });
  return new MediaStreamTrack(illegalConstructor, capture.createTrack(), {
    label: device.label,
    settings: () => ({ ...settings }) as MediaTrackSettings,
    capabilities: () => cameraCapabilities(device),
    applyConstraints: async (next) => {
      const chosen = chooseCamera(videos.filter((d) => d.id === device.id), next);
      capture.configure({ ...chosen.detail.format, outputWidth: chosen.detail.output.width, outputHeight: chosen.detail.output.height });
      settings = chosen.settings;
    },
    onTrackStopped: () => capture.stop(), // releases the device at once
    frameCounts: () => capture.frameCounts(),
  });
}

function openMicrophone(choice: Candidate<MicrophoneChoice>, inputs: AudioDevice[]): MediaStreamTrack {
  const { device, processing } = choice.detail;
  let settings = choice.settings;
  if (device.synthetic) {
    const microphone = new SyntheticMicrophone();
    microphone.start();
    return createDeviceTrack(microphone.source, {
      label: device.label,
      settings: () => ({ ...settings }) as MediaTrackSettings,
      capabilities: () => microphoneCapabilities(device),
      applyConstraints: async (next) => {
        settings = chooseMicrophone([device], next).settings;
      },
      onTrackStopped: () => microphone.stop(),
      audioStats: sourceInternals.audioStatsOf(microphone.source),
    });
  }
  const capture = new binding.MicrophoneCapture(device.id, processing);
  return new MediaStreamTrack(illegalConstructor, capture.createTrack(), {
    label: device.label,
    settings: () => ({ ...settings, ...capture.settings() }) as MediaTrackSettings, // the device's real rate
    capabilities: () => microphoneCapabilities(device),
    applyConstraints: async (next) => {
      const chosen = chooseMicrophone(inputs.filter((d) => d.id === device.id), next);
      capture.configure(chosen.detail.processing);
      settings = chosen.settings;
    },
    onTrackStopped: () => capture.stop(),
    audioStats: capture,
  });
}

/** The one MediaDevices of this environment. */
export const mediaDevices = new MediaDevices(illegalConstructor);

/** Nonstandard: makes `navigator.mediaDevices` this object (Node has no navigator.mediaDevices of its own). */
export function installNavigatorMediaDevices(): void {
  const global = globalThis as unknown as { navigator?: Record<string, unknown> };
  if (!global.navigator) Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true, writable: true });
  Object.defineProperty(global.navigator!, 'mediaDevices', { value: mediaDevices, configurable: true });
}

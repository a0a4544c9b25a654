// Raw media in and out, with the names and shapes of @roamhq/wrtc's `nonstandard` export, so its users
// switch by changing one import. Video is packed I420 ({ width, height, data }); audio is 16-bit PCM in 10 ms
// frames ({ samples, sampleRate, bitsPerSample, channelCount, numberOfFrames }). Sinks deliver frames as
// Uint8Array and samples as Int16Array, as @roamhq/wrtc does.
import { binding, type NativeAudioSink, type NativeAudioSource, type NativeVideoSink, type NativeVideoSource } from './native';
import { MediaStreamTrack, isTrack, nativeOfTrack, whenTrackEnabledChanges, whenTrackStopped, type TrackSource } from './MediaStreamTrack';
import { registerTrackFactory } from './internal/device-tracks';
import { sourceInternals } from './internal/source-internals';
import { defineEventHandlers } from './internal/event-handlers';
import { dictionary, illegalConstructor, typeError } from './internal/webidl';
import { trusted } from './internal/trusted';

// For synthetic capture devices (library-internal, in sourceInternals so that the public `nonstandard`
// namespace holds only @roamhq/wrtc's names): what an RTCVideoSource delivered and discarded; an
// RTCAudioSource's stats support, and a push that says how late the chunk is (its latency).

/** A frame pushed to RTCVideoSource.onFrame(): packed I420 in any byte view. */
export interface RTCVideoFrame {
  width: number;
  height: number;
  data: Uint8ClampedArray | Uint8Array;
  rotation?: number;
}

/** A frame an RTCVideoSink delivers: packed I420 in a Uint8Array (as @roamhq/wrtc's: Buffer.concat takes it). */
export interface RTCVideoSinkFrame {
  width: number;
  height: number;
  rotation: number;
  data: Uint8Array;
}

/**
 * 10 ms of 16-bit PCM for RTCAudioSource.onData(): numberOfFrames is sampleRate / 100 rounded down (220 at
 * 22050 Hz), and samples an Int16Array, or (as @roamhq/wrtc takes) any ArrayBufferView or ArrayBuffer of
 * that many little-endian 16-bit samples.
 */
export interface RTCAudioData {
  samples: Int16Array | ArrayBufferView | ArrayBuffer;
  sampleRate?: number;
  /** Only 16 is accepted (TypeError otherwise); typed as number so that `{ bitsPerSample: 16 }` in a variable fits. */
  bitsPerSample?: number;
  channelCount?: number;
  numberOfFrames?: number;
}

/** A video source fed from JS: push I420 frames with onFrame(); its tracks can be sent or sunk. */
export class RTCVideoSource {
  readonly #native: NativeVideoSource;
  readonly #isScreencast: boolean;
  readonly #needsDenoising: boolean | null;
  #last: { width: number; height: number; at: number[] } = { width: 0, height: 0, at: [] };

  constructor(init: { isScreencast?: boolean; needsDenoising?: boolean } = {}) {
    const dict = dictionary<{ isScreencast?: boolean; needsDenoising?: boolean }>('new RTCVideoSource', init);
    this.#isScreencast = Boolean(dict.isScreencast);
    this.#needsDenoising = dict.needsDenoising === undefined ? null : Boolean(dict.needsDenoising);
    this.#native = new binding.VideoSource({
      isScreencast: this.#isScreencast,
      ...(this.#needsDenoising === null ? {} : { needsDenoising: this.#needsDenoising }),
    });
    registerTrackFactory(this, (presentation) => this.#createTrackWith(presentation));
  }

  get isScreencast(): boolean {
    return this.#isScreencast;
  }
  get needsDenoising(): boolean | null {
    return this.#needsDenoising;
  }

  createTrack(): MediaStreamTrack {
    return this.#createTrackWith(this.#trackSource());
  }

  /** A track of this source that presents itself as `source` says (synthetic capture devices). */
  #createTrackWith(source: TrackSource): MediaStreamTrack {
    return new MediaStreamTrack(illegalConstructor, this.#native.createTrack(), source);
  }

  #trackSource(): TrackSource {
    return {
      label: this.#isScreencast ? 'RTCVideoSource (screencast)' : 'RTCVideoSource',
      settings: () => {
        // Frames pushed in the last second: a steady source's rate; a burst counts as frames per second, not
        // as its instantaneous (near-infinite) rate.
        const at = this.#last.at.filter((t) => performance.now() - t < 1000);
        const span = at.length > 1 ? at[at.length - 1] - at[0] : 0;
        const frameRate = at.length < 2 ? undefined : span >= 500 ? Math.round(((at.length - 1) * 1000) / span) : at.length;
        return {
          ...(this.#last.width ? { width: this.#last.width, height: this.#last.height, aspectRatio: this.#last.width / this.#last.height } : {}),
          ...(frameRate ? { frameRate } : {}),
        };
      },
    };
  }

  /** Pushes one frame to every track of this source. Throws TypeError naming the expected size. */
  onFrame(frame: RTCVideoFrame): void {
    this.#native.onFrame(frame);
    const now = performance.now();
    this.#last.width = frame.width;
    this.#last.height = frame.height;
    this.#last.at.push(now);
    while (this.#last.at.length > 0 && (now - this.#last.at[0] >= 1000 || this.#last.at.length > 1000)) this.#last.at.shift();
  }

  static {
    sourceInternals.frameCountsOf = (source) => (source as RTCVideoSource).#native.frameCounts();
  }
}

/** The frame event of RTCVideoSink: `event.frame` is { width, height, rotation, data (I420, a Uint8Array) }. */
export class RTCVideoFrameEvent extends Event {
  readonly frame: RTCVideoSinkFrame;
  constructor(frame: RTCVideoSinkFrame) {
    super('frame');
    this.frame = frame;
  }
}

/** RTCVideoSink's events, for typed addEventListener (declaration merging: no runtime code). */
export interface RTCVideoSinkEventMap {
  frame: RTCVideoFrameEvent;
}
export interface RTCVideoSink {
  addEventListener<K extends keyof RTCVideoSinkEventMap>(type: K, listener: (this: RTCVideoSink, ev: RTCVideoSinkEventMap[K]) => any, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof RTCVideoSinkEventMap>(type: K, listener: (this: RTCVideoSink, ev: RTCVideoSinkEventMap[K]) => any, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

/**
 * Running sinks, kept alive until stop() or their track ends, as @roamhq/wrtc's are: frames keep reaching
 * the handler of a sink the application kept no reference to (`new RTCVideoSink(track).onframe = ...`).
 */
const runningSinks = new Set<RTCVideoSink | RTCAudioSink>();

/**
 * Receives the frames of a video track (local or remote) as I420. A consumer slower than the video drops
 * the oldest frames (see `droppedFrames`) instead of stalling libwebrtc or growing memory.
 */
export class RTCVideoSink extends EventTarget {
  #native: NativeVideoSink | null;
  #untrack: () => void;
  declare onframe: ((this: RTCVideoSink, event: RTCVideoFrameEvent) => unknown) | null;

  constructor(track: globalThis.MediaStreamTrack) {
    super();
    if (!isTrack(track) || track.kind !== 'video') throw typeError('new RTCVideoSink', 'a video MediaStreamTrack', track);
    // An ended track delivers nothing: the sink starts stopped.
    this.#native = null;
    this.#untrack = () => {};
    if (track.readyState === 'ended') return;
    const native = new binding.VideoSink(nativeOfTrack(track));
    native.onframe = (width, height, rotation, data) => {
      this.dispatchEvent(trusted(new RTCVideoFrameEvent({ width, height, rotation, data: new Uint8Array(data) })));
    };
    this.#native = native;
    this.#untrack = whenTrackStopped(track, () => this.stop());
    runningSinks.add(this);
  }

  get stopped(): boolean {
    return this.#native === null;
  }
  /** Frames dropped because JS did not take them in time (nonstandard addition); kept after stop(). */
  get droppedFrames(): number {
    return this.#native ? this.#native.dropped() : this.#dropped;
  }
  #dropped = 0;

  stop(): void {
    if (!this.#native) return;
    runningSinks.delete(this);
    this.#dropped = this.#native.dropped();
    this.#native.stop();
    this.#native.onframe = null;
    this.#native = null;
    this.#untrack();
  }
}

defineEventHandlers(RTCVideoSink, ['frame']);

/** An audio source fed from JS: push 10 ms of 16-bit PCM with onData(). */
export class RTCAudioSource {
  readonly #native: NativeAudioSource = new binding.AudioSource();

  constructor() {
    registerTrackFactory(this, (presentation) => this.#createTrackWith(presentation));
  }

  createTrack(): MediaStreamTrack {
    return this.#createTrackWith({
      label: 'RTCAudioSource',
      settings: () => ({ ...(this.#lastRate ? { sampleRate: this.#lastRate, channelCount: this.#lastChannels, sampleSize: 16 } : {}) }),
    });
  }

  #createTrackWith(source: TrackSource): MediaStreamTrack {
    return new MediaStreamTrack(illegalConstructor, this.#native.createTrack(), source);
  }

  #lastRate = 0;
  #lastChannels = 0;

  /** Throws TypeError naming the expected sample count when the data is not exactly 10 ms (sampleRate / 100 frames). */
  onData(data: RTCAudioData): void {
    this.#push(data);
  }

  #push(data: RTCAudioData, latencyMs?: number): void {
    this.#native.onData(data, latencyMs);
    this.#lastRate = data.sampleRate ?? 48000;
    this.#lastChannels = data.channelCount ?? 1;
  }

  static {
    sourceInternals.audioStatsOf = (source) => (source as RTCAudioSource).#native;
    sourceInternals.pushAudioWithLatency = (source, data, latencyMs) => (source as RTCAudioSource).#push(data as RTCAudioData, latencyMs);
  }
}

/** The data event of RTCAudioSink. */
export class RTCAudioDataEvent extends Event {
  readonly samples: Int16Array;
  readonly sampleRate: number;
  readonly bitsPerSample = 16;
  readonly channelCount: number;
  readonly numberOfFrames: number;
  constructor(samples: Int16Array, sampleRate: number, channelCount: number, numberOfFrames: number) {
    super('data');
    this.samples = samples;
    this.sampleRate = sampleRate;
    this.channelCount = channelCount;
    this.numberOfFrames = numberOfFrames;
  }
}

/** RTCAudioSink's events, for typed addEventListener (declaration merging: no runtime code). */
export interface RTCAudioSinkEventMap {
  data: RTCAudioDataEvent;
}
export interface RTCAudioSink {
  addEventListener<K extends keyof RTCAudioSinkEventMap>(type: K, listener: (this: RTCAudioSink, ev: RTCAudioSinkEventMap[K]) => any, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof RTCAudioSinkEventMap>(type: K, listener: (this: RTCAudioSink, ev: RTCAudioSinkEventMap[K]) => any, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

/** Receives an audio track's PCM (remote: decoded and mixed, every 10 ms). */
export class RTCAudioSink extends EventTarget {
  #native: NativeAudioSink | null;
  #untrack: () => void;
  declare ondata: ((this: RTCAudioSink, event: RTCAudioDataEvent) => unknown) | null;

  constructor(track: globalThis.MediaStreamTrack) {
    super();
    if (!isTrack(track) || track.kind !== 'audio') throw typeError('new RTCAudioSink', 'an audio MediaStreamTrack', track);
    // An ended track delivers nothing: the sink starts stopped.
    this.#native = null;
    this.#untrack = () => {};
    if (track.readyState === 'ended') return;
    // A disabled track renders silence (libwebrtc hands sinks the source's audio regardless).
    const native = new binding.AudioSink(nativeOfTrack(track), track.enabled);
    native.ondata = (samples, sampleRate, channelCount, numberOfFrames) => {
      this.dispatchEvent(trusted(new RTCAudioDataEvent(samples, sampleRate, channelCount, numberOfFrames)));
    };
    const unfollow = whenTrackEnabledChanges(track, (enabled) => native.setEnabled(enabled));
    const untrack = whenTrackStopped(track, () => this.stop());
    this.#native = native;
    this.#untrack = () => {
      unfollow();
      untrack();
    };
    runningSinks.add(this);
  }

  get stopped(): boolean {
    return this.#native === null;
  }
  /** 10 ms chunks dropped because JS did not take them within a second (nonstandard addition); kept after stop(). */
  get droppedChunks(): number {
    return this.#native ? this.#native.dropped() : this.#dropped;
  }
  #dropped = 0;

  stop(): void {
    if (!this.#native) return;
    runningSinks.delete(this);
    this.#dropped = this.#native.dropped();
    this.#native.stop();
    this.#native.ondata = null;
    this.#native = null;
    this.#untrack();
  }
}

defineEventHandlers(RTCAudioSink, ['data']);

/** Converts packed I420 to RGBA (canvas ImageData byte order), with libyuv. */
export function i420ToRgba(i420Frame: { width: number; height: number; data: ArrayBufferView }, rgbaFrame: { width: number; height: number; data: ArrayBufferView }): void {
  binding.i420ToRgba(i420Frame, rgbaFrame);
}

/** Converts RGBA to packed I420, with libyuv. */
export function rgbaToI420(rgbaFrame: { width: number; height: number; data: ArrayBufferView }, i420Frame: { width: number; height: number; data: ArrayBufferView }): void {
  binding.rgbaToI420(rgbaFrame, i420Frame);
}

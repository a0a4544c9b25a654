import type { NativeAudioStats, NativeFrameCounts, NativeMediaStreamTrack } from './native';
import type { MediaStreamTrackAudioStats } from './MediaStreamTrackAudioStats';
import type { MediaStreamTrackVideoStats } from './MediaStreamTrackVideoStats';
import { AudioStatsKeeper, VideoStatsKeeper, type TrackStatsKeeper } from './internal/track-stats';
import { invalidState } from './internal/errors';
import { defineEventHandlers } from './internal/event-handlers';
import { dictionary, illegalConstructor, requireInternal } from './internal/webidl';

/** What a track's source knows about itself: settings, capabilities, and how to apply constraints. */
export interface TrackSource {
  label?: string;
  settings?(): MediaTrackSettings;
  capabilities?(): MediaTrackCapabilities;
  /** Applies constraints (already checked against the capabilities); rejects with OverconstrainedError. */
  applyConstraints?(constraints: MediaTrackConstraints): Promise<void>;
  /** Called when the last live track of the source stops. */
  onTrackStopped?(track: MediaStreamTrack): void;
  /** Capture devices, for track.stats (null for other tracks). Video: the frames delivered and discarded. */
  frameCounts?(): NativeFrameCounts;
  /** Audio: the source's totals and latency windows (MediaStreamTrackAudioStats). */
  audioStats?: NativeAudioStats;
}

const natives = new WeakMap<MediaStreamTrack, NativeMediaStreamTrack>();

// Library-internal operations on tracks, kept off the track's public surface (assigned in the class's static block).
/** A remote track follows its receiver: muted until media flows, muted again when the receiver stops. */
export let setTrackMuted: (track: MediaStreamTrack, muted: boolean) => void;
/** Runs `hook` when the track stops (senders stop sending it, sinks detach); returns the way to cancel that. */
export let whenTrackStopped: (track: MediaStreamTrack, hook: () => void) => () => void;
const byNative = new WeakMap<NativeMediaStreamTrack, MediaStreamTrack>();

/** MediaStreamTrack (mediacapture-main §4.3): a local or remote audio or video track. */
export class MediaStreamTrack extends EventTarget implements globalThis.MediaStreamTrack {
  readonly #native: NativeMediaStreamTrack;
  readonly #kind: 'audio' | 'video';
  readonly #id: string;
  readonly #source: TrackSource;
  #enabled: boolean;
  #muted: boolean;
  #readyState: MediaStreamTrackState;
  #contentHint = '';
  #constraints: MediaTrackConstraints = {};
  /** Run when the track stops: senders stop sending it, sinks detach. */
  readonly #onStop = new Set<() => void>();
  /** track.stats of a capture device's track. */
  #statsKeeper: TrackStatsKeeper | null = null;

  declare onended: ((this: globalThis.MediaStreamTrack, ev: Event) => any) | null;
  declare onmute: ((this: globalThis.MediaStreamTrack, ev: Event) => any) | null;
  declare onunmute: ((this: globalThis.MediaStreamTrack, ev: Event) => any) | null;

  /** @internal */
  constructor(token: typeof illegalConstructor, native: NativeMediaStreamTrack, source: TrackSource = {}, muted = false) {
    requireInternal(token, 'MediaStreamTrack');
    super();
    this.#native = native;
    this.#source = source;
    const info = native.info();
    this.#kind = info.kind;
    this.#id = info.id;
    this.#enabled = info.enabled;
    this.#readyState = info.readyState;
    this.#muted = muted;
    const counting = this.#enabled && this.#readyState === 'live';
    if (source.frameCounts) this.#statsKeeper = new VideoStatsKeeper(() => source.frameCounts?.() ?? null, counting);
    else if (source.audioStats) this.#statsKeeper = new AudioStatsKeeper(source.audioStats, counting);
    if (this.#readyState === 'ended') this.#statsKeeper?.end();
    natives.set(this, native);
    byNative.set(native, this);
    native.onended = () => this.#endedBySource();
  }

  get kind(): string {
    return this.#kind;
  }
  get id(): string {
    return this.#id;
  }
  get label(): string {
    return this.#source.label ?? '';
  }
  get enabled(): boolean {
    return this.#enabled;
  }
  /** Disabling sends black frames or silence, as the spec says. */
  set enabled(value: boolean) {
    const enabled = Boolean(value);
    if (this.#readyState === 'live' && enabled !== this.#enabled) this.#statsKeeper?.setEnabled(enabled);
    this.#enabled = enabled;
    if (this.#readyState === 'live') this.#native.setEnabled(this.#enabled);
  }
  get muted(): boolean {
    return this.#muted;
  }
  get readyState(): MediaStreamTrackState {
    return this.#readyState;
  }
  get contentHint(): string {
    return this.#contentHint;
  }
  set contentHint(value: string) {
    const hints = this.#kind === 'audio' ? ['', 'speech', 'speech-recognition', 'music'] : ['', 'motion', 'detail', 'text'];
    if (hints.includes(String(value))) this.#contentHint = String(value);
  }

  clone(): MediaStreamTrack {
    const copy = new MediaStreamTrack(illegalConstructor, this.#readyState === 'ended' ? this.#native : this.#native.clone(), this.#source, this.#muted);
    copy.#enabled = this.#enabled;
    copy.#constraints = structuredClone(this.#constraints);
    copy.#contentHint = this.#contentHint;
    if (this.#readyState === 'ended') copy.#readyState = 'ended';
    return copy;
  }

  /** Stops the track for good; no 'ended' event (that is for the source ending it). */
  stop(): void {
    if (this.#readyState === 'ended') return;
    this.#statsKeeper?.end();
    this.#readyState = 'ended';
    this.#native.stop();
    for (const hook of [...this.#onStop]) hook();
    this.#onStop.clear();
    this.#source.onTrackStopped?.(this);
  }

  getCapabilities(): MediaTrackCapabilities {
    return this.#source.capabilities?.() ?? {};
  }
  getConstraints(): MediaTrackConstraints {
    return structuredClone(this.#constraints);
  }
  getSettings(): MediaTrackSettings {
    return this.#source.settings?.() ?? {};
  }

  /** Constraints the source cannot honour reject with OverconstrainedError; others are kept and applied. */
  applyConstraints(constraints?: MediaTrackConstraints): Promise<void> {
    return (async () => {
      const dict = dictionary<MediaTrackConstraints>('MediaStreamTrack.applyConstraints', constraints);
      if (this.#readyState === 'ended') return;
      const capabilities = this.getCapabilities() as Record<string, unknown>;
      for (const [name, value] of Object.entries(dict)) {
        if (name === 'advanced' || name in capabilities) continue;
        const required = typeof value === 'object' && value !== null && ('exact' in value || 'min' in value || 'max' in value);
        if (required) throw new OverconstrainedErrorImpl(name, `${name} is not supported by this track's source`);
      }
      if (this.#source.applyConstraints) await this.#source.applyConstraints(dict);
      this.#constraints = structuredClone(dict);
    })();
  }

  /**
   * mediacapture-extensions: frame counters of a camera or screen track (MediaStreamTrackVideoStats), and
   * delivery and latency of a microphone track (MediaStreamTrackAudioStats); null for tracks that do not
   * come from a capture device (RTCVideoSource, RTCAudioSource, remote tracks).
   */
  get stats(): MediaStreamTrackVideoStats | MediaStreamTrackAudioStats | null {
    return this.#statsKeeper?.stats ?? null;
  }

  /** The source ended it (remote track stopped, device gone): 'ended' fires. */
  #endedBySource(): void {
    if (this.#readyState === 'ended') return;
    this.#statsKeeper?.end();
    this.#readyState = 'ended';
    for (const hook of [...this.#onStop]) hook();
    this.#onStop.clear();
    this.dispatchEvent(new Event('ended'));
  }

  #setMuted(muted: boolean): void {
    if (muted === this.#muted || this.#readyState === 'ended') return;
    this.#muted = muted;
    this.dispatchEvent(new Event(muted ? 'mute' : 'unmute'));
  }

  #whenStopped(hook: () => void): () => void {
    this.#onStop.add(hook);
    return () => this.#onStop.delete(hook);
  }

  static {
    setTrackMuted = (track, muted) => track.#setMuted(muted);
    whenTrackStopped = (track, hook) => track.#whenStopped(hook);
  }
}

defineEventHandlers(MediaStreamTrack, ['ended', 'mute', 'unmute']);

export function nativeOfTrack(track: unknown): NativeMediaStreamTrack {
  const native = natives.get(track as MediaStreamTrack);
  if (!native) throw new TypeError('Expected a MediaStreamTrack created by node-libwebrtc');
  return native;
}

export function isTrack(value: unknown): value is MediaStreamTrack {
  return natives.has(value as MediaStreamTrack);
}

/** The one MediaStreamTrack for a native track (remote tracks are created on first sight). */
export function trackOf(native: NativeMediaStreamTrack, create: () => MediaStreamTrack): MediaStreamTrack {
  return byNative.get(native) ?? create();
}

/** OverconstrainedError (mediacapture-main §11): a DOMException naming the constraint. */
export class OverconstrainedErrorImpl extends DOMException {
  readonly constraint: string;
  constructor(constraint: string, message = '') {
    super(message, 'OverconstrainedError');
    this.constraint = constraint;
  }
}

void invalidState;

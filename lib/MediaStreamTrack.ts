import type { NativeFrameCounts, NativeMediaStreamTrack } from './native';
import { MediaStreamTrackVideoStats, type VideoFrameCounts } from './MediaStreamTrackVideoStats';
import { notSupported, invalidState } from './internal/errors';
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
  /** A capture device (camera, screen, microphone): track.stats applies, null for other tracks. */
  device?: boolean;
  /** Video devices: the frames the source delivered and discarded (MediaStreamTrackVideoStats). */
  frameCounts?(): NativeFrameCounts;
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
  // track.stats of a video device track: the source's counts less those at this track's creation and
  // those while it was disabled; held still while disabled or ended.
  #stats: MediaStreamTrackVideoStats | null = null;
  #countsBase: VideoFrameCounts = { delivered: 0, discarded: 0 };
  #countsExcluded: VideoFrameCounts = { delivered: 0, discarded: 0 };
  #countsHeldAt: VideoFrameCounts | null = null;
  #lastSourceCounts: VideoFrameCounts = { delivered: 0, discarded: 0 };

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
    if (source.frameCounts) {
      this.#countsBase = this.#sourceCounts();
      if (!this.#enabled || this.#readyState === 'ended') this.#countsHeldAt = this.#countsBase;
    }
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
    if (this.#source.frameCounts && this.#readyState === 'live' && enabled !== this.#enabled) {
      if (!enabled) this.#countsHeldAt = this.#sourceCounts();
      else if (this.#countsHeldAt) {
        const now = this.#sourceCounts();
        this.#countsExcluded = {
          delivered: this.#countsExcluded.delivered + now.delivered - this.#countsHeldAt.delivered,
          discarded: this.#countsExcluded.discarded + now.discarded - this.#countsHeldAt.discarded,
        };
        this.#countsHeldAt = null;
      }
    }
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
    this.#holdCounts();
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
   * mediacapture-extensions: frame counters of a camera or screen track; null for tracks that do not come
   * from a capture device (RTCVideoSource, remote tracks). Audio devices' MediaStreamTrackAudioStats is
   * not implemented: NotSupportedError.
   */
  get stats(): MediaStreamTrackVideoStats | null {
    if (!this.#source.device) return null;
    if (!this.#source.frameCounts) {
      throw notSupported('MediaStreamTrack.stats of an audio device track (MediaStreamTrackAudioStats) is not supported by node-libwebrtc');
    }
    return (this.#stats ??= new MediaStreamTrackVideoStats(illegalConstructor, () => this.#videoCounts()));
  }

  #videoCounts(): VideoFrameCounts {
    const now = this.#countsHeldAt ?? this.#sourceCounts();
    return {
      delivered: now.delivered - this.#countsBase.delivered - this.#countsExcluded.delivered,
      discarded: now.discarded - this.#countsBase.discarded - this.#countsExcluded.discarded,
    };
  }

  #sourceCounts(): VideoFrameCounts {
    const counts = this.#source.frameCounts?.();
    if (counts) this.#lastSourceCounts = counts;
    return this.#lastSourceCounts; // the last known counts once the source is released
  }

  #holdCounts(): void {
    if (this.#source.frameCounts && !this.#countsHeldAt) this.#countsHeldAt = this.#sourceCounts();
  }

  /** The source ended it (remote track stopped, device gone): 'ended' fires. */
  #endedBySource(): void {
    if (this.#readyState === 'ended') return;
    this.#holdCounts();
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

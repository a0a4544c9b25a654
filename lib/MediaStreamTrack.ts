import type { NativeAudioStats, NativeFrameCounts, NativeMediaStreamTrack } from './native';
import type { MediaStreamTrackAudioStats } from './MediaStreamTrackAudioStats';
import type { MediaStreamTrackVideoStats } from './MediaStreamTrackVideoStats';
import { AudioStatsKeeper, VideoStatsKeeper, type TrackStatsKeeper } from './internal/track-stats';
import { knownConstraints, selectSettings, type Settings } from './internal/constraints';
import { defineEventHandlers } from './internal/event-handlers';
import { dictionary, domString, illegalConstructor, requireArguments, requireInternal, setLengths } from './internal/webidl';
import { trusted } from './internal/trusted';

/** What a track's source knows about itself: settings, capabilities, and how to apply constraints. */
export interface TrackSource {
  label?: string;
  settings?(): MediaTrackSettings;
  capabilities?(): MediaTrackCapabilities;
  /**
   * Reconfigures the source for these constraints (unknown members already dropped); rejects with
   * OverconstrainedError. Only called while one live track uses the source: with clones live, a track's new
   * constraints must be met by the source's current settings, so that the other tracks keep theirs.
   */
  applyConstraints?(constraints: MediaTrackConstraints): Promise<void>;
  /** Called when the last live track of the source (the track and its clones) stops. */
  onTrackStopped?(track: MediaStreamTrack): void;
  /** Capture devices, for track.stats (null for other tracks). Video: the frames delivered and discarded. */
  frameCounts?(): NativeFrameCounts;
  /** Audio: the source's totals and latency windows (MediaStreamTrackAudioStats). */
  audioStats?: NativeAudioStats;
}

const natives = new WeakMap<MediaStreamTrack, NativeMediaStreamTrack>();

/**
 * What a track and its clones share, being one source (mediacapture-main): the tracks still live (the source
 * stops with the last of them), and muted, which is the source's state.
 */
class SourceGroup {
  readonly live = new Set<MediaStreamTrack>();
  constructor(public muted: boolean) {}
}

// Library-internal operations on tracks, kept off the track's public surface (assigned in the class's static block).
/** A remote track follows its receiver: muted until media flows, muted again when the receiver stops. */
export let setTrackMuted: (track: MediaStreamTrack, muted: boolean) => void;
/** The receiver's connection closed: the track and its clones end, muted, without events (webrtc-pc's "disappear"). */
export let endTrackQuietly: (track: MediaStreamTrack) => void;
/** Runs `hook` when the track stops (senders stop sending it, sinks detach); returns the way to cancel that. */
export let whenTrackStopped: (track: MediaStreamTrack, hook: () => void) => () => void;
/** Runs `hook` with the new value whenever `enabled` changes (audio sinks render silence); returns the way to cancel that. */
export let whenTrackEnabledChanges: (track: MediaStreamTrack, hook: (enabled: boolean) => void) => () => void;
/** The constraints getUserMedia created the track with (getConstraints() returns them, as in Chrome). */
export let setInitialConstraints: (track: MediaStreamTrack, constraints: MediaTrackConstraints) => void;
const byNative = new WeakMap<NativeMediaStreamTrack, MediaStreamTrack>();

// lib.dom's typed addEventListener/removeEventListener overloads (declaration merging: no runtime code).
export interface MediaStreamTrack {
  addEventListener<K extends keyof MediaStreamTrackEventMap>(type: K, listener: (this: globalThis.MediaStreamTrack, ev: MediaStreamTrackEventMap[K]) => any, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof MediaStreamTrackEventMap>(type: K, listener: (this: globalThis.MediaStreamTrack, ev: MediaStreamTrackEventMap[K]) => any, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

/** MediaStreamTrack (mediacapture-main §4.3): a local or remote audio or video track. */
export class MediaStreamTrack extends EventTarget implements globalThis.MediaStreamTrack {
  readonly #native: NativeMediaStreamTrack;
  readonly #kind: 'audio' | 'video';
  readonly #id: string;
  readonly #source: TrackSource;
  readonly #label: string;
  #group: SourceGroup;
  #enabled: boolean;
  #muted: boolean;
  #readyState: MediaStreamTrackState;
  #contentHint = '';
  #constraints: MediaTrackConstraints = {};
  /** Run when the track stops: senders stop sending it, sinks detach. */
  readonly #onStop = new Set<() => void>();
  readonly #onEnabled = new Set<(enabled: boolean) => void>();
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
    // webrtc-pc: a receiver's track is labelled "remote audio" or "remote video" (its clones keep that).
    this.#label = info.remote ? `remote ${info.kind}` : (source.label ?? '');
    this.#group = new SourceGroup(muted);
    if (this.#readyState === 'live') this.#group.live.add(this);
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
    return this.#label;
  }
  get enabled(): boolean {
    return this.#enabled;
  }
  /** Disabling sends black frames or silence, as the spec says. */
  set enabled(value: boolean) {
    const enabled = Boolean(value);
    if (this.#readyState === 'live' && enabled !== this.#enabled) this.#statsKeeper?.setEnabled(enabled);
    const changed = enabled !== this.#enabled;
    this.#enabled = enabled;
    if (this.#readyState !== 'live') return;
    this.#native.setEnabled(this.#enabled);
    if (changed) for (const hook of [...this.#onEnabled]) hook(enabled);
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
    const hint = domString('MediaStreamTrack.contentHint', value);
    if (!hints.includes(hint)) return;
    this.#contentHint = hint;
    // Video: libwebrtc's encoders weigh frame rate against resolution by it, as Chrome's do.
    this.#native.setContentHint(this.#contentHint);
  }

  /** A new track (new id) over the same source: same enabled, muted and readyState, its own constraints. */
  clone(): MediaStreamTrack {
    const ended = this.#readyState === 'ended';
    const native = this.#native.clone();
    if (ended) native.stop();
    const copy = new MediaStreamTrack(illegalConstructor, native, this.#source, this.#group.muted);
    copy.#group.live.delete(copy);
    copy.#group = this.#group;
    copy.#enabled = this.#enabled;
    copy.#constraints = structuredClone(this.#constraints);
    if (this.#contentHint) copy.contentHint = this.#contentHint;
    if (ended) {
      copy.#readyState = 'ended'; // the stopped native clone already says so; the statistics ended with it
    } else {
      copy.#native.setEnabled(copy.#enabled);
      copy.#group.live.add(copy);
    }
    return copy;
  }

  /** Stops the track for good; no 'ended' event (that is for the source ending it). The source stops with its last track. */
  stop(): void {
    if (this.#readyState === 'ended') return;
    this.#end();
    this.#native.stop();
    if (this.#group.live.size === 0) this.#source.onTrackStopped?.(this);
  }

  /** The track ends: senders stop sending it, sinks detach, the source no longer counts it. */
  #end(): void {
    this.#statsKeeper?.end();
    this.#readyState = 'ended';
    this.#group.live.delete(this);
    for (const hook of [...this.#onStop]) hook();
    this.#onStop.clear();
    this.#onEnabled.clear();
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

  /**
   * Constraints the source cannot honour reject with OverconstrainedError (the track keeps its constraints and
   * settings); others are kept and applied. Unknown constraints are ignored, as WebIDL drops unknown dictionary
   * members. While clones share the source, the source is not reconfigured: the constraints must be met by
   * its current settings, so that no other track's settings change.
   */
  applyConstraints(constraints?: MediaTrackConstraints): Promise<void> {
    return (async () => {
      const dict = knownConstraints(dictionary<MediaTrackConstraints>('MediaStreamTrack.applyConstraints', constraints));
      if (this.#readyState === 'ended') return;
      const shared = this.#group.live.size > 1;
      if (this.#source.applyConstraints && !shared) {
        await this.#source.applyConstraints(dict);
      } else {
        const selection = selectSettings(dict, [{ settings: this.getSettings() as Settings, detail: null }], this.kind as 'audio' | 'video');
        if ('failedConstraint' in selection) {
          const name = selection.failedConstraint;
          const why = shared
            ? `the source is shared with a clone of this track, and its current ${name} does not satisfy the constraint`
            : `this track's source cannot satisfy the constraint '${name}'`;
          throw new OverconstrainedError(name, `applyConstraints: ${why}`);
        }
      }
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

  /** The source ended (remote track stopped, device gone): this track and its clones end, 'ended' fires on each. */
  #endedBySource(): void {
    if (this.#readyState === 'ended') return;
    const others = [...this.#group.live].filter((track) => track !== this);
    this.#end();
    this.dispatchEvent(trusted(new Event('ended')));
    for (const track of others) track.#endedBySource();
  }

  #endQuietly(): void {
    this.#group.muted = true;
    for (const track of [this, ...this.#group.live]) {
      track.#muted = true;
      if (track.#readyState !== 'ended') track.#end();
    }
  }

  /** Muted is the source's state: the track and its live clones follow it. */
  #setMuted(muted: boolean): void {
    this.#group.muted = muted;
    for (const track of [this, ...this.#group.live]) {
      if (muted === track.#muted || track.#readyState === 'ended') continue;
      track.#muted = muted;
      track.dispatchEvent(trusted(new Event(muted ? 'mute' : 'unmute')));
    }
  }

  #whenStopped(hook: () => void): () => void {
    this.#onStop.add(hook);
    return () => this.#onStop.delete(hook);
  }

  static {
    setTrackMuted = (track, muted) => track.#setMuted(muted);
    endTrackQuietly = (track) => track.#endQuietly();
    whenTrackStopped = (track, hook) => track.#whenStopped(hook);
    whenTrackEnabledChanges = (track, hook) => {
      track.#onEnabled.add(hook);
      return () => track.#onEnabled.delete(hook);
    };
    setInitialConstraints = (track, constraints) => {
      track.#constraints = structuredClone(knownConstraints(constraints));
    };
  }
}

defineEventHandlers(MediaStreamTrack, ['ended', 'mute', 'unmute']);
setLengths(MediaStreamTrack, { applyConstraints: 0 });

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
export class OverconstrainedError extends DOMException {
  readonly #constraint: string;
  constructor(...args: [constraint: string, message?: string]) {
    // WebIDL: (DOMString constraint, optional DOMString message = ""), converted in order.
    requireArguments('new OverconstrainedError()', args.length, 1);
    const constraint = domString('new OverconstrainedError(): constraint', args[0]);
    const message = args[1] === undefined ? '' : domString('new OverconstrainedError(): message', args[1]);
    super(message, 'OverconstrainedError');
    this.#constraint = constraint;
  }
  get constraint(): string {
    return this.#constraint;
  }
}
// WebIDL: one required argument (the rest parameter above would make it 0).
setLengths(OverconstrainedError, { '': 1 });


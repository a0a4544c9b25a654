// MediaStreamTrack.stats (mediacapture-extensions) over a capture source's running totals: a track counts
// from its creation (a clone from its own), and its counts stand still while it is disabled or ended.
import type { NativeAudioCounts, NativeAudioStats, NativeFrameCounts } from '../native';
import { MediaStreamTrackAudioStats, type AudioTrackCounts } from '../MediaStreamTrackAudioStats';
import { MediaStreamTrackVideoStats, type VideoFrameCounts } from '../MediaStreamTrackVideoStats';
import { illegalConstructor } from './webidl';

export interface TrackStatsKeeper {
  readonly stats: MediaStreamTrackVideoStats | MediaStreamTrackAudioStats;
  setEnabled(enabled: boolean): void;
  end(): void;
}

export class VideoStatsKeeper implements TrackStatsKeeper {
  readonly stats: MediaStreamTrackVideoStats;
  readonly #source: () => NativeFrameCounts;
  #last: VideoFrameCounts = { delivered: 0, discarded: 0 };
  readonly #base: VideoFrameCounts;
  #excluded: VideoFrameCounts = { delivered: 0, discarded: 0 };
  #heldAt: VideoFrameCounts | null = null;

  constructor(source: () => NativeFrameCounts, enabled: boolean) {
    this.#source = source;
    this.#base = this.#now();
    if (!enabled) this.#heldAt = this.#base;
    this.stats = new MediaStreamTrackVideoStats(illegalConstructor, () => {
      const now = this.#heldAt ?? this.#now();
      return {
        delivered: now.delivered - this.#base.delivered - this.#excluded.delivered,
        discarded: now.discarded - this.#base.discarded - this.#excluded.discarded,
      };
    });
  }

  setEnabled(enabled: boolean): void {
    if (!enabled) {
      this.#heldAt ??= this.#now();
    } else if (this.#heldAt) {
      const now = this.#now();
      this.#excluded = {
        delivered: this.#excluded.delivered + now.delivered - this.#heldAt.delivered,
        discarded: this.#excluded.discarded + now.discarded - this.#heldAt.discarded,
      };
      this.#heldAt = null;
    }
  }

  end(): void {
    this.#heldAt ??= this.#now();
  }

  #now(): VideoFrameCounts {
    return (this.#last = this.#source() ?? this.#last); // the last known counts once the source is released
  }
}

// Latency windows of tracks that were collected without being stopped.
const windows = new FinalizationRegistry<() => void>((close) => close());

export class AudioStatsKeeper implements TrackStatsKeeper {
  readonly stats: MediaStreamTrackAudioStats;
  readonly #source: NativeAudioStats;
  readonly #window: number;
  #last: NativeAudioCounts = { frames: 0, durationMs: 0, latency: 0, minimum: 0, maximum: 0, average: 0 };
  readonly #base: NativeAudioCounts;
  #excluded = { frames: 0, durationMs: 0 };
  #heldAt: NativeAudioCounts | null = null;
  #ended = false;

  constructor(source: NativeAudioStats, enabled: boolean) {
    this.#source = source;
    this.#window = source.audioStats('open') ?? 0;
    const window = this.#window;
    windows.register(this, () => source.audioStats('close', window), this);
    this.#base = this.#now();
    if (!enabled) this.setEnabled(false);
    this.stats = new MediaStreamTrackAudioStats(
      illegalConstructor,
      () => this.#view(this.#heldAt ?? this.#now()),
      () => this.#resetLatency(),
    );
  }

  setEnabled(enabled: boolean): void {
    if (this.#ended) return;
    if (!enabled) {
      if (this.#heldAt) return;
      this.#heldAt = this.#now();
      this.#source.audioStats('pause', this.#window);
    } else if (this.#heldAt) {
      const now = this.#now();
      this.#excluded = {
        frames: this.#excluded.frames + now.frames - this.#heldAt.frames,
        durationMs: this.#excluded.durationMs + now.durationMs - this.#heldAt.durationMs,
      };
      this.#heldAt = null;
      this.#source.audioStats('resume', this.#window);
    }
  }

  end(): void {
    if (this.#ended) return;
    this.#heldAt ??= this.#now();
    this.#ended = true;
    this.#source.audioStats('close', this.#window);
    windows.unregister(this);
  }

  /** resetLatency(): the window restarts now; held counts (disabled, ended) restart from their latency. */
  #resetLatency(): AudioTrackCounts {
    const reset = this.#ended ? null : this.#keep(this.#source.audioStats('reset', this.#window));
    if (!this.#heldAt) return this.#view(reset ?? this.#last);
    const latency = this.#heldAt.latency;
    this.#heldAt = { ...this.#heldAt, minimum: latency, maximum: latency, average: latency };
    return this.#view(this.#heldAt);
  }

  #view(now: NativeAudioCounts): AudioTrackCounts {
    return {
      deliveredFrames: now.frames - this.#base.frames - this.#excluded.frames,
      deliveredFramesDuration: now.durationMs - this.#base.durationMs - this.#excluded.durationMs,
      latency: now.latency,
      averageLatency: now.average,
      minimumLatency: now.minimum,
      maximumLatency: now.maximum,
    };
  }

  #now(): NativeAudioCounts {
    return this.#keep(this.#source.audioStats('read', this.#window));
  }

  #keep(counts: NativeAudioCounts | null): NativeAudioCounts {
    return (this.#last = counts ?? this.#last); // the last known counts once the source is released
  }
}

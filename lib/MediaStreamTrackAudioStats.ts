import { illegalConstructor, requireInternal } from './internal/webidl';

/** What MediaStreamTrackAudioStats shows of an audio track, in frames (samples per channel) and ms. */
export interface AudioTrackCounts {
  deliveredFrames: number;
  deliveredFramesDuration: number;
  latency: number;
  averageLatency: number;
  minimumLatency: number;
  maximumLatency: number;
}

/**
 * MediaStreamTrackAudioStats (mediacapture-extensions): what a microphone track delivered and with what
 * latency (capture to delivery, as the audio device module estimates it). This pipeline drops no audio, so
 * the totals equal the delivered counts. Values hold still within a task, as for video.
 */
export class MediaStreamTrackAudioStats {
  readonly #read: () => AudioTrackCounts;
  readonly #reset: () => AudioTrackCounts;
  #cached: AudioTrackCounts | null = null;

  /** @internal */
  constructor(token: typeof illegalConstructor, read: () => AudioTrackCounts, reset: () => AudioTrackCounts) {
    requireInternal(token, 'MediaStreamTrackAudioStats');
    this.#read = read;
    this.#reset = reset;
  }

  get deliveredFrames(): number {
    return this.#counts().deliveredFrames;
  }
  get deliveredFramesDuration(): number {
    return this.#counts().deliveredFramesDuration;
  }
  get totalFrames(): number {
    return this.#counts().deliveredFrames;
  }
  get totalFramesDuration(): number {
    return this.#counts().deliveredFramesDuration;
  }
  get latency(): number {
    return this.#counts().latency;
  }
  get averageLatency(): number {
    return this.#counts().averageLatency;
  }
  get minimumLatency(): number {
    return this.#counts().minimumLatency;
  }
  get maximumLatency(): number {
    return this.#counts().maximumLatency;
  }

  /** Starts the average, minimum and maximum afresh from the most recent latency. */
  resetLatency(): void {
    const reset = this.#reset();
    const cached = this.#cached;
    // Within a task the other values stay as read; the latency window restarts from the latency shown.
    if (cached) this.#cached = { ...cached, averageLatency: cached.latency, minimumLatency: cached.latency, maximumLatency: cached.latency };
    else this.#keep(reset);
  }

  toJSON(): Record<string, number> {
    return {
      deliveredFrames: this.deliveredFrames,
      deliveredFramesDuration: this.deliveredFramesDuration,
      totalFrames: this.totalFrames,
      totalFramesDuration: this.totalFramesDuration,
      latency: this.latency,
      averageLatency: this.averageLatency,
      minimumLatency: this.minimumLatency,
      maximumLatency: this.maximumLatency,
    };
  }

  #counts(): AudioTrackCounts {
    return this.#cached ?? this.#keep(this.#read());
  }

  #keep(counts: AudioTrackCounts): AudioTrackCounts {
    if (!this.#cached) queueMicrotask(() => (this.#cached = null));
    this.#cached = counts;
    return counts;
  }

  get [Symbol.toStringTag](): string {
    return 'MediaStreamTrackAudioStats';
  }
}

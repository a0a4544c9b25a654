import { illegalConstructor, requireInternal } from './internal/webidl';

/** Frame counts of a video track, as MediaStreamTrackVideoStats shows them. */
export interface VideoFrameCounts {
  delivered: number;
  discarded: number;
}

/**
 * MediaStreamTrackVideoStats (mediacapture-extensions): what a capture device's video track delivered and
 * discarded. Values hold still within a task and are read afresh after it (the spec's caching), so code
 * that compares two reads in one task sees no change.
 */
export class MediaStreamTrackVideoStats {
  readonly #read: () => VideoFrameCounts;
  #cached: VideoFrameCounts | null = null;

  /** @internal */
  constructor(token: typeof illegalConstructor, read: () => VideoFrameCounts) {
    requireInternal(token, 'MediaStreamTrackVideoStats');
    this.#read = read;
  }

  get deliveredFrames(): number {
    return this.#counts().delivered;
  }
  get discardedFrames(): number {
    return this.#counts().discarded;
  }
  get totalFrames(): number {
    const counts = this.#counts();
    return counts.delivered + counts.discarded;
  }

  toJSON(): { deliveredFrames: number; discardedFrames: number; totalFrames: number } {
    return { deliveredFrames: this.deliveredFrames, discardedFrames: this.discardedFrames, totalFrames: this.totalFrames };
  }

  #counts(): VideoFrameCounts {
    if (!this.#cached) {
      this.#cached = this.#read();
      queueMicrotask(() => (this.#cached = null));
    }
    return this.#cached;
  }

  get [Symbol.toStringTag](): string {
    return 'MediaStreamTrackVideoStats';
  }
}

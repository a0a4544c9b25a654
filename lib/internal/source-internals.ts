import type { NativeAudioStats, NativeFrameCounts } from '../native';

/**
 * Hooks into nonstandard's sources for the synthetic capture devices (library-internal), set by the
 * sources' static blocks. Kept out of nonstandard.ts's exports: that namespace is the public API.
 */
export const sourceInternals = {} as {
  frameCountsOf: (source: object) => NativeFrameCounts;
  audioStatsOf: (source: object) => NativeAudioStats;
  pushAudioWithLatency: (source: object, data: object, latencyMs: number) => void;
};

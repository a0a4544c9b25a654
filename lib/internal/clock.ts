// libwebrtc's clock (rtc::TimeMillis) and Node's performance.now() both read CLOCK_MONOTONIC: one offset, taken
// once, turns an engine time into performance.now()'s scale, so a packet's time is the same at every read (a
// fresh "now minus age" moved with each call, and could go backwards).
// performance.now() first: the offset then errs (by the microsecond between the reads) towards earlier times,
// so a converted time is never later than a performance.now() taken after the event.
const performanceNow = performance.now();
const monotonicMsAtTimeOrigin = Number(process.hrtime.bigint()) / 1e6 - performanceNow;

/** An engine time (ms, CLOCK_MONOTONIC) on performance.now()'s scale. */
export function engineTimeToPerformance(ms: number): number {
  return ms - monotonicMsAtTimeOrigin;
}

/** An engine time (ms, CLOCK_MONOTONIC) in ms since the epoch, as performance.timeOrigin + performance.now(). */
export function engineTimeToEpoch(ms: number): number {
  return performance.timeOrigin + engineTimeToPerformance(ms);
}

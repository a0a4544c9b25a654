// "Until the current task ends" for state the spec keeps for one task (RTCRtpSender's
// [[LastReturnedParameters]]). Node has no end-of-task hook: the work runs in setImmediate, or earlier when a
// native event starts a new task first (an event from libwebrtc is a new task, as in a browser).
const pending: (() => void)[] = [];
let scheduled = false;

export function atTaskEnd(work: () => void): void {
  pending.push(work);
  if (!scheduled) {
    scheduled = true;
    setImmediate(runTaskEnd);
  }
}

/** Runs what waits for the end of the previous task; called before native events are dispatched. */
export function runTaskEnd(): void {
  scheduled = false;
  for (const work of pending.splice(0)) work();
}

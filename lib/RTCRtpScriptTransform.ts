// webrtc-encoded-transform: RTCRtpScriptTransform (made where the connection lives) and, in the worker
// thread it names, the rtctransform event with its RTCRtpScriptTransformer, whose streams carry the encoded
// frames. Frames go from libwebrtc's threads straight to the worker's thread and back; the connection's
// thread does not relay them.
import { BroadcastChannel, Worker, isMainThread, threadId } from 'node:worker_threads';
import * as v8 from 'node:v8';
import type { NativeEncodedFrame, NativeEncodedFrameInfo, NativeScriptTransform, NativeScriptTransformer } from './native';
import { binding } from './native';
import { domException, invalidState, notSupported } from './internal/errors';
import { domString, illegalConstructor, requireInternal, typeError } from './internal/webidl';
import { trusted } from './internal/trusted';

/** The worker's channel: a nudge to claim newly offered transforms (the offers themselves wait natively). */
const channelName = (thread: number) => `node-libwebrtc:rtctransform:${thread}`;

/** The library-internal side of an RTCRtpScriptTransform: its native half, handed to one sender or receiver. */
export let scriptTransformInternals: {
  /** The native half for `owner`; InvalidStateError once the transform was set on a sender or receiver. */
  claim(transform: RTCRtpScriptTransform, where: string): NativeScriptTransform;
};

/** RTCRtpScriptTransform: encoded frames of the sender or receiver it is set on go through `worker`. */
export class RTCRtpScriptTransform implements globalThis.RTCRtpScriptTransform {
  readonly #native: NativeScriptTransform;
  #used = false;

  /**
   * `worker` is a node:worker_threads Worker that imports node-libwebrtc and sets `onrtctransform`.
   * `options` is copied to it with the structured clone algorithm (v8.serialize); objects cannot be
   * transferred this way: send them with `worker.postMessage()`.
   */
  constructor(worker: Worker | globalThis.Worker, options?: unknown, transfer?: unknown[]) {
    const where = "Failed to construct 'RTCRtpScriptTransform'";
    if (!(worker instanceof Worker)) throw typeError(where, 'a Worker from node:worker_threads', worker);
    if (transfer !== undefined && (!Array.isArray(transfer) || transfer.length > 0)) {
      throw notSupported(`${where}: a transfer list is not supported; send transferable objects with worker.postMessage()`);
    }
    let serialized: Uint8Array;
    try {
      serialized = v8.serialize(options);
    } catch (error) {
      throw domException('DataCloneError', `${where}: options cannot be cloned: ${(error as Error).message}`);
    }
    this.#native = new binding.ScriptTransform(worker.threadId, serialized);
    // Wake the worker if it is already listening; one that sets onrtctransform later claims the offer then.
    const channel = new BroadcastChannel(channelName(worker.threadId));
    channel.postMessage(0);
    channel.close();
  }

  static {
    scriptTransformInternals = {
      claim(transform, where) {
        // One transformer in the worker serves one pipeline: once replaced there, it has ended (as Chrome's
        // "already in use").
        if (transform.#used) throw invalidState(`${where}: this RTCRtpScriptTransform is already used by a sender or receiver`);
        transform.#used = true;
        return transform.#native;
      },
    };
  }
}

/**
 * The `transform` attribute of a sender or receiver. Setting another transform ends the previous one's
 * transformer (its readable closes) and sends the following frames through the new one; null sends them on
 * untransformed (the spec's identity transform). Which frame is the first to switch is not defined.
 */
export class TransformSlot {
  #current: RTCRtpScriptTransform | null = null;
  constructor(
    private readonly where: string,
    private readonly apply: (native: NativeScriptTransform | null) => void,
  ) {}
  get(): RTCRtpScriptTransform | null {
    return this.#current;
  }
  set(value: unknown): void {
    if (value !== null && value !== undefined && !(value instanceof RTCRtpScriptTransform)) {
      throw typeError(this.where, 'an RTCRtpScriptTransform or null', value);
    }
    const next = (value ?? null) as RTCRtpScriptTransform | null;
    if (next === this.#current) return;
    this.apply(next ? scriptTransformInternals.claim(next, this.where) : null);
    this.#current = next;
  }
}

// ---- the worker's side ----------------------------------------------------------------------------------

interface FrameEntry {
  handle: NativeEncodedFrame;
  transformer: RTCRtpScriptTransformer;
  /** The frame's place in its transformer's readable (the spec's [[counter]]). */
  counter: number;
}
const frameHandles = new WeakMap<object, FrameEntry>();

/** The frames a transformer has read but not written; a frame written twice or elsewhere is dropped. */
function entryOf(frame: unknown, transformer: RTCRtpScriptTransformer): FrameEntry | null {
  const entry = typeof frame === 'object' && frame !== null ? frameHandles.get(frame) : undefined;
  return entry && entry.transformer === transformer ? entry : null;
}

/** A written frame's data is transferred to the pipeline (the spec's StructuredSerializeWithTransfer). */
function detach(buffer: ArrayBuffer): void {
  try {
    structuredClone(buffer, { transfer: [buffer] });
  } catch {
    // Not transferable (Node's pooled Buffer memory): left as it is, the pipeline has its own copy.
  }
}

/** A frame's payload as its own setter accepted it (not a property an own definition could shadow). */
let dataOf: (frame: EncodedFrameBase) => ArrayBuffer;

/** webrtc-encoded-transform's frame times, in getMetadata() where known (lib.dom does not list them yet). */
export interface RTCEncodedFrameTimes {
  /** When the frame was captured (a received frame: from abs-capture-time), ms from the time origin. */
  captureTime?: number;
  /** When a received frame's last packet arrived, ms from the time origin. */
  receiveTime?: number;
  /** The sender's estimate of its clock's offset from the capture system's (abs-capture-time), ms. */
  senderCaptureTimeOffset?: number;
}
type FrameMetadata = RTCEncodedVideoFrameMetadata & RTCEncodedAudioFrameMetadata & RTCEncodedFrameTimes;

/**
 * The spec's copy constructor (`new RTCEncodedVideoFrame(frame, options)`, Chrome has it) needs a new engine
 * frame, which this libwebrtc cannot make: NotSupportedError, with WebIDL's TypeErrors for other arguments.
 */
function refuseCopy(token: unknown, name: string): void {
  if (token === illegalConstructor) return;
  if (token instanceof EncodedFrameBase) throw notSupported(`new ${name}(frame): copying an encoded frame is not supported (this libwebrtc cannot make a frame for the pipeline)`);
  if (token === undefined) throw new TypeError(`new ${name}(): 1 argument required (the frame to copy), but only 0 present`);
  requireInternal(token, name);
}

class EncodedFrameBase {
  static {
    dataOf = (frame) => frame.#data;
  }
  #data: ArrayBuffer;
  readonly #timestamp: number;
  readonly #metadata: FrameMetadata;
  constructor(info: NativeEncodedFrameInfo) {
    this.#data = info.data;
    this.#timestamp = info.timestamp;
    const metadata: FrameMetadata = info.metadata;
    // The native side gives times since the epoch; metadata's are relative to this thread's time origin.
    if (metadata.captureTime !== undefined) metadata.captureTime -= performance.timeOrigin;
    if (metadata.receiveTime !== undefined) metadata.receiveTime -= performance.timeOrigin;
    this.#metadata = metadata;
  }
  /** The RTP timestamp. */
  get timestamp(): number {
    return this.#timestamp;
  }
  get data(): ArrayBuffer {
    return this.#data;
  }
  set data(value: ArrayBuffer) {
    if (!(value instanceof ArrayBuffer)) throw typeError('RTCEncodedFrame.data', 'an ArrayBuffer', value);
    this.#data = value;
  }
  protected metadata(): FrameMetadata {
    return structuredClone(this.#metadata);
  }
}

/** RTCEncodedVideoFrame: one encoded video frame (webrtc-encoded-transform). */
export class RTCEncodedVideoFrame extends EncodedFrameBase implements globalThis.RTCEncodedVideoFrame {
  readonly #type: RTCEncodedVideoFrameType;
  /** @internal */
  constructor(token: typeof illegalConstructor, info: NativeEncodedFrameInfo) {
    refuseCopy(token, 'RTCEncodedVideoFrame');
    super(info);
    this.#type = info.type ?? 'delta';
  }
  get type(): RTCEncodedVideoFrameType {
    return this.#type;
  }
  getMetadata(): RTCEncodedVideoFrameMetadata & RTCEncodedFrameTimes {
    const { sequenceNumber: _sequenceNumber, ...metadata } = this.metadata();
    return metadata;
  }
  get [Symbol.toStringTag](): string {
    return 'RTCEncodedVideoFrame';
  }
}

/** RTCEncodedAudioFrame: one encoded audio frame (webrtc-encoded-transform). */
export class RTCEncodedAudioFrame extends EncodedFrameBase implements globalThis.RTCEncodedAudioFrame {
  /** @internal */
  constructor(token: typeof illegalConstructor, info: NativeEncodedFrameInfo) {
    refuseCopy(token, 'RTCEncodedAudioFrame');
    super(info);
  }
  getMetadata(): RTCEncodedAudioFrameMetadata & RTCEncodedFrameTimes {
    return this.metadata();
  }
  get [Symbol.toStringTag](): string {
    return 'RTCEncodedAudioFrame';
  }
}

/** How many frames wait in `readable` for a reader before the oldest are dropped (about 2 s of video). */
const maxQueuedFrames = 60;

/** RTCRtpScriptTransformer (in the worker): `readable` gives the frames, `writable` sends them on. */
export class RTCRtpScriptTransformer extends EventTarget {
  readonly #native: NativeScriptTransformer;
  readonly #options: unknown;
  readonly #readable: ReadableStream<RTCEncodedVideoFrame | RTCEncodedAudioFrame>;
  readonly #writable: WritableStream<unknown>;
  #queue: (RTCEncodedVideoFrame | RTCEncodedAudioFrame)[] = [];
  #waiting: (() => void) | null = null;
  #dropped = 0;
  #ended = false;
  #enqueued = 0;
  #lastWritten = 0;
  /** generateKeyFrame() promises, resolved by the next key frame enqueued. */
  #keyFrameWaiters: ((timestamp: number) => void)[] = [];

  /** @internal */
  constructor(token: typeof illegalConstructor, native: NativeScriptTransformer, options: unknown) {
    requireInternal(token, 'RTCRtpScriptTransformer');
    super();
    this.#native = native;
    this.#options = options;
    native.onframes = (frames) => this.#onFrames(frames);
    native.onended = () => {
      this.#ended = true;
      this.#wake();
    };
    this.#readable = new ReadableStream(
      {
        pull: async (controller) => {
          while (this.#queue.length === 0) {
            // The transform's sender or receiver is gone: the readable ends (and a pipe from it with it).
            if (this.#ended) return controller.close();
            await new Promise<void>((resolve) => (this.#waiting = resolve));
          }
          controller.enqueue(this.#queue.shift()!);
        },
        cancel: () => native.close(),
      },
      { highWaterMark: 0 },
    );
    this.#writable = new WritableStream({
      write: (frame) => {
        // Dropped, as writeEncodedData says: not one of this transformer's frames, written already, or
        // older than one written before (a transform may delay or drop frames, not reorder them).
        const entry = entryOf(frame, this);
        if (!entry) return;
        frameHandles.delete(frame as object);
        if (entry.counter <= this.#lastWritten) return;
        this.#lastWritten = entry.counter;
        const data = dataOf(frame as EncodedFrameBase);
        native.write(entry.handle, data);
        detach(data);
      },
      close: () => native.close(),
      abort: () => native.close(),
    });
  }

  get options(): unknown {
    return this.#options;
  }
  get readable(): ReadableStream<RTCEncodedVideoFrame | RTCEncodedAudioFrame> {
    return this.#readable;
  }
  get writable(): WritableStream<unknown> {
    return this.#writable;
  }
  /** Frames dropped because nobody read them in time (nonstandard). */
  get droppedFrames(): number {
    return this.#dropped + this.#native.dropped();
  }

  /**
   * A video sender's transformer: its encoder makes a key frame (on every layer it sends; `rid`, if given,
   * must name one of the sender's encodings). Resolves with the RTP timestamp of the next key frame enqueued
   * in `readable`. As webrtc-encoded-transform (2025) and Safari: a sender not encoding now (no track,
   * inactive) or a transform no longer set leaves the promise waiting for a key frame, not rejected.
   */
  generateKeyFrame(rid?: string | null): Promise<number> {
    const where = 'RTCRtpScriptTransformer.generateKeyFrame()';
    // null reads as no rid (a WPT subtest calls generateKeyFrame(null) on a video sender and expects a key frame).
    let wanted: string | undefined;
    try {
      wanted = rid === undefined || rid === null ? undefined : domString(`${where}: rid`, rid);
    } catch (error) {
      return Promise.reject(error); // WebIDL: a promise-returning operation rejects for bad arguments
    }
    const result = this.#native.requestKeyFrame('sender', wanted);
    if (result === 'sent' || result === 'detached') return new Promise<number>((resolve) => this.#keyFrameWaiters.push(resolve));
    if (result === 'invalid-rid') {
      return Promise.reject(domException('NotAllowedError', `${where}: rid ${JSON.stringify(wanted)} is not a valid RTP stream id (1 to 255 letters and digits)`));
    }
    if (result === 'unknown-rid') return Promise.reject(domException('NotFoundError', `${where}: the sender has no encoding with rid ${JSON.stringify(wanted)}`));
    return Promise.reject(
      invalidState(result === 'unattached' ? `${where}: this transformer's transform was never set on a sender` : `${where}: only a video sender's transformer has an encoder to make key frames`),
    );
  }
  /** A video receiver's transformer: asks the remote sender for a key frame (RTCP PLI). */
  sendKeyFrameRequest(): Promise<void> {
    const result = this.#native.requestKeyFrame('receiver');
    if (result === 'sent') return Promise.resolve();
    const why =
      result === 'unattached'
        ? "this transformer's transform was never set on a receiver"
        : result === 'detached'
          ? "this transformer's transform is no longer set on a receiver"
          : "only a video receiver's transformer can request key frames";
    return Promise.reject(invalidState(`sendKeyFrameRequest(): ${why}`));
  }

  #onFrames(frames: NativeEncodedFrameInfo[]): void {
    for (const info of frames) {
      const frame = info.kind === 'video' ? new RTCEncodedVideoFrame(illegalConstructor, info) : new RTCEncodedAudioFrame(illegalConstructor, info);
      frameHandles.set(frame, { handle: info.handle, transformer: this, counter: ++this.#enqueued });
      this.#queue.push(frame);
      if (info.type === 'key') for (const resolve of this.#keyFrameWaiters.splice(0)) resolve(info.timestamp);
    }
    if (this.#queue.length > maxQueuedFrames) {
      this.#dropped += this.#queue.length - maxQueuedFrames;
      this.#queue.splice(0, this.#queue.length - maxQueuedFrames);
    }
    this.#wake();
  }

  #wake(): void {
    const waiting = this.#waiting;
    this.#waiting = null;
    waiting?.();
  }

  get [Symbol.toStringTag](): string {
    return 'RTCRtpScriptTransformer';
  }
}

/** RTCTransformEvent: fired as `rtctransform` at the worker's global scope. */
export class RTCTransformEvent extends Event {
  readonly #transformer: RTCRtpScriptTransformer;
  /** @internal */
  constructor(token: typeof illegalConstructor, type: string, transformer: RTCRtpScriptTransformer) {
    requireInternal(token, 'RTCTransformEvent');
    super(type);
    this.#transformer = transformer;
  }
  get transformer(): RTCRtpScriptTransformer {
    return this.#transformer;
  }
}

/**
 * In a worker thread: `onrtctransform` on the global scope, as in a browser's worker. While a handler is set
 * the worker listens for transforms offered to it (and stays alive, as with a message handler).
 */
function installWorkerScope(): void {
  if (Object.getOwnPropertyDescriptor(globalThis, 'onrtctransform')) return; // another copy of the library did
  // The interfaces a browser exposes in a dedicated worker, as WebIDL defines globals.
  for (const constructor of [RTCEncodedVideoFrame, RTCEncodedAudioFrame, RTCRtpScriptTransformer, RTCTransformEvent]) {
    if (!(constructor.name in globalThis)) {
      Object.defineProperty(globalThis, constructor.name, { value: constructor, writable: true, configurable: true, enumerable: false });
    }
  }
  let handler: ((event: RTCTransformEvent) => unknown) | null = null;
  let channel: BroadcastChannel | null = null;
  const claim = () => {
    for (const [native, options] of binding.ScriptTransformer.claim(threadId)) {
      const transformer = new RTCRtpScriptTransformer(illegalConstructor, native, v8.deserialize(options));
      const event = trusted(new RTCTransformEvent(illegalConstructor, 'rtctransform', transformer));
      if (handler) handler.call(globalThis, event);
      else native.close();
    }
  };
  Object.defineProperty(globalThis, 'onrtctransform', {
    configurable: true,
    enumerable: true,
    get: () => handler,
    set: (value: unknown) => {
      handler = typeof value === 'function' ? (value as (event: RTCTransformEvent) => unknown) : null;
      if (handler && !channel) {
        channel = new BroadcastChannel(channelName(threadId));
        channel.onmessage = claim;
        queueMicrotask(claim); // offers made before the handler was set
      } else if (!handler && channel) {
        channel.close();
        channel = null;
      }
    },
  });
}

if (!isMainThread) installWorkerScope();

declare global {
  /** In a worker thread that imported node-libwebrtc: receives the transforms offered to this worker. */
  // eslint-disable-next-line no-var
  var onrtctransform: ((this: typeof globalThis, event: RTCTransformEvent) => unknown) | null | undefined;
}

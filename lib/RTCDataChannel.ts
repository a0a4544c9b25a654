import { isArrayBuffer } from 'node:util/types';
import type { NativeDataChannel, NativeDataChannelInfo, NativePeerConnection } from './native';
import { RTCError } from './RTCError';
import { RTCErrorEvent } from './RTCErrorEvent';
import { type RTCSctpTransport, refreshSctpTransport } from './RTCSctpTransport';
import { invalidState, operationError } from './internal/errors';
import { defineEventHandlers } from './internal/event-handlers';
import { PRIORITIES, dictionary, domString, enforceRange, enumValue, illegalConstructor, requireArguments, requireInternal, typeError, unsignedLong } from './internal/webidl';
import { trusted, TrustedMessageEvent } from './internal/trusted';

/** libwebrtc closes a channel whose send queue passes 16 MiB; send() refuses before that (OperationError). */
export const MAX_BUFFERED_AMOUNT = 16 * 1024 * 1024;
const MAX_LABEL_BYTES = 65535;
const DEFAULT_MAX_MESSAGE_SIZE = 65536;

/** Channels of each connection that are not closed: they live as long as they can deliver events. */
const openChannels = new WeakMap<NativePeerConnection, Set<RTCDataChannel>>();

type Sendable = string | ArrayBuffer | ArrayBufferView | Blob;

let markClosedByConnection: (channel: RTCDataChannel) => void;
/**
 * A channel the remote peer opened arrives already open; its 'open' event follows the datachannel event
 * (webrtc-pc "announce the data channel as open"), so handlers set in ondatachannel see it.
 */
export let announceRemoteChannelOpen: (channel: RTCDataChannel) => void;
/** WebIDL's interface check: an RTCDataChannel this library made (not merely its prototype). */
export let isDataChannel: (value: unknown) => value is RTCDataChannel;

// lib.dom's typed addEventListener/removeEventListener overloads (declaration merging: no runtime code).
export interface RTCDataChannel {
  addEventListener<K extends keyof RTCDataChannelEventMap>(type: K, listener: (this: globalThis.RTCDataChannel, ev: RTCDataChannelEventMap[K]) => any, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof RTCDataChannelEventMap>(type: K, listener: (this: globalThis.RTCDataChannel, ev: RTCDataChannelEventMap[K]) => any, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

/** RTCDataChannel (webrtc-pc §6.2). */
export class RTCDataChannel extends EventTarget implements globalThis.RTCDataChannel {
  readonly #native: NativeDataChannel;
  readonly #owner: NativePeerConnection;
  readonly #sctp: () => RTCSctpTransport | null;
  readonly #label: string;
  readonly #ordered: boolean;
  readonly #maxPacketLifeTime: number | null;
  readonly #maxRetransmits: number | null;
  readonly #protocol: string;
  readonly #negotiated: boolean;
  readonly #priority: RTCPriorityType;
  #id: number | null;
  #readyState: RTCDataChannelState;
  #bufferedAmount = 0;
  #bufferedAmountLowThreshold = 0;
  #binaryType: BinaryType = 'arraybuffer';
  // Sends waiting behind a Blob that is still being read, so that order is kept.
  #pending: Sendable[] | null = null;
  #closeWhenDrained = false;
  #closeCalled = false;
  #failure: RTCError | null = null; // why the channel failed on this side (a Blob send() could not read)

  declare onopen: ((this: globalThis.RTCDataChannel, ev: Event) => any) | null;
  declare onbufferedamountlow: ((this: globalThis.RTCDataChannel, ev: Event) => any) | null;
  declare onerror: ((this: globalThis.RTCDataChannel, ev: globalThis.RTCErrorEvent) => any) | null;
  declare onclosing: ((this: globalThis.RTCDataChannel, ev: Event) => any) | null;
  declare onclose: ((this: globalThis.RTCDataChannel, ev: Event) => any) | null;
  declare onmessage: ((this: globalThis.RTCDataChannel, ev: MessageEvent) => any) | null;

  /** @internal */
  constructor(
    token: typeof illegalConstructor,
    native: NativeDataChannel,
    owner: NativePeerConnection,
    sctp: () => RTCSctpTransport | null,
    local = false,
  ) {
    requireInternal(token, 'RTCDataChannel');
    super();
    this.#native = native;
    this.#owner = owner;
    this.#sctp = sctp;
    const info: NativeDataChannelInfo = native.info() ?? {
      label: '', ordered: true, maxPacketLifeTime: null, maxRetransmits: null, protocol: '', negotiated: false, id: null, priority: 'low', readyState: 'closed',
    };
    this.#label = info.label;
    this.#ordered = info.ordered;
    this.#maxPacketLifeTime = info.maxPacketLifeTime;
    this.#maxRetransmits = info.maxRetransmits;
    this.#protocol = info.protocol;
    this.#negotiated = info.negotiated;
    this.#priority = info.priority;
    this.#id = info.id;
    this.#readyState = info.readyState;
    // createDataChannel() returns a 'connecting' channel even when the SCTP transport is up, and announces it
    // open in a later task (webrtc-pc §4.4.1.6 step 19). The engine may already report it open by now, and then
    // may not report the change again, so the announcement is queued here.
    if (local && this.#readyState === 'open') {
      this.#readyState = 'connecting';
      setImmediate(() => this.#announceOpen());
    }
    // A remote channel is announced open with the datachannel event. By the time this wrapper exists the
    // engine may have closed it already; its messages, 'closing' and 'closed' are still queued for it
    // (the observer was registered when the engine announced it), so they are delivered in order.
    if (!local && (this.#readyState === 'closing' || this.#readyState === 'closed')) this.#readyState = 'open';
    native.onstate = (state, id, error) => this.#onState(state, id, error);
    native.onmessage = (data) => this.#onMessage(data);
    native.onsent = (bytes) => this.#onSent(bytes);
    if (this.#readyState !== 'closed') {
      let set = openChannels.get(owner);
      if (!set) openChannels.set(owner, (set = new Set()));
      set.add(this);
    }
  }

  get label(): string {
    return this.#label;
  }
  get ordered(): boolean {
    return this.#ordered;
  }
  get maxPacketLifeTime(): number | null {
    return this.#maxPacketLifeTime;
  }
  get maxRetransmits(): number | null {
    return this.#maxRetransmits;
  }
  get protocol(): string {
    return this.#protocol;
  }
  get negotiated(): boolean {
    return this.#negotiated;
  }
  /** Null until the SCTP stream id is assigned (after the DTLS role is known), unless negotiated. */
  get id(): number | null {
    if (this.#id === null && this.#readyState !== 'closed') {
      const id = this.#native.info()?.id ?? null;
      if (id !== null) this.#id = id;
    }
    return this.#id;
  }
  get readyState(): RTCDataChannelState {
    return this.#readyState;
  }
  get bufferedAmount(): number {
    return this.#bufferedAmount;
  }
  get bufferedAmountLowThreshold(): number {
    return this.#bufferedAmountLowThreshold;
  }
  set bufferedAmountLowThreshold(value: number) {
    this.#bufferedAmountLowThreshold = unsignedLong(value, 'RTCDataChannel.bufferedAmountLowThreshold');
  }
  get binaryType(): BinaryType {
    return this.#binaryType;
  }
  /** Values other than 'blob' and 'arraybuffer' are ignored (WebIDL enum attribute: converted to a string first). */
  set binaryType(value: BinaryType) {
    const type = domString('RTCDataChannel.binaryType', value);
    if (type === 'blob' || type === 'arraybuffer') this.#binaryType = type;
  }
  /** webrtc-priority: the channel's priority, from createDataChannel() or the remote peer's open message. */
  get priority(): RTCPriorityType {
    return this.#priority;
  }

  send(data: string): void;
  send(data: Blob): void;
  send(data: ArrayBuffer): void;
  send(data: ArrayBufferView): void;
  send(data: Sendable): void {
    requireArguments('RTCDataChannel.send', arguments.length, 1);
    // WebIDL converts the argument before the method's steps: its TypeErrors come before InvalidStateError.
    let size: number;
    let payload: Sendable;
    if (typeof data === 'string') {
      payload = data;
      size = Buffer.byteLength(data, 'utf8');
    } else if (isArrayBuffer(data)) {
      // (any realm's ArrayBuffer: vm contexts and test runners make their own)
      payload = data;
      size = data.byteLength;
    } else if (ArrayBuffer.isView(data)) {
      // WebIDL: send() takes ArrayBufferView without [AllowShared], so a view on shared memory is a TypeError.
      if (Object.prototype.toString.call(data.buffer) === '[object SharedArrayBuffer]') {
        throw new TypeError('RTCDataChannel.send: the ArrayBufferView must not be backed by a SharedArrayBuffer');
      }
      payload = data;
      size = data.byteLength;
    } else if (typeof Blob !== 'undefined' && data instanceof Blob) {
      payload = data;
      size = data.size;
    } else if (data !== null && typeof data === 'object' && Object.prototype.toString.call(data) === '[object SharedArrayBuffer]') {
      throw typeError('RTCDataChannel.send', 'a string, Blob, ArrayBuffer or ArrayBufferView (not a SharedArrayBuffer)', data);
    } else {
      payload = domString('RTCDataChannel.send', data);
      size = Buffer.byteLength(payload, 'utf8');
    }
    if (this.#readyState !== 'open') throw invalidState(`RTCDataChannel.send: the channel is '${this.#readyState}', not 'open'`);
    const maxMessageSize = this.#sctp()?.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
    if (size > maxMessageSize) {
      throw new TypeError(`RTCDataChannel.send: the message is ${size} bytes; the SCTP transport's maxMessageSize is ${maxMessageSize}`);
    }
    if (this.#bufferedAmount + size > MAX_BUFFERED_AMOUNT) {
      throw operationError(
        `RTCDataChannel.send: the send queue is full (bufferedAmount ${this.#bufferedAmount} + ${size} bytes would pass ${MAX_BUFFERED_AMOUNT}); ` +
          'wait for bufferedamountlow before sending more',
      );
    }
    this.#bufferedAmount += size;
    if (this.#pending) {
      this.#pending.push(payload);
    } else if (payload instanceof Blob) {
      this.#pending = [payload];
      void this.#drainPending();
    } else {
      this.#native.send(payload as string | ArrayBuffer | ArrayBufferView);
    }
  }

  close(): void {
    if (this.#readyState === 'closing' || this.#readyState === 'closed') return;
    // A channel still connecting before the SCTP association is up has never reached the wire: nothing to
    // reset, so the closing procedure ends at once. (This engine would reset a stream the peer never opened
    // and wait forever for the peer's reset.)
    const unannounced = this.#readyState === 'connecting' && this.#sctp()?.state !== 'connected';
    this.#readyState = 'closing';
    this.#closeCalled = true;
    // Blobs still being read go out first (webrtc-pc: the closing procedure sends what send() accepted);
    // #drainPending() closes the engine's channel after the last one.
    if (this.#pending) this.#closeWhenDrained = true;
    else this.#native.close();
    if (unannounced) {
      setImmediate(() => {
        if (this.#readyState !== 'closing') return;
        this.#markClosed();
        this.dispatchEvent(trusted(new Event('close')));
      });
    }
  }

  /** Reads queued Blobs in order and hands everything to the engine in the order it was sent. */
  async #drainPending(): Promise<void> {
    while (this.#pending && this.#pending.length > 0) {
      const next = this.#pending[0];
      let bytes: string | ArrayBuffer | ArrayBufferView;
      if (next instanceof Blob) {
        try {
          bytes = new Uint8Array(await next.arrayBuffer());
        } catch (error) {
          this.#failUnreadBlob(error);
          return;
        }
      } else {
        bytes = next;
      }
      // The channel may have closed while a Blob was read (pc.close(), the peer): the rest goes with it.
      if (!this.#pending || (this.#readyState !== 'open' && this.#readyState !== 'closing')) {
        this.#pending = null;
        return;
      }
      this.#pending.shift();
      this.#native.send(bytes);
    }
    this.#pending = null;
    if (this.#closeWhenDrained) {
      this.#closeWhenDrained = false;
      this.#native.close();
    }
  }

  /** A Blob given to send() could not be read (e.g. its file changed): the data is lost, so the channel fails. */
  #failUnreadBlob(reason: unknown): void {
    if (!this.#pending) return; // closed meanwhile
    this.#pending = null;
    this.#closeWhenDrained = false;
    const why = reason instanceof Error ? reason.message : String(reason);
    this.#failure = new RTCError({ errorDetail: 'data-channel-failure' }, `A Blob given to send() could not be read (${why}); the channel is closed`);
    this.#closeCalled = true;
    if (this.#readyState === 'open') this.#readyState = 'closing';
    this.#native.close();
  }

  #onState(state: RTCDataChannelState, id: number | null, error: Error | undefined): void {
    if (id !== null) this.#id = id;
    if (state === this.#readyState || this.#readyState === 'closed') return;
    if (state === 'connecting') return;
    if (state === 'open') {
      this.#announceOpen();
      return;
    }
    if (state === 'closing') {
      this.#readyState = 'closing';
      this.dispatchEvent(trusted(new Event('closing')));
      return;
    }
    // closed
    this.#markClosed();
    error ??= this.#failure ?? undefined;
    if (!error && !this.#closeCalled && this.#bufferedAmount > 0) {
      // The peer closed the channel: libwebrtc drops what is still queued (the peer, having called close(),
      // would discard it). Data send() accepted is not lost silently: the channel reports it.
      error = new Error(`The peer closed the channel before all the data send() accepted was sent: at least ${this.#bufferedAmount} bytes were dropped`);
    }
    if (error) {
      const rtcError =
        error instanceof RTCError ? error : new RTCError({ errorDetail: 'data-channel-failure' }, error.message);
      this.dispatchEvent(trusted(new RTCErrorEvent('error', { error: rtcError })));
    }
    this.dispatchEvent(trusted(new Event('close')));
  }

  /** 'connecting' -> 'open' with its event, at most once. */
  #announceOpen(): void {
    if (this.#readyState !== 'connecting') return;
    // webrtc-pc: the SCTP transport is 'connected' (statechange fired, maxChannels known) before its channels
    // are announced open; the engine's two events can arrive the other way round.
    const sctp = this.#sctp();
    if (sctp) refreshSctpTransport(sctp);
    this.#readyState = 'open';
    this.dispatchEvent(trusted(new Event('open')));
  }

  #onMessage(data: string | ArrayBuffer): void {
    // A message can overtake the queued announcement of a channel created on a connected transport.
    this.#announceOpen();
    // webrtc-pc: data arriving once the channel is no longer 'open' (close() was called) is discarded.
    if (this.#readyState !== 'open') return;
    const payload = typeof data === 'string' || this.#binaryType === 'arraybuffer' ? data : new Blob([data]);
    this.dispatchEvent(new TrustedMessageEvent('message', { data: payload }));
  }

  #onSent(bytes: number): void {
    const before = this.#bufferedAmount;
    this.#bufferedAmount = Math.max(0, before - bytes);
    if (before > this.#bufferedAmountLowThreshold && this.#bufferedAmount <= this.#bufferedAmountLowThreshold && this.#readyState !== 'closed') {
      this.dispatchEvent(trusted(new Event('bufferedamountlow')));
    }
  }

  /** The connection closed: closed at once, without events (webrtc-pc "close the connection"). */
  #markClosedByConnection(): void {
    if (this.#readyState === 'closed') return;
    this.#markClosed();
  }

  static {
    markClosedByConnection = (channel) => channel.#markClosedByConnection();
    isDataChannel = (value): value is RTCDataChannel => typeof value === 'object' && value !== null && #readyState in value;
    announceRemoteChannelOpen = (channel) => {
      if (channel.#readyState === 'open') channel.dispatchEvent(trusted(new Event('open')));
    };
  }

  #markClosed(): void {
    this.#readyState = 'closed';
    this.#pending = null;
    openChannels.get(this.#owner)?.delete(this);
  }
}


defineEventHandlers(RTCDataChannel, ['open', 'bufferedamountlow', 'error', 'closing', 'close', 'message']);

/** createDataChannel's argument checks (webrtc-pc §6.1), then the native channel. */
export function createDataChannel(
  owner: NativePeerConnection,
  labelValue: unknown,
  initValue: unknown,
  sctp: () => RTCSctpTransport | null,
  isClosed: () => boolean,
): RTCDataChannel {
  // WebIDL's conversions first (their getters may even close the connection), then the method's steps.
  const label = domString('RTCPeerConnection.createDataChannel: label', labelValue);
  const init = dictionary<RTCDataChannelInit>('RTCPeerConnection.createDataChannel: dataChannelDict', initValue);
  // WebIDL reads a dictionary's members once each, in lexicographic order, converting each as it goes.
  const idValue = init.id;
  let id = idValue === undefined ? undefined : enforceRange('createDataChannel: id', idValue, 0, 65535);
  // [EnforceRange] unsigned short, not nullable: null converts to 0, as in Chrome.
  const lifeTimeValue = init.maxPacketLifeTime;
  const maxPacketLifeTime = lifeTimeValue === undefined ? undefined : enforceRange('createDataChannel: maxPacketLifeTime', lifeTimeValue, 0, 65535);
  const retransmitsValue = init.maxRetransmits;
  const maxRetransmits = retransmitsValue === undefined ? undefined : enforceRange('createDataChannel: maxRetransmits', retransmitsValue, 0, 65535);
  const negotiated = Boolean(init.negotiated);
  const orderedValue = init.ordered;
  const ordered = orderedValue === undefined ? true : Boolean(orderedValue);
  // webrtc-priority's RTCDataChannelInit member (not in lib.dom).
  const priorityValue = (init as { priority?: unknown }).priority;
  const priority = priorityValue === undefined ? 'low' : enumValue('RTCPeerConnection.createDataChannel: priority', priorityValue, PRIORITIES, 'RTCPriorityType');
  const protocolValue = init.protocol;
  const protocol = protocolValue === undefined ? '' : domString('RTCPeerConnection.createDataChannel: protocol', protocolValue);
  if (isClosed()) throw invalidState('createDataChannel(): the RTCPeerConnection is closed');
  if (Buffer.byteLength(label) > MAX_LABEL_BYTES) throw new TypeError(`createDataChannel: the label is longer than ${MAX_LABEL_BYTES} bytes`);
  if (Buffer.byteLength(protocol) > MAX_LABEL_BYTES) throw new TypeError(`createDataChannel: the protocol is longer than ${MAX_LABEL_BYTES} bytes`);
  if (maxPacketLifeTime !== undefined && maxRetransmits !== undefined) {
    throw new TypeError('createDataChannel: maxPacketLifeTime and maxRetransmits cannot both be set');
  }
  // webrtc-pc: the id counts only for a negotiated channel; otherwise the SCTP transport picks one.
  if (!negotiated) id = undefined;
  if (negotiated && id === undefined) throw new TypeError('createDataChannel: a negotiated channel needs an id');
  if (id !== undefined && id > 65534) throw new TypeError('createDataChannel: id must be at most 65534');
  const transport = sctp();
  if (transport?.maxChannels != null && id !== undefined && id >= transport.maxChannels) {
    throw operationError(`createDataChannel(): id ${id} is not below the SCTP transport's maxChannels (${transport.maxChannels})`);
  }
  const native = owner.createDataChannel(label, {
    ordered,
    protocol,
    negotiated,
    priority,
    ...(maxPacketLifeTime !== undefined ? { maxPacketLifeTime } : {}),
    ...(maxRetransmits !== undefined ? { maxRetransmits } : {}),
    ...(negotiated && id !== undefined ? { id } : {}),
  });
  return new RTCDataChannel(illegalConstructor, native, owner, sctp, true);
}

export function adoptRemoteChannel(owner: NativePeerConnection, native: NativeDataChannel, sctp: () => RTCSctpTransport | null): RTCDataChannel {
  return new RTCDataChannel(illegalConstructor, native, owner, sctp);
}

export function closeChannelsOf(owner: NativePeerConnection): void {
  const set = openChannels.get(owner);
  if (!set) return;
  for (const channel of [...set]) markClosedByConnection(channel);
  openChannels.delete(owner);
}


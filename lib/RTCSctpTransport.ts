import type { NativeSctpInfo, NativeSctpTransport } from './native';
import { RTCDtlsTransport, closeDtlsTransportByConnection, dtlsTransportOf } from './RTCDtlsTransport';
import { defineEventHandlers } from './internal/event-handlers';
import type { ConnectionInternals } from './internal/connection';
import { domException } from './internal/errors';
import { illegalConstructor, requireInternal } from './internal/webidl';
import { trusted } from './internal/trusted';

const wrappers = new WeakMap<NativeSctpTransport, RTCSctpTransport>();

/** The connection closed: no event (webrtc-pc "close the connection"); library-internal. */
export let closeSctpTransportByConnection: (transport: RTCSctpTransport) => void;
/** Reads the engine's state now (a channel about to be announced open needs its transport 'connected' first). */
export let refreshSctpTransport: (transport: RTCSctpTransport) => void;
/** webrtc-pc "update the data max message size", run when a remote description is applied. */
export let updateMaxMessageSize: (transport: RTCSctpTransport, remoteSdp: string) => void;

// What this engine can send in one message (its SCTP send buffer), the spec's canSendSize.
const CAN_SEND_SIZE = 262144;

// lib.dom's typed addEventListener/removeEventListener overloads (declaration merging: no runtime code).
export interface RTCSctpTransport {
  addEventListener<K extends keyof RTCSctpTransportEventMap>(type: K, listener: (this: globalThis.RTCSctpTransport, ev: RTCSctpTransportEventMap[K]) => any, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof RTCSctpTransportEventMap>(type: K, listener: (this: globalThis.RTCSctpTransport, ev: RTCSctpTransportEventMap[K]) => any, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

/** RTCSctpTransport (webrtc-pc §6.1.1): the SCTP association that carries data channels. */
export class RTCSctpTransport extends EventTarget implements globalThis.RTCSctpTransport {
  readonly #native: NativeSctpTransport;
  readonly #owner: ConnectionInternals;
  #transport: RTCDtlsTransport | null = null;
  #state: RTCSctpTransportState;
  #maxMessageSize: number;
  #maxChannels: number | null;

  declare onstatechange: ((this: globalThis.RTCSctpTransport, ev: Event) => any) | null;

  /** @internal */
  constructor(token: typeof illegalConstructor, native: NativeSctpTransport, owner: ConnectionInternals) {
    requireInternal(token, 'RTCSctpTransport');
    super();
    this.#native = native;
    const info = native.info() ?? { state: 'closed', maxMessageSize: null, maxChannels: null };
    this.#state = info.state;
    this.#maxMessageSize = info.maxMessageSize ?? 65536;
    this.#maxChannels = info.maxChannels;
    native.onstate = (next) => this.#onState(next);
    // Now, while libwebrtc still links it: a transport that closes (rejected m-line, close()) forgets it.
    const dtls = native.transport();
    if (dtls) this.#transport = dtlsTransportOf(dtls, owner);
    this.#owner = owner;
  }

  get transport(): RTCDtlsTransport {
    if (!this.#transport) {
      const native = this.#native.transport();
      if (!native) throw domException('InvalidStateError', 'RTCSctpTransport.transport: the SCTP transport was closed before it had a DTLS transport');
      this.#transport = dtlsTransportOf(native, this.#owner);
    }
    return this.#transport;
  }
  get state(): RTCSctpTransportState {
    return this.#state;
  }
  /** Largest message send() accepts, in bytes (from both sides' a=max-message-size). */
  get maxMessageSize(): number {
    return this.#maxMessageSize;
  }
  /** Number of streams the association negotiated; null until connected. */
  get maxChannels(): number | null {
    return this.#maxChannels;
  }

  #onState(info: NativeSctpInfo): void {
    if (info.maxMessageSize !== null) this.#maxMessageSize = info.maxMessageSize;
    if (info.maxChannels !== null) this.#maxChannels = info.maxChannels;
    if (info.state === this.#state || this.#state === 'closed') return;
    this.#state = info.state;
    this.dispatchEvent(trusted(new Event('statechange')));
  }

  static {
    refreshSctpTransport = (transport) => {
      // Once connected, the engine's own event has arrived: no hop to its thread per channel.
      if (transport.#state === 'closed' || transport.#state === 'connected') return;
      const info = transport.#native.info();
      if (info) transport.#onState(info);
    };
    updateMaxMessageSize = (transport, remoteSdp) => {
      const application = remoteSdp.split(/^(?=m=)/m).find((section) => section.startsWith('m=application'));
      if (!application) return;
      const given = /^a=max-message-size:(\d+)/m.exec(application);
      // Absent: 65536 (RFC 8841); 0: the peer takes any size.
      const remote = given ? Number(given[1]) || Infinity : 65536;
      transport.#maxMessageSize = Math.min(remote, CAN_SEND_SIZE);
    };
    closeSctpTransportByConnection = (transport) => {
      transport.#state = 'closed';
      if (transport.#transport) closeDtlsTransportByConnection(transport.#transport);
    };
  }
}


defineEventHandlers(RTCSctpTransport, ['statechange']);

export function sctpTransportOf(native: NativeSctpTransport, owner: ConnectionInternals): RTCSctpTransport {
  let wrapper = wrappers.get(native);
  if (!wrapper) wrappers.set(native, (wrapper = new RTCSctpTransport(illegalConstructor, native, owner)));
  return wrapper;
}

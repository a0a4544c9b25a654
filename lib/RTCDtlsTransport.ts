import type { NativeDtlsInfo, NativeDtlsTransport } from './native';
import { RTCError } from './RTCError';
import { RTCErrorEvent } from './RTCErrorEvent';
import { RTCIceTransport, closeIceTransportByConnection, iceTransportOf } from './RTCIceTransport';
import type { ConnectionInternals } from './internal/connection';
import { domException } from './internal/errors';
import { defineEventHandlers } from './internal/event-handlers';
import { illegalConstructor, requireInternal } from './internal/webidl';
import { trusted } from './internal/trusted';

const wrappers = new WeakMap<NativeDtlsTransport, RTCDtlsTransport>();

/** The connection closed: 'closed' without an event (webrtc-pc "close the connection"); library-internal. */
export let closeDtlsTransportByConnection: (transport: RTCDtlsTransport) => void;

// lib.dom's typed addEventListener/removeEventListener overloads (declaration merging: no runtime code).
export interface RTCDtlsTransport {
  addEventListener<K extends keyof RTCDtlsTransportEventMap>(type: K, listener: (this: globalThis.RTCDtlsTransport, ev: RTCDtlsTransportEventMap[K]) => any, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof RTCDtlsTransportEventMap>(type: K, listener: (this: globalThis.RTCDtlsTransport, ev: RTCDtlsTransportEventMap[K]) => any, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

/** RTCDtlsTransport (webrtc-pc §5.5): the DTLS layer under SCTP and SRTP. */
export class RTCDtlsTransport extends EventTarget implements globalThis.RTCDtlsTransport {
  readonly #native: NativeDtlsTransport;
  readonly #owner: ConnectionInternals;
  #iceTransport: RTCIceTransport | null = null;
  #state: RTCDtlsTransportState;
  #remoteCertificates: ArrayBuffer[];
  // Whether the engine reported the error of the current failure itself (this engine version never does).
  #errorAnnounced = false;

  declare onstatechange: ((this: globalThis.RTCDtlsTransport, ev: Event) => any) | null;
  declare onerror: ((this: globalThis.RTCDtlsTransport, ev: globalThis.RTCErrorEvent) => any) | null;

  /** @internal */
  constructor(token: typeof illegalConstructor, native: NativeDtlsTransport, owner: ConnectionInternals) {
    requireInternal(token, 'RTCDtlsTransport');
    super();
    this.#native = native;
    this.#owner = owner;
    const info = native.info() ?? { state: 'closed' as const, remoteCertificates: [] };
    this.#state = info.state;
    this.#remoteCertificates = info.remoteCertificates;
    native.onstate = (next) => this.#onState(next);
    // Now, while libwebrtc still links it: a transport that closes forgets its ICE transport.
    const ice = native.iceTransport();
    if (ice) this.#iceTransport = iceTransportOf(ice, owner);
    native.onerror = (error) => {
      const rtcError = error instanceof RTCError ? error : new RTCError({ errorDetail: 'dtls-failure' }, error.message);
      this.#errorAnnounced = true;
      this.dispatchEvent(trusted(new RTCErrorEvent('error', { error: rtcError })));
    };
  }

  get iceTransport(): RTCIceTransport {
    if (!this.#iceTransport) {
      const native = this.#native.iceTransport();
      if (!native) throw domException('InvalidStateError', 'RTCDtlsTransport.iceTransport: the DTLS transport was closed before it had an ICE transport');
      this.#iceTransport = iceTransportOf(native, this.#owner);
    }
    return this.#iceTransport;
  }
  get state(): RTCDtlsTransportState {
    return this.#state;
  }
  /** The remote peer's certificate chain, DER-encoded, once connected. */
  getRemoteCertificates(): ArrayBuffer[] {
    return this.#remoteCertificates.map((der) => der.slice(0));
  }

  #onState(info: NativeDtlsInfo): void {
    if (info.remoteCertificates.length) this.#remoteCertificates = info.remoteCertificates;
    if (info.state === this.#state || this.#state === 'closed') return;
    this.#state = info.state;
    // webrtc-pc updates the connection's state in the same task: it already agrees inside these events.
    const announceConnectionStates = this.#owner.transportStateChanged();
    // webrtc-pc §5.5: a DTLS failure (a failed handshake or a certificate that does not match the
    // fingerprint) fires error, then statechange. The engine reports only the state, so the error is
    // announced here; it cannot tell the two causes apart, hence the generic 'dtls-failure'.
    if (info.state === 'failed' && !this.#errorAnnounced) {
      const error = new RTCError(
        { errorDetail: 'dtls-failure' },
        'RTCDtlsTransport: the DTLS handshake failed, or the remote certificate does not match the fingerprint in the remote description',
      );
      this.dispatchEvent(trusted(new RTCErrorEvent('error', { error })));
    }
    this.#errorAnnounced = false;
    this.dispatchEvent(trusted(new Event('statechange')));
    announceConnectionStates();
  }

  static {
    closeDtlsTransportByConnection = (transport) => {
      transport.#state = 'closed';
      if (transport.#iceTransport) closeIceTransportByConnection(transport.#iceTransport);
    };
  }
}


defineEventHandlers(RTCDtlsTransport, ['statechange', 'error']);

/**
 * A sender's or receiver's transport: libwebrtc's current one while the connection is open; after close()
 * the last one stays, in state 'closed' (webrtc-pc keeps [[SenderTransport]] / [[ReceiverTransport]]).
 */
export function currentTransport(
  native: { transport(): NativeDtlsTransport | null },
  owner: ConnectionInternals,
  last: RTCDtlsTransport | null,
): RTCDtlsTransport | null {
  if (owner.isClosed()) return last;
  const transport = native.transport();
  return transport ? dtlsTransportOf(transport, owner) : null;
}

export function dtlsTransportOf(native: NativeDtlsTransport, owner: ConnectionInternals): RTCDtlsTransport {
  let wrapper = wrappers.get(native);
  if (!wrapper) wrappers.set(native, (wrapper = new RTCDtlsTransport(illegalConstructor, native, owner)));
  return wrapper;
}

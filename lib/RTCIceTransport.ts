import type { NativeIceInfo, NativeIceTransport } from './native';
import { RTCIceCandidate } from './RTCIceCandidate';
import { defineEventHandlers } from './internal/event-handlers';
import { illegalConstructor, requireInternal } from './internal/webidl';

const wrappers = new WeakMap<NativeIceTransport, RTCIceTransport>();

/** The connection closed: 'closed' without an event; library-internal. */
export let closeIceTransportByConnection: (transport: RTCIceTransport) => void;

/** RTCIceTransport (webrtc-pc §5.6): the ICE layer under a DTLS transport. */
export class RTCIceTransport extends EventTarget implements globalThis.RTCIceTransport {
  #info: NativeIceInfo;
  #pair: RTCIceCandidatePair | null = null;
  #closed = false;

  declare onstatechange: ((this: globalThis.RTCIceTransport, ev: Event) => any) | null;
  declare ongatheringstatechange: ((this: globalThis.RTCIceTransport, ev: Event) => any) | null;
  declare onselectedcandidatepairchange: ((this: globalThis.RTCIceTransport, ev: Event) => any) | null;

  /** @internal */
  constructor(token: typeof illegalConstructor, native: NativeIceTransport) {
    requireInternal(token, 'RTCIceTransport');
    super();
    this.#info = native.info();
    this.#pair = this.#toPair(this.#info);
    native.onchange = (info, pairChanged) => this.#onChange(info, pairChanged);
  }

  get role(): RTCIceRole {
    return this.#info.role ?? 'unknown';
  }
  get component(): RTCIceComponent {
    return 'rtp';
  }
  get state(): RTCIceTransportState {
    return this.#closed ? 'closed' : this.#info.state;
  }
  get gatheringState(): RTCIceGathererState {
    return this.#info.gatheringState;
  }
  getSelectedCandidatePair(): RTCIceCandidatePair | null {
    return this.#pair;
  }

  #toPair(info: NativeIceInfo): RTCIceCandidatePair | null {
    const pair = info.selectedCandidatePair;
    if (!pair) return null;
    return {
      local: new RTCIceCandidate({ candidate: pair.local, sdpMid: info.mid, sdpMLineIndex: null }),
      remote: new RTCIceCandidate({ candidate: pair.remote, sdpMid: info.mid, sdpMLineIndex: null }),
    };
  }

  #onChange(info: NativeIceInfo, pairChanged: boolean): void {
    if (this.#closed) return;
    const previous = this.#info;
    this.#info = info;
    if (pairChanged) {
      this.#pair = this.#toPair(info);
      this.dispatchEvent(new Event('selectedcandidatepairchange'));
    }
    if (info.gatheringState !== previous.gatheringState) this.dispatchEvent(new Event('gatheringstatechange'));
    if (info.state !== previous.state) this.dispatchEvent(new Event('statechange'));
  }

  static {
    closeIceTransportByConnection = (transport) => {
      transport.#closed = true;
    };
  }
}


defineEventHandlers(RTCIceTransport, ['statechange', 'gatheringstatechange', 'selectedcandidatepairchange']);

export function iceTransportOf(native: NativeIceTransport): RTCIceTransport {
  let wrapper = wrappers.get(native);
  if (!wrapper) wrappers.set(native, (wrapper = new RTCIceTransport(illegalConstructor, native)));
  return wrapper;
}

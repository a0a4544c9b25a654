import type { NativeIceInfo, NativeIceTransport } from './native';
import { type RTCIceCandidate, engineCandidate } from './RTCIceCandidate';
import type { ConnectionInternals } from './internal/connection';
import { defineEventHandlers } from './internal/event-handlers';
import { iceSection } from './internal/sdp-ice';
import { illegalConstructor, requireInternal } from './internal/webidl';
import { trusted } from './internal/trusted';

const wrappers = new WeakMap<NativeIceTransport, RTCIceTransport>();

/** The connection closed: 'closed' without an event; library-internal. */
export let closeIceTransportByConnection: (transport: RTCIceTransport) => void;

/** webrtc-pc's RTCIceParameters (not in lib.dom). */
export interface RTCIceParameters {
  usernameFragment?: string;
  password?: string;
}

// lib.dom's typed addEventListener/removeEventListener overloads (declaration merging: no runtime code).
export interface RTCIceTransport {
  addEventListener<K extends keyof RTCIceTransportEventMap>(type: K, listener: (this: globalThis.RTCIceTransport, ev: RTCIceTransportEventMap[K]) => any, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof RTCIceTransportEventMap>(type: K, listener: (this: globalThis.RTCIceTransport, ev: RTCIceTransportEventMap[K]) => any, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

/** RTCIceTransport (webrtc-pc §5.6): the ICE layer under a DTLS transport. */
export class RTCIceTransport extends EventTarget implements globalThis.RTCIceTransport {
  #info: NativeIceInfo;
  readonly #native: NativeIceTransport;
  readonly #owner: ConnectionInternals;
  /** The mid of the m-section this transport serves (the BUNDLE tag), kept once known. */
  #mid = '';
  #pair: RTCIceCandidatePair | null = null;
  #closed = false;
  /**
   * webrtc-pc changes a transport's gathering state in the same task as the connection's, just before. A
   * transport made after libwebrtc started gathering but before the connection's icegatheringstatechange
   * was processed reads 'new' until then; and each connection event first brings the transports up to date
   * (libwebrtc posts the two changes from different threads, so the transport's may come later).
   */
  #heldGatheringState: RTCIceGathererState | null = null;
  #gatheringSeq = 0;

  declare onstatechange: ((this: globalThis.RTCIceTransport, ev: Event) => any) | null;
  declare ongatheringstatechange: ((this: globalThis.RTCIceTransport, ev: Event) => any) | null;
  declare onselectedcandidatepairchange: ((this: globalThis.RTCIceTransport, ev: Event) => any) | null;

  /** @internal */
  constructor(token: typeof illegalConstructor, native: NativeIceTransport, owner: ConnectionInternals) {
    requireInternal(token, 'RTCIceTransport');
    super();
    this.#owner = owner;
    this.#native = native;
    this.#info = native.info();
    this.#gatheringSeq = this.#info.seq;
    this.#mid = this.#info.mid;
    this.#pair = this.#toPair(this.#info);
    if (owner.iceGatheringState() === 'new' && this.#info.gatheringState !== 'new') this.#heldGatheringState = 'new';
    // A weak reference: the connection's listener list must not keep a transport it no longer uses alive.
    const self = new WeakRef(this);
    owner.beforeIceGatheringStateChange((state) => {
      const transport = self.deref();
      return transport ? transport.#syncGatheringState(state) : false;
    });
    native.onchange = (info, pairChanged) => this.#onChange(info, pairChanged);
    owner.transportCreated();
  }

  get role(): RTCIceRole {
    // Read live: applying a description (an answer makes its side controlled) changes the role without any
    // of the signals that refresh #info.
    if (!this.#closed && !this.#owner.isClosed()) this.#info.role = this.#native.info().role;
    return this.#info.role ?? 'unknown';
  }
  get component(): RTCIceComponent {
    return 'rtp';
  }
  get state(): RTCIceTransportState {
    return this.#closed ? 'closed' : this.#info.state;
  }
  get gatheringState(): RTCIceGathererState {
    return this.#heldGatheringState ?? this.#info.gatheringState;
  }
  getSelectedCandidatePair(): RTCIceCandidatePair | null {
    // webrtc-pc: none while the transport is 'new' or 'closed' (pc.close() keeps the last snapshot).
    if (this.state === 'new' || this.state === 'closed') return null;
    // A peer-reflexive remote candidate (the peer's checks came before its candidate) turns into the candidate
    // the peer signals once it is added; libwebrtc updates the pair without announcing it, so look again.
    if (this.#pair?.remote.type === 'prflx' && !this.#closed && !this.#owner.isClosed()) {
      const now = this.#toPair(this.#native.info());
      const same = now && now.local.candidate === this.#pair.local.candidate && now.remote.address === this.#pair.remote.address && now.remote.port === this.#pair.remote.port;
      if (same && now.remote.type !== 'prflx') this.#pair = now;
    }
    return this.#pair;
  }
  /** The candidates gathered for this transport (those onicecandidate delivered). */
  getLocalCandidates(): RTCIceCandidate[] {
    return this.#candidates(this.#owner.descriptions().local, false);
  }
  /** The remote candidates it was given, in the remote description or by addIceCandidate() (no peer-reflexive ones). */
  getRemoteCandidates(): RTCIceCandidate[] {
    return this.#candidates(this.#owner.descriptions().remote, true);
  }
  getLocalParameters(): RTCIceParameters | null {
    return this.#parameters(this.#owner.descriptions().local);
  }
  getRemoteParameters(): RTCIceParameters | null {
    return this.#parameters(this.#owner.descriptions().remote);
  }

  #candidates(sdp: string | undefined, remote: boolean): RTCIceCandidate[] {
    const section = iceSection(sdp, this.#mid);
    if (!section) return [];
    return section.candidates
      .filter((candidate) => !(remote && / typ prflx\b/.test(candidate)))
      // The SDP form leaves out the ufrag that onicecandidate's form carries; put it back so the two match.
      .map((candidate) => (/ ufrag /.test(candidate) || !section.usernameFragment ? candidate : candidate.replace(/( generation \d+)|$/, `$1 ufrag ${section.usernameFragment}`)))
      .map((candidate) => {
        const init = { candidate, sdpMid: this.#mid, sdpMLineIndex: section.mLineIndex };
        const parsed = engineCandidate(init);
        // A local srflx or relay candidate keeps the server URL (and a relay its protocol) onicecandidate gave it.
        const url = remote ? undefined : this.#owner.gatheredUrl(parsed);
        return url ? engineCandidate(init, { url }) : parsed;
      });
  }

  #parameters(sdp: string | undefined): RTCIceParameters | null {
    const section = iceSection(sdp, this.#mid);
    if (!section?.usernameFragment || !section.password) return null;
    return { usernameFragment: section.usernameFragment, password: section.password };
  }

  #toPair(info: NativeIceInfo): RTCIceCandidatePair | null {
    const pair = info.selectedCandidatePair;
    if (!pair) return null;
    return {
      local: engineCandidate({ candidate: pair.local, sdpMid: info.mid, sdpMLineIndex: null }, { url: pair.localUrl, relayProtocol: pair.localRelayProtocol }),
      remote: engineCandidate({ candidate: pair.remote, sdpMid: info.mid, sdpMLineIndex: null }),
    };
  }

  /**
   * Right before the connection's icegatheringstatechange to `connectionState`: this transport shows its
   * state as of that event. The engine may be further on already (gathering over on loopback before the
   * 'gathering' event is delivered): then it shows no more than the connection, and the connection's next
   * event brings the rest. Returns false once closed: nothing will change any more.
   */
  #syncGatheringState(connectionState: RTCIceGatheringState): boolean {
    if (this.#closed) return false;
    const shown = this.gatheringState;
    const now = this.#native.info();
    this.#gatheringSeq = now.seq;
    this.#info = { ...this.#info, gatheringState: now.gatheringState };
    // Capped at the connection's state, but never below what this transport has shown already (another
    // transport may have taken the connection back to 'gathering').
    const order: RTCIceGathererState[] = ['new', 'gathering', 'complete'];
    const rank = (state: RTCIceGathererState) => order.indexOf(state);
    const cap = rank(connectionState) >= rank(shown) ? connectionState : shown;
    this.#heldGatheringState = rank(now.gatheringState) > rank(cap) ? cap : null;
    if (this.gatheringState !== shown) this.dispatchEvent(trusted(new Event('gatheringstatechange')));
    return true;
  }

  #onChange(info: NativeIceInfo, pairChanged: boolean): void {
    if (this.#closed) return;
    // A snapshot posted before a gathering state read since (#syncGatheringState) is stale for that state.
    if (info.seq < this.#gatheringSeq) info = { ...info, gatheringState: this.#info.gatheringState };
    const previous = this.#info;
    const shownGatheringState = this.gatheringState;
    // A later gathering change overtakes a held one (libwebrtc moved on); other changes leave it held.
    if (info.gatheringState !== previous.gatheringState) this.#heldGatheringState = null;
    this.#info = info;
    if (info.mid) this.#mid = info.mid;
    if (pairChanged) {
      this.#pair = this.#toPair(info);
      this.dispatchEvent(trusted(new Event('selectedcandidatepairchange')));
    }
    if (this.gatheringState !== shownGatheringState) this.dispatchEvent(trusted(new Event('gatheringstatechange')));
    if (info.state !== previous.state) {
      // webrtc-pc updates the connection's states in the same task, so they already agree inside this event.
      const announceConnectionStates = this.#owner.transportStateChanged();
      this.dispatchEvent(trusted(new Event('statechange')));
      announceConnectionStates();
    }
  }

  static {
    closeIceTransportByConnection = (transport) => {
      transport.#closed = true;
    };
  }
}


defineEventHandlers(RTCIceTransport, ['statechange', 'gatheringstatechange', 'selectedcandidatepairchange']);

export function iceTransportOf(native: NativeIceTransport, owner: ConnectionInternals): RTCIceTransport {
  let wrapper = wrappers.get(native);
  if (!wrapper) wrappers.set(native, (wrapper = new RTCIceTransport(illegalConstructor, native, owner)));
  return wrapper;
}

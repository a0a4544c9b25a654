import { type RTCIceCandidate, isIceCandidate } from './RTCIceCandidate';
import { dictionary, domString, eventInit, nullableString, requireArguments, setLengths } from './internal/webidl';

/** The icecandidate event: a gathered candidate, or null once gathering is complete. */
export class RTCPeerConnectionIceEvent extends Event implements globalThis.RTCPeerConnectionIceEvent {
  readonly #candidate: RTCIceCandidate | null;
  readonly #url: string | null;

  constructor(type: string, init?: RTCPeerConnectionIceEventInit & { url?: string | null }) {
    requireArguments('new RTCPeerConnectionIceEvent', arguments.length, 1);
    const typeName = domString('new RTCPeerConnectionIceEvent', type);
    const dict = dictionary<RTCPeerConnectionIceEventInit & { url?: string | null }>('new RTCPeerConnectionIceEvent', init);
    // WebIDL: each member read once and converted, EventInit's first, then in member order.
    const base = eventInit(dict);
    const candidate: unknown = dict.candidate ?? null;
    if (candidate !== null && !isIceCandidate(candidate)) {
      throw new TypeError('new RTCPeerConnectionIceEvent: candidate must be an RTCIceCandidate or null');
    }
    const url = nullableString('new RTCPeerConnectionIceEvent: url', dict.url);
    super(typeName, base);
    this.#candidate = candidate;
    this.#url = url;
  }

  get candidate(): RTCIceCandidate | null {
    return this.#candidate;
  }
  get url(): string | null {
    return this.#url;
  }
}

setLengths(RTCPeerConnectionIceEvent, { '': 1 });

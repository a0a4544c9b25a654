import { RTCIceCandidate } from './RTCIceCandidate';
import { dictionary, domString, requireArguments, setLengths } from './internal/webidl';

/** The icecandidate event: a gathered candidate, or null once gathering is complete. */
export class RTCPeerConnectionIceEvent extends Event implements globalThis.RTCPeerConnectionIceEvent {
  readonly #candidate: RTCIceCandidate | null;
  readonly #url: string | null;

  constructor(type: string, init?: RTCPeerConnectionIceEventInit & { url?: string | null }) {
    requireArguments('new RTCPeerConnectionIceEvent', arguments.length, 1);
    const dict = dictionary<RTCPeerConnectionIceEventInit & { url?: string | null }>('new RTCPeerConnectionIceEvent', init);
    super(domString('new RTCPeerConnectionIceEvent', type), dict);
    const candidate = dict.candidate ?? null;
    if (candidate !== null && !(candidate instanceof RTCIceCandidate)) {
      throw new TypeError('new RTCPeerConnectionIceEvent: candidate must be an RTCIceCandidate or null');
    }
    this.#candidate = candidate;
    this.#url = dict.url ?? null;
  }

  get candidate(): RTCIceCandidate | null {
    return this.#candidate;
  }
  get url(): string | null {
    return this.#url;
  }
}

setLengths(RTCPeerConnectionIceEvent, { '': 1 });

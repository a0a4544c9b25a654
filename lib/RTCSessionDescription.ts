import { dictionary, domString, enumValue, requireArguments } from './internal/webidl';

export const SDP_TYPES: readonly RTCSdpType[] = ['offer', 'pranswer', 'answer', 'rollback'];

/** An SDP blob and its type (webrtc-pc §4.8.1). */
export class RTCSessionDescription implements globalThis.RTCSessionDescription {
  readonly #type: RTCSdpType;
  readonly #sdp: string;

  constructor(descriptionInitDict: RTCSessionDescriptionInit) {
    requireArguments('new RTCSessionDescription', arguments.length, 1);
    const dict = dictionary<RTCSessionDescriptionInit>('new RTCSessionDescription', descriptionInitDict);
    // WebIDL: each member read once, in member order (sdp, then type).
    const sdp: unknown = dict.sdp;
    this.#sdp = sdp === undefined ? '' : domString('new RTCSessionDescription: sdp', sdp);
    const type: unknown = dict.type;
    if (type === undefined) throw new TypeError("new RTCSessionDescription: the member 'type' is required");
    this.#type = enumValue('new RTCSessionDescription: type', type, SDP_TYPES, 'RTCSdpType');
  }

  get type(): RTCSdpType {
    return this.#type;
  }

  get sdp(): string {
    return this.#sdp;
  }

  toJSON(): RTCSessionDescriptionInit {
    return { type: this.#type, sdp: this.#sdp };
  }
}

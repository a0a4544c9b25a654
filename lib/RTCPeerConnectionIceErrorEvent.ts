import { dictionary, domString, requireArguments } from './internal/webidl';

/** The icecandidateerror event: a STUN or TURN server could not be used. */
export class RTCPeerConnectionIceErrorEvent extends Event implements globalThis.RTCPeerConnectionIceErrorEvent {
  readonly #address: string | null;
  readonly #port: number | null;
  readonly #url: string;
  readonly #errorCode: number;
  readonly #errorText: string;

  constructor(type: string, init: RTCPeerConnectionIceErrorEventInit) {
    requireArguments('new RTCPeerConnectionIceErrorEvent', arguments.length, 2);
    const dict = dictionary<RTCPeerConnectionIceErrorEventInit>('new RTCPeerConnectionIceErrorEvent', init);
    if (dict.errorCode === undefined) throw new TypeError('new RTCPeerConnectionIceErrorEvent: errorCode is required');
    super(domString('new RTCPeerConnectionIceErrorEvent', type), dict);
    this.#address = dict.address ?? null;
    this.#port = dict.port ?? null;
    this.#url = dict.url ?? '';
    this.#errorCode = Number(dict.errorCode);
    this.#errorText = dict.errorText ?? '';
  }

  get address(): string | null {
    return this.#address;
  }
  get port(): number | null {
    return this.#port;
  }
  get url(): string {
    return this.#url;
  }
  get errorCode(): number {
    return this.#errorCode;
  }
  get errorText(): string {
    return this.#errorText;
  }
}

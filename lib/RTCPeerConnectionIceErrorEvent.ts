import { dictionary, domString, eventInit, nullableString, requireArguments, unsignedShort, usvString } from './internal/webidl';

/** The icecandidateerror event: a STUN or TURN server could not be used. */
export class RTCPeerConnectionIceErrorEvent extends Event implements globalThis.RTCPeerConnectionIceErrorEvent {
  readonly #address: string | null;
  readonly #port: number | null;
  readonly #url: string;
  readonly #errorCode: number;
  readonly #errorText: string;

  constructor(type: string, init: RTCPeerConnectionIceErrorEventInit) {
    requireArguments('new RTCPeerConnectionIceErrorEvent', arguments.length, 2);
    const where = 'new RTCPeerConnectionIceErrorEvent';
    const typeName = domString(where, type);
    const dict = dictionary<RTCPeerConnectionIceErrorEventInit>(where, init);
    // WebIDL: each member read once and converted, EventInit's first, then in member order.
    const base = eventInit(dict);
    const address = nullableString(`${where}: address`, dict.address);
    const errorCode: unknown = dict.errorCode;
    if (errorCode === undefined) throw new TypeError(`${where}: required member errorCode missing`);
    const errorCodeValue = unsignedShort(errorCode, `${where}: errorCode`);
    const errorTextValue: unknown = dict.errorText;
    const errorText = errorTextValue === undefined ? '' : usvString(`${where}: errorText`, errorTextValue);
    const portValue: unknown = dict.port;
    const port = portValue === undefined || portValue === null ? null : unsignedShort(portValue, `${where}: port`);
    const urlValue: unknown = dict.url;
    const url = urlValue === undefined ? '' : domString(`${where}: url`, urlValue);
    super(typeName, base);
    this.#address = address;
    this.#port = port;
    this.#url = url;
    this.#errorCode = errorCodeValue;
    this.#errorText = errorText;
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

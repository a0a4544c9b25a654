/** RTCError (webrtc-pc §11.1): an OperationError DOMException with WebRTC details. */
import { dictionary, domString, enumValue, requireArguments } from './internal/webidl';

const ERROR_DETAILS: readonly RTCErrorDetailType[] = [
  'data-channel-failure',
  'dtls-failure',
  'fingerprint-failure',
  'sctp-failure',
  'sdp-syntax-error',
  'hardware-encoder-not-available',
  'hardware-encoder-error',
];

export class RTCError extends DOMException implements globalThis.RTCError {
  // WebIDL attributes: getters on the prototype, as in browsers (not own properties of each error).
  readonly #errorDetail: RTCErrorDetailType;
  readonly #sdpLineNumber: number | null;
  readonly #sctpCauseCode: number | null;
  readonly #receivedAlert: number | null;
  readonly #sentAlert: number | null;
  readonly #httpRequestStatusCode: number | null;

  constructor(init: RTCErrorInit, message = '') {
    requireArguments('new RTCError', arguments.length, 1);
    const dict = dictionary<RTCErrorInit & { httpRequestStatusCode?: number }>('new RTCError', init);
    super(domString('new RTCError', message), 'OperationError');
    if (dict.errorDetail === undefined) throw new TypeError("new RTCError: the init dictionary's errorDetail is required");
    this.#errorDetail = enumValue('new RTCError: errorDetail', dict.errorDetail, ERROR_DETAILS, 'RTCErrorDetailType');
    const optional = (value: unknown) => (value === undefined || value === null ? null : Number(value));
    this.#sdpLineNumber = optional(dict.sdpLineNumber);
    this.#sctpCauseCode = optional(dict.sctpCauseCode);
    this.#receivedAlert = optional(dict.receivedAlert);
    this.#sentAlert = optional(dict.sentAlert);
    this.#httpRequestStatusCode = optional(dict.httpRequestStatusCode);
  }

  get errorDetail(): RTCErrorDetailType {
    return this.#errorDetail;
  }
  get sdpLineNumber(): number | null {
    return this.#sdpLineNumber;
  }
  get sctpCauseCode(): number | null {
    return this.#sctpCauseCode;
  }
  get receivedAlert(): number | null {
    return this.#receivedAlert;
  }
  get sentAlert(): number | null {
    return this.#sentAlert;
  }
  get httpRequestStatusCode(): number | null {
    return this.#httpRequestStatusCode;
  }
}

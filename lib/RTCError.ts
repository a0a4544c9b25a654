/** RTCError (webrtc-pc §11.1): an OperationError DOMException with WebRTC details. */
import { dictionary, domString, enumValue, long, requireArguments, unsignedLong } from './internal/webidl';

const ERROR_DETAILS: readonly RTCErrorDetailType[] = [
  'data-channel-failure',
  'dtls-failure',
  'fingerprint-failure',
  'sctp-failure',
  'sdp-syntax-error',
  'hardware-encoder-not-available',
  'hardware-encoder-error',
];

/** WebIDL's interface check: an RTCError (not merely an object with its prototype). */
export let isRTCError: (value: unknown) => value is RTCError;

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
    // WebIDL: the dictionary's members once each, in member order, then the message; members absent are null.
    const errorDetailValue: unknown = dict.errorDetail;
    if (errorDetailValue === undefined) throw new TypeError("new RTCError: the init dictionary's errorDetail is required");
    const errorDetail = enumValue('new RTCError: errorDetail', errorDetailValue, ERROR_DETAILS, 'RTCErrorDetailType');
    const member = (name: string, value: unknown, convert: (value: unknown, where: string) => number) =>
      value === undefined ? null : convert(value, `new RTCError: ${name}`);
    const httpRequestStatusCode = member('httpRequestStatusCode', dict.httpRequestStatusCode, long);
    const receivedAlert = member('receivedAlert', dict.receivedAlert, unsignedLong);
    const sctpCauseCode = member('sctpCauseCode', dict.sctpCauseCode, long);
    const sdpLineNumber = member('sdpLineNumber', dict.sdpLineNumber, long);
    const sentAlert = member('sentAlert', dict.sentAlert, unsignedLong);
    super(domString('new RTCError', message), 'OperationError');
    this.#errorDetail = errorDetail;
    this.#sdpLineNumber = sdpLineNumber;
    this.#sctpCauseCode = sctpCauseCode;
    this.#receivedAlert = receivedAlert;
    this.#sentAlert = sentAlert;
    this.#httpRequestStatusCode = httpRequestStatusCode;
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

  static {
    isRTCError = (value): value is RTCError => typeof value === 'object' && value !== null && #errorDetail in value;
  }
}

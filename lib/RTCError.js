"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RTCError = void 0;
/** RTCError (webrtc-pc §11.1): an OperationError DOMException with WebRTC details. */
const webidl_1 = require("./internal/webidl");
const ERROR_DETAILS = [
    'data-channel-failure',
    'dtls-failure',
    'fingerprint-failure',
    'sctp-failure',
    'sdp-syntax-error',
    'hardware-encoder-not-available',
    'hardware-encoder-error',
];
class RTCError extends DOMException {
    errorDetail;
    sdpLineNumber;
    sctpCauseCode;
    receivedAlert;
    sentAlert;
    httpRequestStatusCode;
    constructor(init, message = '') {
        (0, webidl_1.requireArguments)('new RTCError', arguments.length, 1);
        const dict = (0, webidl_1.dictionary)('new RTCError', init);
        super((0, webidl_1.domString)('new RTCError', message), 'OperationError');
        if (dict.errorDetail === undefined)
            throw new TypeError("new RTCError: the init dictionary's errorDetail is required");
        this.errorDetail = (0, webidl_1.enumValue)('new RTCError: errorDetail', dict.errorDetail, ERROR_DETAILS, 'RTCErrorDetailType');
        const optional = (value) => (value === undefined || value === null ? null : Number(value));
        this.sdpLineNumber = optional(dict.sdpLineNumber);
        this.sctpCauseCode = optional(dict.sctpCauseCode);
        this.receivedAlert = optional(dict.receivedAlert);
        this.sentAlert = optional(dict.sentAlert);
        this.httpRequestStatusCode = optional(dict.httpRequestStatusCode);
    }
}
exports.RTCError = RTCError;

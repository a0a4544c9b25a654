"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.notSupported = exports.syntaxError = exports.invalidModification = exports.invalidAccess = exports.operationError = exports.invalidState = void 0;
exports.domException = domException;
exports.fromNative = fromNative;
// The spec's exceptions. DOMException is Node's global one; RTCError extends it.
const RTCError_1 = require("../RTCError");
function domException(name, message) {
    return new DOMException(message, name);
}
const invalidState = (message) => domException('InvalidStateError', message);
exports.invalidState = invalidState;
const operationError = (message) => domException('OperationError', message);
exports.operationError = operationError;
const invalidAccess = (message) => domException('InvalidAccessError', message);
exports.invalidAccess = invalidAccess;
const invalidModification = (message) => domException('InvalidModificationError', message);
exports.invalidModification = invalidModification;
const syntaxError = (message) => domException('SyntaxError', message);
exports.syntaxError = syntaxError;
const notSupported = (message) => domException('NotSupportedError', message);
exports.notSupported = notSupported;
/** Builds the error native/ names: (name, message, detail) → the class the spec asks for. */
function fromNative(name, message, detail) {
    switch (name) {
        case 'TypeError':
            return new TypeError(message);
        case 'RangeError':
            return new RangeError(message);
        case 'RTCError':
            return new RTCError_1.RTCError({
                errorDetail: detail.errorDetail ?? 'data-channel-failure',
                sdpLineNumber: detail.sdpLineNumber,
                sctpCauseCode: detail.sctpCauseCode,
            }, message);
        default:
            return domException(name, message);
    }
}

"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RTCErrorEvent = void 0;
const RTCError_1 = require("./RTCError");
const webidl_1 = require("./internal/webidl");
/** The error event of RTCDataChannel and RTCDtlsTransport. */
class RTCErrorEvent extends Event {
    error;
    constructor(type, init) {
        (0, webidl_1.requireArguments)('new RTCErrorEvent', arguments.length, 2);
        const dict = (0, webidl_1.dictionary)('new RTCErrorEvent', init);
        if (!(dict.error instanceof RTCError_1.RTCError))
            throw new TypeError('new RTCErrorEvent: error must be an RTCError');
        super((0, webidl_1.domString)('new RTCErrorEvent', type), dict);
        this.error = dict.error;
    }
}
exports.RTCErrorEvent = RTCErrorEvent;

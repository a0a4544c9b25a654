"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RTCPeerConnectionIceErrorEvent = void 0;
const webidl_1 = require("./internal/webidl");
/** The icecandidateerror event: a STUN or TURN server could not be used. */
class RTCPeerConnectionIceErrorEvent extends Event {
    address;
    port;
    url;
    errorCode;
    errorText;
    constructor(type, init) {
        (0, webidl_1.requireArguments)('new RTCPeerConnectionIceErrorEvent', arguments.length, 2);
        const dict = (0, webidl_1.dictionary)('new RTCPeerConnectionIceErrorEvent', init);
        if (dict.errorCode === undefined)
            throw new TypeError('new RTCPeerConnectionIceErrorEvent: errorCode is required');
        super((0, webidl_1.domString)('new RTCPeerConnectionIceErrorEvent', type), dict);
        this.address = dict.address ?? null;
        this.port = dict.port ?? null;
        this.url = dict.url ?? '';
        this.errorCode = Number(dict.errorCode);
        this.errorText = dict.errorText ?? '';
    }
}
exports.RTCPeerConnectionIceErrorEvent = RTCPeerConnectionIceErrorEvent;

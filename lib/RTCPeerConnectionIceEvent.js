"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RTCPeerConnectionIceEvent = void 0;
const RTCIceCandidate_1 = require("./RTCIceCandidate");
const webidl_1 = require("./internal/webidl");
/** The icecandidate event: a gathered candidate, or null once gathering is complete. */
class RTCPeerConnectionIceEvent extends Event {
    candidate;
    url;
    constructor(type, init) {
        (0, webidl_1.requireArguments)('new RTCPeerConnectionIceEvent', arguments.length, 1);
        const dict = (0, webidl_1.dictionary)('new RTCPeerConnectionIceEvent', init);
        super((0, webidl_1.domString)('new RTCPeerConnectionIceEvent', type), dict);
        const candidate = dict.candidate ?? null;
        if (candidate !== null && !(candidate instanceof RTCIceCandidate_1.RTCIceCandidate)) {
            throw new TypeError('new RTCPeerConnectionIceEvent: candidate must be an RTCIceCandidate or null');
        }
        this.candidate = candidate;
        this.url = dict.url ?? null;
    }
}
exports.RTCPeerConnectionIceEvent = RTCPeerConnectionIceEvent;

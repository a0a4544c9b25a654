"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RTCSessionDescription = exports.SDP_TYPES = void 0;
const webidl_1 = require("./internal/webidl");
exports.SDP_TYPES = ['offer', 'pranswer', 'answer', 'rollback'];
/** An SDP blob and its type (webrtc-pc §4.8.1). */
class RTCSessionDescription {
    #type;
    #sdp;
    constructor(descriptionInitDict) {
        (0, webidl_1.requireArguments)('new RTCSessionDescription', arguments.length, 1);
        const dict = (0, webidl_1.dictionary)('new RTCSessionDescription', descriptionInitDict);
        if (dict.type === undefined)
            throw new TypeError("new RTCSessionDescription: the member 'type' is required");
        this.#type = (0, webidl_1.enumValue)('new RTCSessionDescription: type', dict.type, exports.SDP_TYPES, 'RTCSdpType');
        this.#sdp = dict.sdp === undefined ? '' : (0, webidl_1.domString)('new RTCSessionDescription: sdp', dict.sdp);
    }
    get type() {
        return this.#type;
    }
    get sdp() {
        return this.#sdp;
    }
    toJSON() {
        return { type: this.#type, sdp: this.#sdp };
    }
}
exports.RTCSessionDescription = RTCSessionDescription;

"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RTCIceTransport = void 0;
exports.iceTransportOf = iceTransportOf;
const RTCIceCandidate_1 = require("./RTCIceCandidate");
const event_handlers_1 = require("./internal/event-handlers");
const webidl_1 = require("./internal/webidl");
const wrappers = new WeakMap();
/** RTCIceTransport (webrtc-pc §5.6): the ICE layer under a DTLS transport. */
class RTCIceTransport extends EventTarget {
    #info;
    #pair = null;
    #closed = false;
    /** @internal */
    constructor(token, native) {
        (0, webidl_1.requireInternal)(token, 'RTCIceTransport');
        super();
        this.#info = native.info();
        this.#pair = this.#toPair(this.#info);
        native.onchange = (info, pairChanged) => this.#onChange(info, pairChanged);
    }
    get role() {
        return this.#info.role ?? 'unknown';
    }
    get component() {
        return 'rtp';
    }
    get state() {
        return this.#closed ? 'closed' : this.#info.state;
    }
    get gatheringState() {
        return this.#info.gatheringState;
    }
    getSelectedCandidatePair() {
        return this.#pair;
    }
    #toPair(info) {
        const pair = info.selectedCandidatePair;
        if (!pair)
            return null;
        return {
            local: new RTCIceCandidate_1.RTCIceCandidate({ candidate: pair.local, sdpMid: info.mid, sdpMLineIndex: null }),
            remote: new RTCIceCandidate_1.RTCIceCandidate({ candidate: pair.remote, sdpMid: info.mid, sdpMLineIndex: null }),
        };
    }
    #onChange(info, pairChanged) {
        if (this.#closed)
            return;
        const previous = this.#info;
        this.#info = info;
        if (pairChanged) {
            this.#pair = this.#toPair(info);
            this.dispatchEvent(new Event('selectedcandidatepairchange'));
        }
        if (info.gatheringState !== previous.gatheringState)
            this.dispatchEvent(new Event('gatheringstatechange'));
        if (info.state !== previous.state)
            this.dispatchEvent(new Event('statechange'));
    }
    /** @internal */
    markClosedByConnection() {
        this.#closed = true;
    }
}
exports.RTCIceTransport = RTCIceTransport;
(0, event_handlers_1.defineEventHandlers)(RTCIceTransport, ['statechange', 'gatheringstatechange', 'selectedcandidatepairchange']);
function iceTransportOf(native) {
    let wrapper = wrappers.get(native);
    if (!wrapper)
        wrappers.set(native, (wrapper = new RTCIceTransport(webidl_1.illegalConstructor, native)));
    return wrapper;
}

"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RTCDtlsTransport = void 0;
exports.dtlsTransportOf = dtlsTransportOf;
const RTCError_1 = require("./RTCError");
const RTCErrorEvent_1 = require("./RTCErrorEvent");
const RTCIceTransport_1 = require("./RTCIceTransport");
const event_handlers_1 = require("./internal/event-handlers");
const webidl_1 = require("./internal/webidl");
const wrappers = new WeakMap();
/** RTCDtlsTransport (webrtc-pc §5.5): the DTLS layer under SCTP and SRTP. */
class RTCDtlsTransport extends EventTarget {
    #native;
    #iceTransport = null;
    #state;
    #remoteCertificates;
    /** @internal */
    constructor(token, native) {
        (0, webidl_1.requireInternal)(token, 'RTCDtlsTransport');
        super();
        this.#native = native;
        const info = native.info() ?? { state: 'closed', remoteCertificates: [] };
        this.#state = info.state;
        this.#remoteCertificates = info.remoteCertificates;
        native.onstate = (next) => this.#onState(next);
        native.onerror = (error) => {
            const rtcError = error instanceof RTCError_1.RTCError ? error : new RTCError_1.RTCError({ errorDetail: 'dtls-failure' }, error.message);
            this.dispatchEvent(new RTCErrorEvent_1.RTCErrorEvent('error', { error: rtcError }));
        };
    }
    get iceTransport() {
        if (!this.#iceTransport) {
            const native = this.#native.iceTransport();
            if (!native)
                throw new Error('node-libwebrtc: the DTLS transport has no ICE transport');
            this.#iceTransport = (0, RTCIceTransport_1.iceTransportOf)(native);
        }
        return this.#iceTransport;
    }
    get state() {
        return this.#state;
    }
    /** The remote peer's certificate chain, DER-encoded, once connected. */
    getRemoteCertificates() {
        return this.#remoteCertificates.map((der) => der.slice(0));
    }
    #onState(info) {
        if (info.remoteCertificates.length)
            this.#remoteCertificates = info.remoteCertificates;
        if (info.state === this.#state || this.#state === 'closed')
            return;
        this.#state = info.state;
        this.dispatchEvent(new Event('statechange'));
    }
    /** @internal */
    markClosedByConnection() {
        this.#state = 'closed';
        this.#iceTransport?.markClosedByConnection();
    }
}
exports.RTCDtlsTransport = RTCDtlsTransport;
(0, event_handlers_1.defineEventHandlers)(RTCDtlsTransport, ['statechange', 'error']);
function dtlsTransportOf(native) {
    let wrapper = wrappers.get(native);
    if (!wrapper)
        wrappers.set(native, (wrapper = new RTCDtlsTransport(webidl_1.illegalConstructor, native)));
    return wrapper;
}

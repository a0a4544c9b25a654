"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RTCSctpTransport = void 0;
exports.sctpTransportOf = sctpTransportOf;
const RTCDtlsTransport_1 = require("./RTCDtlsTransport");
const event_handlers_1 = require("./internal/event-handlers");
const webidl_1 = require("./internal/webidl");
const wrappers = new WeakMap();
/** RTCSctpTransport (webrtc-pc §6.1.1): the SCTP association that carries data channels. */
class RTCSctpTransport extends EventTarget {
    #native;
    #transport = null;
    #state;
    #maxMessageSize;
    #maxChannels;
    /** @internal */
    constructor(token, native) {
        (0, webidl_1.requireInternal)(token, 'RTCSctpTransport');
        super();
        this.#native = native;
        const info = native.info() ?? { state: 'closed', maxMessageSize: null, maxChannels: null };
        this.#state = info.state;
        this.#maxMessageSize = info.maxMessageSize ?? 65536;
        this.#maxChannels = info.maxChannels;
        native.onstate = (next) => this.#onState(next);
    }
    get transport() {
        if (!this.#transport) {
            const native = this.#native.transport();
            if (!native)
                throw new Error('node-libwebrtc: the SCTP transport has no DTLS transport');
            this.#transport = (0, RTCDtlsTransport_1.dtlsTransportOf)(native);
        }
        return this.#transport;
    }
    get state() {
        return this.#state;
    }
    /** Largest message send() accepts, in bytes (from both sides' a=max-message-size). */
    get maxMessageSize() {
        return this.#maxMessageSize;
    }
    /** Number of streams the association negotiated; null until connected. */
    get maxChannels() {
        return this.#maxChannels;
    }
    #onState(info) {
        if (info.maxMessageSize !== null)
            this.#maxMessageSize = info.maxMessageSize;
        if (info.maxChannels !== null)
            this.#maxChannels = info.maxChannels;
        if (info.state === this.#state || this.#state === 'closed')
            return;
        this.#state = info.state;
        this.dispatchEvent(new Event('statechange'));
    }
    /** @internal The connection closed: no event (webrtc-pc "close the connection"). */
    markClosedByConnection() {
        this.#state = 'closed';
        this.#transport?.markClosedByConnection();
    }
}
exports.RTCSctpTransport = RTCSctpTransport;
(0, event_handlers_1.defineEventHandlers)(RTCSctpTransport, ['statechange']);
function sctpTransportOf(native) {
    let wrapper = wrappers.get(native);
    if (!wrapper)
        wrappers.set(native, (wrapper = new RTCSctpTransport(webidl_1.illegalConstructor, native)));
    return wrapper;
}

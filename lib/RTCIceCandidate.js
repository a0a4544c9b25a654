"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RTCIceCandidate = void 0;
exports.parseCandidate = parseCandidate;
const webidl_1 = require("./internal/webidl");
const EMPTY = {
    foundation: null,
    component: null,
    priority: null,
    address: null,
    protocol: null,
    port: null,
    type: null,
    tcpType: null,
    relatedAddress: null,
    relatedPort: null,
    usernameFragment: null,
};
function port(text) {
    if (text === undefined || !/^\d+$/.test(text))
        return null;
    const value = Number(text);
    return value <= 65535 ? value : null;
}
/**
 * candidate-attribute of RFC 8839 §5.1:
 * "candidate:" foundation component transport priority address port "typ" type [raddr a] [rport p] *(ext-name ext-value)
 * Unparseable text leaves every field null (the spec's behaviour); the candidate string is kept as given.
 */
function parseCandidate(candidate) {
    const text = candidate.trim().replace(/^a=/, '');
    if (!text.startsWith('candidate:'))
        return { ...EMPTY };
    const fields = text.slice('candidate:'.length).split(/\s+/);
    if (fields.length < 8 || fields[6] !== 'typ')
        return { ...EMPTY };
    const [foundation, componentId, transport, priorityText, address, portText, , typeText] = fields;
    const protocol = transport.toLowerCase();
    const type = typeText.toLowerCase();
    const result = {
        ...EMPTY,
        foundation,
        component: componentId === '1' ? 'rtp' : componentId === '2' ? 'rtcp' : null,
        priority: /^\d+$/.test(priorityText) && Number(priorityText) <= 0xffffffff ? Number(priorityText) : null,
        address,
        protocol: protocol === 'udp' || protocol === 'tcp' ? protocol : null,
        port: port(portText),
        type: ['host', 'srflx', 'prflx', 'relay'].includes(type) ? type : null,
    };
    for (let i = 8; i + 1 < fields.length; i += 2) {
        const [name, value] = [fields[i], fields[i + 1]];
        if (name === 'raddr')
            result.relatedAddress = value;
        else if (name === 'rport')
            result.relatedPort = port(value);
        else if (name === 'tcptype' && ['active', 'passive', 'so'].includes(value))
            result.tcpType = value;
        else if (name === 'ufrag')
            result.usernameFragment = value;
    }
    return result;
}
/** One ICE candidate with its parsed fields (webrtc-pc §4.8.2). */
class RTCIceCandidate {
    #candidate;
    #sdpMid;
    #sdpMLineIndex;
    #usernameFragment;
    #parsed;
    #relayProtocol;
    #url;
    constructor(candidateInitDict = {}) {
        const dict = (0, webidl_1.dictionary)('new RTCIceCandidate', candidateInitDict);
        this.#candidate = dict.candidate === undefined ? '' : (0, webidl_1.domString)('new RTCIceCandidate: candidate', dict.candidate);
        this.#sdpMid = (0, webidl_1.nullableString)('new RTCIceCandidate: sdpMid', dict.sdpMid);
        this.#sdpMLineIndex = dict.sdpMLineIndex === undefined || dict.sdpMLineIndex === null ? null : (0, webidl_1.unsignedShortClamped)(dict.sdpMLineIndex);
        if (this.#sdpMid === null && this.#sdpMLineIndex === null) {
            throw new TypeError('new RTCIceCandidate: sdpMid and sdpMLineIndex are both null; one of them is required');
        }
        this.#parsed = parseCandidate(this.#candidate);
        this.#usernameFragment =
            dict.usernameFragment === undefined || dict.usernameFragment === null
                ? this.#parsed.usernameFragment
                : (0, webidl_1.domString)('new RTCIceCandidate: usernameFragment', dict.usernameFragment);
        // Only candidates gathered by a local relay have these; lib/ sets them through the internal init.
        const internal = candidateInitDict;
        this.#relayProtocol = this.#parsed.type === 'relay' ? internal.relayProtocol ?? null : null;
        this.#url = internal.url ?? null;
    }
    get candidate() {
        return this.#candidate;
    }
    get sdpMid() {
        return this.#sdpMid;
    }
    get sdpMLineIndex() {
        return this.#sdpMLineIndex;
    }
    get usernameFragment() {
        return this.#usernameFragment;
    }
    get foundation() {
        return this.#parsed.foundation;
    }
    get component() {
        return this.#parsed.component;
    }
    get priority() {
        return this.#parsed.priority;
    }
    get address() {
        return this.#parsed.address;
    }
    get protocol() {
        return this.#parsed.protocol;
    }
    get port() {
        return this.#parsed.port;
    }
    get type() {
        return this.#parsed.type;
    }
    get tcpType() {
        return this.#parsed.tcpType;
    }
    get relatedAddress() {
        return this.#parsed.relatedAddress;
    }
    get relatedPort() {
        return this.#parsed.relatedPort;
    }
    get relayProtocol() {
        return this.#relayProtocol;
    }
    get url() {
        return this.#url;
    }
    toJSON() {
        return {
            candidate: this.#candidate,
            sdpMid: this.#sdpMid,
            sdpMLineIndex: this.#sdpMLineIndex,
            usernameFragment: this.#usernameFragment,
        };
    }
}
exports.RTCIceCandidate = RTCIceCandidate;

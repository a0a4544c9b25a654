"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RTCCertificate = void 0;
exports.nativeOf = nativeOf;
exports.isCertificate = isCertificate;
const webidl_1 = require("./internal/webidl");
const natives = new WeakMap();
/** A DTLS certificate (webrtc-pc §4.9), made by RTCPeerConnection.generateCertificate(). */
class RTCCertificate {
    /** @internal */
    constructor(token, native) {
        (0, webidl_1.requireInternal)(token, 'RTCCertificate');
        natives.set(this, native);
    }
    /** Milliseconds since 1970-01-01T00:00:00Z after which the certificate is invalid. */
    get expires() {
        return nativeOf(this).expires;
    }
    getFingerprints() {
        return nativeOf(this).getFingerprints().map(({ algorithm, value }) => ({ algorithm, value }));
    }
}
exports.RTCCertificate = RTCCertificate;
function nativeOf(certificate) {
    const native = natives.get(certificate);
    if (!native)
        throw new TypeError('Illegal invocation: not an RTCCertificate');
    return native;
}
function isCertificate(value) {
    return typeof value === 'object' && value !== null && natives.has(value);
}

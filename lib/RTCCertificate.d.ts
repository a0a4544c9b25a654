import type { NativeCertificate } from './native';
import { illegalConstructor } from './internal/webidl';
/** A DTLS certificate (webrtc-pc §4.9), made by RTCPeerConnection.generateCertificate(). */
export declare class RTCCertificate implements globalThis.RTCCertificate {
    /** @internal */
    constructor(token: typeof illegalConstructor, native: NativeCertificate);
    /** Milliseconds since 1970-01-01T00:00:00Z after which the certificate is invalid. */
    get expires(): EpochTimeStamp;
    getFingerprints(): RTCDtlsFingerprint[];
}
export declare function nativeOf(certificate: RTCCertificate): NativeCertificate;
export declare function isCertificate(value: unknown): value is RTCCertificate;

import type { NativeDtlsTransport } from './native';
import { RTCIceTransport } from './RTCIceTransport';
import { illegalConstructor } from './internal/webidl';
/** RTCDtlsTransport (webrtc-pc §5.5): the DTLS layer under SCTP and SRTP. */
export declare class RTCDtlsTransport extends EventTarget implements globalThis.RTCDtlsTransport {
    #private;
    onstatechange: ((this: globalThis.RTCDtlsTransport, ev: Event) => any) | null;
    onerror: ((this: globalThis.RTCDtlsTransport, ev: globalThis.RTCErrorEvent) => any) | null;
    /** @internal */
    constructor(token: typeof illegalConstructor, native: NativeDtlsTransport);
    get iceTransport(): RTCIceTransport;
    get state(): RTCDtlsTransportState;
    /** The remote peer's certificate chain, DER-encoded, once connected. */
    getRemoteCertificates(): ArrayBuffer[];
    /** @internal */
    markClosedByConnection(): void;
}
export declare function dtlsTransportOf(native: NativeDtlsTransport): RTCDtlsTransport;

import type { NativeSctpTransport } from './native';
import { RTCDtlsTransport } from './RTCDtlsTransport';
import { illegalConstructor } from './internal/webidl';
/** RTCSctpTransport (webrtc-pc §6.1.1): the SCTP association that carries data channels. */
export declare class RTCSctpTransport extends EventTarget implements globalThis.RTCSctpTransport {
    #private;
    onstatechange: ((this: globalThis.RTCSctpTransport, ev: Event) => any) | null;
    /** @internal */
    constructor(token: typeof illegalConstructor, native: NativeSctpTransport);
    get transport(): RTCDtlsTransport;
    get state(): RTCSctpTransportState;
    /** Largest message send() accepts, in bytes (from both sides' a=max-message-size). */
    get maxMessageSize(): number;
    /** Number of streams the association negotiated; null until connected. */
    get maxChannels(): number | null;
    /** @internal The connection closed: no event (webrtc-pc "close the connection"). */
    markClosedByConnection(): void;
}
export declare function sctpTransportOf(native: NativeSctpTransport): RTCSctpTransport;

import type { NativeIceTransport } from './native';
import { illegalConstructor } from './internal/webidl';
/** RTCIceTransport (webrtc-pc §5.6): the ICE layer under a DTLS transport. */
export declare class RTCIceTransport extends EventTarget implements globalThis.RTCIceTransport {
    #private;
    onstatechange: ((this: globalThis.RTCIceTransport, ev: Event) => any) | null;
    ongatheringstatechange: ((this: globalThis.RTCIceTransport, ev: Event) => any) | null;
    onselectedcandidatepairchange: ((this: globalThis.RTCIceTransport, ev: Event) => any) | null;
    /** @internal */
    constructor(token: typeof illegalConstructor, native: NativeIceTransport);
    get role(): RTCIceRole;
    get component(): RTCIceComponent;
    get state(): RTCIceTransportState;
    get gatheringState(): RTCIceGathererState;
    getSelectedCandidatePair(): RTCIceCandidatePair | null;
    /** @internal */
    markClosedByConnection(): void;
}
export declare function iceTransportOf(native: NativeIceTransport): RTCIceTransport;

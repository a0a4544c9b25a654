export declare const SDP_TYPES: readonly RTCSdpType[];
/** An SDP blob and its type (webrtc-pc §4.8.1). */
export declare class RTCSessionDescription implements globalThis.RTCSessionDescription {
    #private;
    constructor(descriptionInitDict: RTCSessionDescriptionInit);
    get type(): RTCSdpType;
    get sdp(): string;
    toJSON(): RTCSessionDescriptionInit;
}

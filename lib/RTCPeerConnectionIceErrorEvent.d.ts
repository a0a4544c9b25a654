/** The icecandidateerror event: a STUN or TURN server could not be used. */
export declare class RTCPeerConnectionIceErrorEvent extends Event implements globalThis.RTCPeerConnectionIceErrorEvent {
    readonly address: string | null;
    readonly port: number | null;
    readonly url: string;
    readonly errorCode: number;
    readonly errorText: string;
    constructor(type: string, init: RTCPeerConnectionIceErrorEventInit);
}

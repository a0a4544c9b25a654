import { RTCIceCandidate } from './RTCIceCandidate';
/** The icecandidate event: a gathered candidate, or null once gathering is complete. */
export declare class RTCPeerConnectionIceEvent extends Event implements globalThis.RTCPeerConnectionIceEvent {
    readonly candidate: RTCIceCandidate | null;
    readonly url: string | null;
    constructor(type: string, init?: RTCPeerConnectionIceEventInit & {
        url?: string | null;
    });
}

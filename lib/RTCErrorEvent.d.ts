import { RTCError } from './RTCError';
/** The error event of RTCDataChannel and RTCDtlsTransport. */
export declare class RTCErrorEvent extends Event implements globalThis.RTCErrorEvent {
    readonly error: RTCError;
    constructor(type: string, init: RTCErrorEventInit);
}

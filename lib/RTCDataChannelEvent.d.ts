/** The datachannel event: the remote peer opened a channel. */
export declare class RTCDataChannelEvent extends Event implements globalThis.RTCDataChannelEvent {
    readonly channel: RTCDataChannel;
    constructor(type: string, init: RTCDataChannelEventInit);
}

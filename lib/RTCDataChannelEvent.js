"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RTCDataChannelEvent = void 0;
const webidl_1 = require("./internal/webidl");
/** The datachannel event: the remote peer opened a channel. */
class RTCDataChannelEvent extends Event {
    channel;
    constructor(type, init) {
        (0, webidl_1.requireArguments)('new RTCDataChannelEvent', arguments.length, 2);
        const dict = (0, webidl_1.dictionary)('new RTCDataChannelEvent', init);
        if (!dict.channel)
            throw new TypeError('new RTCDataChannelEvent: channel is required');
        super((0, webidl_1.domString)('new RTCDataChannelEvent', type), dict);
        this.channel = dict.channel;
    }
}
exports.RTCDataChannelEvent = RTCDataChannelEvent;

import { dictionary, domString, requireArguments } from './internal/webidl';

/** The datachannel event: the remote peer opened a channel. */
export class RTCDataChannelEvent extends Event implements globalThis.RTCDataChannelEvent {
  readonly #channel: RTCDataChannel;

  constructor(type: string, init: RTCDataChannelEventInit) {
    requireArguments('new RTCDataChannelEvent', arguments.length, 2);
    const dict = dictionary<RTCDataChannelEventInit>('new RTCDataChannelEvent', init);
    if (!dict.channel) throw new TypeError('new RTCDataChannelEvent: channel is required');
    super(domString('new RTCDataChannelEvent', type), dict);
    this.#channel = dict.channel;
  }

  get channel(): RTCDataChannel {
    return this.#channel;
  }
}

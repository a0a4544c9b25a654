import { RTCDataChannel } from './RTCDataChannel';
import { dictionary, domString, requireArguments, typeError } from './internal/webidl';

/** The datachannel event: the remote peer opened a channel. */
export class RTCDataChannelEvent extends Event implements globalThis.RTCDataChannelEvent {
  readonly #channel: RTCDataChannel;

  constructor(type: string, init: RTCDataChannelEventInit) {
    requireArguments('new RTCDataChannelEvent', arguments.length, 2);
    const dict = dictionary<RTCDataChannelEventInit>('new RTCDataChannelEvent', init);
    if (dict.channel === undefined) throw new TypeError('new RTCDataChannelEvent: required member channel missing');
    if (!(dict.channel instanceof RTCDataChannel)) throw typeError('new RTCDataChannelEvent: channel', 'an RTCDataChannel', dict.channel);
    super(domString('new RTCDataChannelEvent', type), dict);
    this.#channel = dict.channel;
  }

  get channel(): RTCDataChannel {
    return this.#channel;
  }
}

import { type RTCDataChannel, isDataChannel } from './RTCDataChannel';
import { dictionary, domString, eventInit, requireArguments, typeError } from './internal/webidl';

/** The datachannel event: the remote peer opened a channel. */
export class RTCDataChannelEvent extends Event implements globalThis.RTCDataChannelEvent {
  readonly #channel: RTCDataChannel;

  constructor(type: string, init: RTCDataChannelEventInit) {
    requireArguments('new RTCDataChannelEvent', arguments.length, 2);
    const typeName = domString('new RTCDataChannelEvent', type);
    const dict = dictionary<RTCDataChannelEventInit>('new RTCDataChannelEvent', init);
    const base = eventInit(dict); // each member read once, EventInit's first (WebIDL)
    const channel: unknown = dict.channel;
    if (channel === undefined) throw new TypeError('new RTCDataChannelEvent: required member channel missing');
    if (!isDataChannel(channel)) throw typeError('new RTCDataChannelEvent: channel', 'an RTCDataChannel', channel);
    super(typeName, base);
    this.#channel = channel;
  }

  get channel(): RTCDataChannel {
    return this.#channel;
  }
}

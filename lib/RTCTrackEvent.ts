import { MediaStream } from './MediaStream';
import { type MediaStreamTrack, isTrack } from './MediaStreamTrack';
import { RTCRtpReceiver } from './RTCRtpReceiver';
import { RTCRtpTransceiver } from './RTCRtpTransceiver';
import { dictionary, domString, requireArguments, sequence, typeError } from './internal/webidl';

/** The track event: a remote track arrived (webrtc-pc §5.7). */
export class RTCTrackEvent extends Event implements globalThis.RTCTrackEvent {
  readonly #receiver: RTCRtpReceiver;
  readonly #track: MediaStreamTrack;
  readonly #streams: ReadonlyArray<MediaStream>;
  readonly #transceiver: RTCRtpTransceiver;

  constructor(type: string, init: RTCTrackEventInit) {
    const where = 'new RTCTrackEvent';
    requireArguments(where, arguments.length, 2);
    const typeName = domString(where, type);
    const dict = dictionary<RTCTrackEventInit>(`${where}: eventInitDict`, init);
    // WebIDL dictionary conversion: required members present and of their interface types, in member order.
    const missing = (['receiver', 'track', 'transceiver'] as const).filter((member) => dict[member] === undefined);
    if (missing.length > 0) throw new TypeError(`${where}: required member${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing`);
    if (!(dict.receiver instanceof RTCRtpReceiver)) throw typeError(`${where}: receiver`, 'an RTCRtpReceiver', dict.receiver);
    const streams = dict.streams === undefined ? [] : sequence(`${where}: streams`, dict.streams, (stream) => {
      if (!(stream instanceof MediaStream)) throw typeError(`${where}: streams`, 'MediaStreams', stream);
      return stream;
    });
    if (!isTrack(dict.track)) throw typeError(`${where}: track`, 'a MediaStreamTrack', dict.track);
    if (!(dict.transceiver instanceof RTCRtpTransceiver)) throw typeError(`${where}: transceiver`, 'an RTCRtpTransceiver', dict.transceiver);
    super(typeName, dict);
    this.#receiver = dict.receiver;
    this.#track = dict.track;
    this.#streams = Object.freeze(streams);
    this.#transceiver = dict.transceiver;
  }

  get receiver(): RTCRtpReceiver {
    return this.#receiver;
  }
  get track(): MediaStreamTrack {
    return this.#track;
  }
  get streams(): ReadonlyArray<MediaStream> {
    return this.#streams;
  }
  get transceiver(): RTCRtpTransceiver {
    return this.#transceiver;
  }
}

import { type MediaStream, isMediaStream } from './MediaStream';
import { type MediaStreamTrack, isTrack } from './MediaStreamTrack';
import { type RTCRtpReceiver, isReceiver } from './RTCRtpReceiver';
import { type RTCRtpTransceiver, isTransceiver } from './RTCRtpTransceiver';
import { dictionary, domString, eventInit, requireArguments, sequence, typeError } from './internal/webidl';

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
    // WebIDL dictionary conversion: each member read once, EventInit's first, then in member order.
    const base = eventInit(dict);
    const receiver: unknown = dict.receiver;
    if (receiver === undefined) throw new TypeError(`${where}: required member receiver missing`);
    if (!isReceiver(receiver)) throw typeError(`${where}: receiver`, 'an RTCRtpReceiver', receiver);
    const streamsValue: unknown = dict.streams;
    const streams = streamsValue === undefined ? [] : sequence(`${where}: streams`, streamsValue, (stream) => {
      if (!isMediaStream(stream)) throw typeError(`${where}: streams`, 'MediaStreams', stream);
      return stream;
    });
    const track: unknown = dict.track;
    if (track === undefined) throw new TypeError(`${where}: required member track missing`);
    if (!isTrack(track)) throw typeError(`${where}: track`, 'a MediaStreamTrack', track);
    const transceiver: unknown = dict.transceiver;
    if (transceiver === undefined) throw new TypeError(`${where}: required member transceiver missing`);
    if (!isTransceiver(transceiver)) throw typeError(`${where}: transceiver`, 'an RTCRtpTransceiver', transceiver);
    super(typeName, base);
    this.#receiver = receiver;
    this.#track = track as unknown as MediaStreamTrack;
    this.#streams = Object.freeze(streams);
    this.#transceiver = transceiver;
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

import type { MediaStream } from './MediaStream';
import type { MediaStreamTrack } from './MediaStreamTrack';
import type { RTCRtpReceiver } from './RTCRtpReceiver';
import type { RTCRtpTransceiver } from './RTCRtpTransceiver';
import { dictionary, domString, requireArguments } from './internal/webidl';

/** The track event: a remote track arrived (webrtc-pc §5.7). */
export class RTCTrackEvent extends Event implements globalThis.RTCTrackEvent {
  readonly receiver: RTCRtpReceiver;
  readonly track: MediaStreamTrack;
  readonly streams: ReadonlyArray<MediaStream>;
  readonly transceiver: RTCRtpTransceiver;

  constructor(type: string, init: RTCTrackEventInit) {
    requireArguments('new RTCTrackEvent', arguments.length, 2);
    const dict = dictionary<RTCTrackEventInit>('new RTCTrackEvent', init);
    if (!dict.receiver || !dict.track || !dict.transceiver) throw new TypeError('new RTCTrackEvent: receiver, track and transceiver are required');
    super(domString('new RTCTrackEvent', type), dict);
    this.receiver = dict.receiver as unknown as RTCRtpReceiver;
    this.track = dict.track as unknown as MediaStreamTrack;
    this.streams = Object.freeze([...((dict.streams ?? []) as unknown as MediaStream[])]);
    this.transceiver = dict.transceiver as unknown as RTCRtpTransceiver;
  }
}

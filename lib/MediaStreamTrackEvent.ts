import { type MediaStreamTrack, isTrack } from './MediaStreamTrack';
import { dictionary, domString, eventInit, requireArguments, typeError } from './internal/webidl';

/** addtrack/removetrack on a MediaStream. */
export class MediaStreamTrackEvent extends Event implements globalThis.MediaStreamTrackEvent {
  readonly #track: MediaStreamTrack;
  constructor(type: string, init: MediaStreamTrackEventInit) {
    requireArguments('new MediaStreamTrackEvent', arguments.length, 2);
    const typeName = domString('new MediaStreamTrackEvent', type);
    const dict = dictionary<MediaStreamTrackEventInit>('new MediaStreamTrackEvent', init);
    const base = eventInit(dict); // each member read once, EventInit's first (WebIDL)
    const track: unknown = dict.track;
    if (track === undefined) throw new TypeError('new MediaStreamTrackEvent: required member track missing');
    if (!isTrack(track)) throw typeError('new MediaStreamTrackEvent: track', 'a MediaStreamTrack', track);
    super(typeName, base);
    this.#track = track as unknown as MediaStreamTrack;
  }

  get track(): MediaStreamTrack {
    return this.#track;
  }
}

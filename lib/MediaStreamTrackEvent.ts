import { type MediaStreamTrack, isTrack } from './MediaStreamTrack';
import { dictionary, domString, requireArguments } from './internal/webidl';

/** addtrack/removetrack on a MediaStream. */
export class MediaStreamTrackEvent extends Event implements globalThis.MediaStreamTrackEvent {
  readonly #track: MediaStreamTrack;
  constructor(type: string, init: MediaStreamTrackEventInit) {
    requireArguments('new MediaStreamTrackEvent', arguments.length, 2);
    const dict = dictionary<MediaStreamTrackEventInit>('new MediaStreamTrackEvent', init);
    if (dict.track === undefined) throw new TypeError('new MediaStreamTrackEvent: track is required');
    if (!isTrack(dict.track)) throw new TypeError('new MediaStreamTrackEvent: track is not a MediaStreamTrack');
    super(domString('new MediaStreamTrackEvent', type), dict);
    this.#track = dict.track as unknown as MediaStreamTrack;
  }

  get track(): MediaStreamTrack {
    return this.#track;
  }
}

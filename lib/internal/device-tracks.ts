import type { MediaStreamTrack, TrackSource } from '../MediaStreamTrack';

// RTCVideoSource and RTCAudioSource register how to make a track of theirs that presents itself as `source`
// says, so that synthetic capture devices can be built on them without a public method for it.
const factories = new WeakMap<object, (presentation: TrackSource) => MediaStreamTrack>();

export function registerTrackFactory(source: object, factory: (presentation: TrackSource) => MediaStreamTrack): void {
  factories.set(source, factory);
}

/** A track of `source` (an RTCVideoSource or RTCAudioSource) that presents itself as a capture device. */
export function createDeviceTrack(source: object, presentation: TrackSource): MediaStreamTrack {
  const factory = factories.get(source);
  if (!factory) throw new TypeError('Expected an RTCVideoSource or RTCAudioSource');
  return factory(presentation);
}

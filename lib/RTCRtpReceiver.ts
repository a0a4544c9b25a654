import { binding, type NativeRtpReceiver } from './native';
import { MediaStreamTrack, setTrackMuted, trackOf } from './MediaStreamTrack';
import { RTCDtlsTransport, currentTransport } from './RTCDtlsTransport';
import type { RTCStatsReport } from './RTCStatsReport';
import type { ConnectionInternals } from './internal/connection';
import { notSupported } from './internal/errors';
import { illegalConstructor, rejectOnThrow, requireInternal } from './internal/webidl';

/** The receiver's native object, for the connection (library-internal). */
export let nativeOfReceiver: (receiver: RTCRtpReceiver) => NativeRtpReceiver;

/** RTCRtpReceiver (webrtc-pc §5.3). Its track exists from the start, muted until media arrives. */
export class RTCRtpReceiver implements globalThis.RTCRtpReceiver {
  readonly #native: NativeRtpReceiver;
  readonly #owner: ConnectionInternals;
  readonly #track: MediaStreamTrack;
  #jitterBufferTarget: number | null = null;
  #transport: RTCDtlsTransport | null = null;

  /** @internal */
  constructor(token: typeof illegalConstructor, native: NativeRtpReceiver, owner: ConnectionInternals) {
    requireInternal(token, 'RTCRtpReceiver');
    this.#native = native;
    this.#owner = owner;
    const nativeTrack = native.track();
    if (!nativeTrack) throw new Error('node-libwebrtc: a receiver without a track');
    this.#track = trackOf(nativeTrack, () => new MediaStreamTrack(illegalConstructor, nativeTrack, { label: 'remote' }, true));
    native.onfirstpacket = () => setTrackMuted(this.#track, false);
  }

  static getCapabilities(kind: string): RTCRtpCapabilities | null {
    if (kind !== 'audio' && kind !== 'video') return null;
    return binding.RtpReceiver.getCapabilities(kind);
  }

  get track(): MediaStreamTrack {
    return this.#track;
  }
  get transport(): RTCDtlsTransport | null {
    return (this.#transport = currentTransport(this.#native, this.#owner, this.#transport));
  }
  get jitterBufferTarget(): number | null {
    return this.#jitterBufferTarget;
  }
  set jitterBufferTarget(_value: number | null) {
    throw notSupported('RTCRtpReceiver.jitterBufferTarget is not supported by node-libwebrtc');
  }
  get transform(): null {
    return null;
  }
  set transform(_value: unknown) {
    throw notSupported('RTCRtpReceiver.transform (encoded transforms) is not supported by node-libwebrtc');
  }

  getParameters(): RTCRtpReceiveParameters {
    return this.#native.getParameters() ?? { headerExtensions: [], rtcp: {}, codecs: [] };
  }

  getContributingSources(): RTCRtpContributingSource[] {
    return this.#sources('csrc');
  }
  getSynchronizationSources(): RTCRtpSynchronizationSource[] {
    return this.#sources('ssrc');
  }

  getStats(): Promise<RTCStatsReport> {
    return rejectOnThrow(() => this.#owner.stats(this.#native));
  }

  #sources(type: 'ssrc' | 'csrc'): RTCRtpContributingSource[] {
    const now = performance.timeOrigin + performance.now();
    return this.#native
      .getSources()
      .filter((source) => source.type === type)
      .map((source) => {
        const entry: RTCRtpContributingSource = { source: source.source, timestamp: now - source.ageMs, rtpTimestamp: source.rtpTimestamp };
        if (source.audioLevel !== undefined) entry.audioLevel = source.audioLevel;
        return entry;
      });
  }

  static {
    nativeOfReceiver = (receiver) => receiver.#native;
  }
}


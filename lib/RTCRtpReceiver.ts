import { binding, type NativeRtpReceiver, type NativeRtpSource, type RTCRtpContributingSourceCapture } from './native';
import { MediaStreamTrack, setTrackMuted, trackOf } from './MediaStreamTrack';
import { RTCDtlsTransport, currentTransport } from './RTCDtlsTransport';
import { type RTCRtpScriptTransform, TransformSlot } from './RTCRtpScriptTransform';
import { RTCStatsReport } from './RTCStatsReport';
import { engineTimeToEpoch, engineTimeToPerformance } from './internal/clock';
import type { ConnectionInternals } from './internal/connection';
import { domString, illegalConstructor, rejectOnThrow, requireArguments, requireInternal, typeError } from './internal/webidl';

/**
 * For the connection (library-internal): the receiver's track was added (`true`: it unmutes when media
 * arrives) or removed, or the connection closed (`false`: it stays muted).
 */
export let setReceiving: (receiver: RTCRtpReceiver, receiving: boolean) => void;
/** For the connection (library-internal): the receiver's native half. */
export let receiverInternals: { native(receiver: RTCRtpReceiver): NativeRtpReceiver };
/** WebIDL's interface check: an RTCRtpReceiver this library made (not merely its prototype). */
export let isReceiver: (value: unknown) => value is RTCRtpReceiver;

/** RTCRtpReceiver (webrtc-pc §5.3). Its track exists from the start, muted until media arrives. */
export class RTCRtpReceiver implements globalThis.RTCRtpReceiver {
  readonly #native: NativeRtpReceiver;
  readonly #transform = new TransformSlot('RTCRtpReceiver.transform', (native) => {
    this.#native.setTransform(native);
    if (native) this.#native.setPayloadTypes(this.#owner.payloadTypes(this.#native));
  });
  readonly #owner: ConnectionInternals;
  readonly #track: MediaStreamTrack;
  #jitterBufferTarget: number | null = null;
  #transport: RTCDtlsTransport | null = null;
  #receivedMedia = false;
  #receiving = false;
  #watchStartedAt = 0;
  #lastPackets = new Map<string, number>();
  #recheck: ReturnType<typeof setTimeout> | null = null;
  /** The engine's sources as read in this task (see #sources). */
  #sourcesThisTask: NativeRtpSource[] | null = null;

  /** @internal */
  constructor(token: typeof illegalConstructor, native: NativeRtpReceiver, owner: ConnectionInternals) {
    requireInternal(token, 'RTCRtpReceiver');
    this.#native = native;
    this.#owner = owner;
    const nativeTrack = native.track();
    if (!nativeTrack) throw new Error('node-libwebrtc: a receiver without a track');
    // webrtc-pc: a remote video track's settings are those of the latest frame received.
    const settings = (): MediaTrackSettings => {
      const latest = native.videoSettings();
      if (!latest) return {};
      return { width: latest.width, height: latest.height, aspectRatio: latest.width / latest.height, ...(latest.frameRate ? { frameRate: latest.frameRate } : {}) };
    };
    this.#track = trackOf(nativeTrack, () => new MediaStreamTrack(illegalConstructor, nativeTrack, { label: 'remote', settings }, true));
    native.onfirstpacket = () => {
      this.#receivedMedia = true;
      if (this.#receiving && !owner.isClosed()) setTrackMuted(this.#track, false);
    };
    // libwebrtc reports a channel's first packet only; later resumptions are watched for on the track.
    native.onmediaresumed = () => this.#onMediaResumed();
  }

  static getCapabilities(kind: string): RTCRtpCapabilities | null {
    requireArguments('RTCRtpReceiver.getCapabilities', arguments.length, 1);
    const text = domString('RTCRtpReceiver.getCapabilities', kind);
    if (text !== 'audio' && text !== 'video') return null;
    return binding.RtpReceiver.getCapabilities(text);
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
  /** webrtc-extensions: milliseconds in [0, 4000], or null for no preference; applied as the jitter buffer's minimum delay. */
  set jitterBufferTarget(value: number | null) {
    const where = 'RTCRtpReceiver.jitterBufferTarget';
    let target: number | null = null;
    if (value !== null && value !== undefined) {
      const expected = 'a finite number of milliseconds or null';
      if (typeof value === 'symbol' || typeof value === 'bigint') throw typeError(where, expected, value);
      target = Number(value);
      if (!Number.isFinite(target)) throw typeError(where, expected, value);
      if (target < 0 || target > 4000) throw new RangeError(`${where}: ${target} ms is outside the range [0, 4000]`);
    }
    this.#jitterBufferTarget = target;
    this.#native.setJitterBufferTarget(target);
  }
  /** webrtc-encoded-transform: the RTCRtpScriptTransform its encoded frames go through, or null. */
  get transform(): RTCRtpScriptTransform | null {
    return this.#transform.get();
  }
  set transform(value: RTCRtpScriptTransform | null) {
    this.#transform.set(value);
  }

  getParameters(): RTCRtpReceiveParameters {
    const parameters = this.#native.getParameters() ?? { headerExtensions: [], rtcp: {}, codecs: [] };
    // As Chrome gives them: rtcp without a cname (a sender's member), and an empty encodings list (an older
    // draft's member that browser code may still read).
    return { ...parameters, rtcp: { reducedSize: parameters.rtcp?.reducedSize ?? false }, encodings: [] } as RTCRtpReceiveParameters;
  }

  getContributingSources(): (RTCRtpContributingSource & RTCRtpContributingSourceCapture)[] {
    return this.#sources('csrc');
  }
  getSynchronizationSources(): (RTCRtpSynchronizationSource & RTCRtpContributingSourceCapture)[] {
    return this.#sources('ssrc');
  }

  getStats(): Promise<RTCStatsReport> {
    return rejectOnThrow(async () => {
      const report = await this.#owner.stats(this.#native);
      // Before its first packet a receiver has no inbound-rtp (see statsReportFromJson), so nothing is
      // selected: the transport and candidates the engine added for it are not the receiver's stats yet.
      for (const stats of report.values()) if (stats.type === 'inbound-rtp') return report;
      return new RTCStatsReport(illegalConstructor, new Map());
    });
  }

  #watch(): void {
    this.#watchStartedAt = performance.now();
    // Audio: the RTP timestamp each source last delivered, so that only newer packets count as media resuming.
    this.#lastPackets = new Map(this.#track.kind === 'audio' ? this.#native.getSources().map((source) => [`${source.type}:${source.source}`, source.rtpTimestamp]) : []);
    this.#native.watchForMedia();
  }

  #onMediaResumed(): void {
    if (!this.#receiving || this.#owner.isClosed()) return;
    if (this.#track.kind === 'audio') {
      // Playout hands the track silence every 10 ms even without packets: unmute only once a packet
      // delivered since the watch began shows in the sources, and look again shortly otherwise.
      // Media flows when a source's RTP timestamp moves on from what was seen before (one packet left
      // over from before, replayed as concealment, does not).
      const recent = this.#native.getSources().filter((source) => source.type === 'ssrc' && engineTimeToPerformance(source.receivedAt) > this.#watchStartedAt - 1);
      const advanced = recent.some((source) => {
        const seen = this.#lastPackets.get(`ssrc:${source.source}`);
        return seen !== undefined && seen !== source.rtpTimestamp;
      });
      for (const source of recent) this.#lastPackets.set(`ssrc:${source.source}`, source.rtpTimestamp);
      if (!advanced) {
        this.#recheck = setTimeout(() => {
          this.#recheck = null;
          if (this.#receiving && !this.#owner.isClosed()) this.#native.watchForMedia();
        }, 100);
        this.#recheck.unref?.();
        return;
      }
    }
    setTrackMuted(this.#track, false);
  }

  #sources(type: 'ssrc' | 'csrc'): (RTCRtpContributingSource & RTCRtpContributingSourceCapture)[] {
    // webrtc-pc updates the sources in queued tasks: within one task every call sees the same list, as in
    // Chrome (which keeps it until the next microtask checkpoint). The engine's times are rounded to the
    // nearest ms: less half a ms, a time is never later than the call that reports it (WPT).
    if (!this.#sourcesThisTask) {
      this.#sourcesThisTask = this.#native.getSources();
      queueMicrotask(() => (this.#sourcesThisTask = null));
    }
    return this.#sourcesThisTask
      .filter((source) => source.type === type)
      .map((source) => {
        const entry: RTCRtpContributingSource & RTCRtpContributingSourceCapture = { source: source.source, timestamp: engineTimeToEpoch(source.receivedAt - 0.5), rtpTimestamp: source.rtpTimestamp };
        if (source.audioLevel !== undefined) entry.audioLevel = source.audioLevel;
        if (source.captureTimestamp !== undefined) entry.captureTimestamp = source.captureTimestamp;
        if (source.senderCaptureTimeOffset !== undefined) entry.senderCaptureTimeOffset = source.senderCaptureTimeOffset;
        return entry;
      });
  }

  static {
    receiverInternals = { native: (receiver) => receiver.#native };
    isReceiver = (value): value is RTCRtpReceiver => typeof value === 'object' && value !== null && #native in value;
    setReceiving = (receiver, receiving) => {
      receiver.#receiving = receiving;
      if (receiver.#recheck) clearTimeout(receiver.#recheck);
      receiver.#recheck = null;
      receiver.#native.stopWatchingForMedia();
      if (receiving && receiver.#receivedMedia && receiver.#track.muted) receiver.#watch();
    };
  }
}


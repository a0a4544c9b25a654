import { binding, type NativeRtpSender } from './native';
import { MediaStreamTrack, isTrack, nativeOfTrack, whenTrackStopped } from './MediaStreamTrack';
import type { MediaStream } from './MediaStream';
import { RTCDTMFSender, dtmfSenderOf } from './RTCDTMFSender';
import { RTCDtlsTransport, currentTransport } from './RTCDtlsTransport';
import { type RTCRtpScriptTransform, TransformSlot } from './RTCRtpScriptTransform';
import type { RTCStatsReport } from './RTCStatsReport';
import type { ConnectionInternals } from './internal/connection';
import { invalidModification, invalidState } from './internal/errors';
import { atTaskEnd } from './internal/task-end';
import { dictionary, enumValue, illegalConstructor, rejectOnThrow, requireInternal, typeError } from './internal/webidl';

/** What the connection and its transceivers do to a sender, kept off its public surface. */
export let senderInternals: {
  setTrack(sender: RTCRtpSender, track: MediaStreamTrack | null): void;
  clearTrack(sender: RTCRtpSender): void;
  native(sender: RTCRtpSender): NativeRtpSender;
};

/** RTCRtpSender (webrtc-pc §5.2). */
export class RTCRtpSender implements globalThis.RTCRtpSender {
  readonly #native: NativeRtpSender;
  readonly #transform = new TransformSlot('RTCRtpSender.transform', this, (native) => this.#native.setTransform(native));
  readonly #owner: ConnectionInternals;
  readonly #kind: 'audio' | 'video';
  #track: MediaStreamTrack | null = null;
  #untrack: (() => void) | null = null;
  #dtmf: RTCDTMFSender | null = null;
  #lastParameters: RTCRtpSendParameters | null = null;
  #transport: RTCDtlsTransport | null = null;

  /** @internal */
  constructor(token: typeof illegalConstructor, native: NativeRtpSender, owner: ConnectionInternals, kind: 'audio' | 'video') {
    requireInternal(token, 'RTCRtpSender');
    this.#native = native;
    this.#owner = owner;
    this.#kind = kind;
  }

  static getCapabilities(kind: string): RTCRtpCapabilities | null {
    if (kind !== 'audio' && kind !== 'video') return null;
    return binding.RtpSender.getCapabilities(kind);
  }

  get track(): MediaStreamTrack | null {
    return this.#track;
  }
  get transport(): RTCDtlsTransport | null {
    return (this.#transport = currentTransport(this.#native, this.#owner, this.#transport));
  }
  get dtmf(): RTCDTMFSender | null {
    if (this.#kind !== 'audio') return null;
    if (!this.#dtmf) {
      const native = this.#native.dtmf();
      if (native) this.#dtmf = dtmfSenderOf(native, () => this.#track !== null && !this.#owner.senderStopped(this.#native));
    }
    return this.#dtmf;
  }
  /** webrtc-encoded-transform: an RTCRtpScriptTransform, set once (libwebrtc cannot swap or remove it). */
  get transform(): RTCRtpScriptTransform | null {
    return this.#transform.get();
  }
  set transform(value: RTCRtpScriptTransform | null) {
    this.#transform.set(value);
  }

  replaceTrack(withTrack: MediaStreamTrack | null): Promise<void> {
    return rejectOnThrow(async () => {
      if (withTrack !== null && !isTrack(withTrack)) throw typeError('RTCRtpSender.replaceTrack', 'a MediaStreamTrack or null', withTrack);
      if (withTrack && withTrack.kind !== this.#kind) throw new TypeError(`RTCRtpSender.replaceTrack: a ${withTrack.kind} track cannot replace a ${this.#kind} track`);
      if (this.#owner.isClosed()) throw invalidState('replaceTrack(): the RTCPeerConnection is closed');
      if (this.#owner.senderStopped(this.#native)) throw invalidState('replaceTrack(): the transceiver is stopped');
      this.#setTrack(withTrack);
    });
  }

  getParameters(): RTCRtpSendParameters {
    const parameters = this.#native.getParameters() ?? { transactionId: '', encodings: [], headerExtensions: [], rtcp: {}, codecs: [] };
    this.#lastParameters = parameters;
    // The spec's [[LastReturnedParameters]] only lives until the current task ends.
    atTaskEnd(() => {
      if (this.#lastParameters === parameters) this.#lastParameters = null;
    });
    return structuredClone(parameters);
  }

  setParameters(parameters: RTCRtpSendParameters, _options?: unknown): Promise<void> {
    return rejectOnThrow(async () => {
      const dict = dictionary<RTCRtpSendParameters>('RTCRtpSender.setParameters', parameters);
      if (this.#owner.isClosed()) throw invalidState('setParameters(): the RTCPeerConnection is closed');
      if (this.#owner.senderStopped(this.#native)) throw invalidState('setParameters(): the transceiver is stopped');
      const last = this.#lastParameters;
      if (!last) throw invalidState('setParameters() must follow getParameters() in the same task');
      if (dict.transactionId !== last.transactionId) throw invalidModification('setParameters(): transactionId is not the one getParameters() returned');
      if (!Array.isArray(dict.encodings) || dict.encodings.length !== last.encodings.length) {
        throw invalidModification('setParameters(): the number of encodings cannot change');
      }
      dict.encodings.forEach((encoding, index) => {
        if ((encoding.rid ?? undefined) !== (last.encodings[index].rid ?? undefined)) {
          throw invalidModification('setParameters(): an encoding\'s rid cannot change');
        }
        if (encoding.scaleResolutionDownBy !== undefined && !(encoding.scaleResolutionDownBy >= 1)) {
          throw new RangeError('setParameters(): scaleResolutionDownBy must be at least 1');
        }
        if (encoding.maxFramerate !== undefined && !(encoding.maxFramerate >= 0)) {
          throw new RangeError('setParameters(): maxFramerate must not be negative');
        }
        if (encoding.priority !== undefined) enumValue('setParameters: priority', encoding.priority, ['very-low', 'low', 'medium', 'high'], 'RTCPriorityType');
      });
      // [[LastReturnedParameters]] lives until the task ends, so a second call in the same task may reuse
      // them; libwebrtc accepts its own transaction id once, so it is asked for a current one.
      const current = this.#native.getParameters();
      this.#native.setParameters({ ...(dict as RTCRtpSendParameters), transactionId: current?.transactionId ?? dict.transactionId });
      // The success task clears them, then resolves: awaiting one call and reusing its parameters fails.
      await new Promise<void>((resolve) =>
        atTaskEnd(() => {
          if (this.#lastParameters === last) this.#lastParameters = null;
          resolve();
        }),
      );
    });
  }

  getStats(): Promise<RTCStatsReport> {
    return rejectOnThrow(() => this.#owner.stats(this.#native));
  }

  setStreams(...streams: MediaStream[]): void {
    if (this.#owner.isClosed()) throw invalidState('setStreams(): the RTCPeerConnection is closed');
    this.#native.setStreams([...new Set(streams.map((stream) => stream.id))]);
    this.#owner.negotiatedStateChanged();
  }

  /** Sets the track on both sides; a stopped track stops being sent. */
  #setTrack(track: MediaStreamTrack | null): void {
    this.#untrack?.();
    this.#untrack = null;
    this.#native.replaceTrack(track && track.readyState === 'live' ? nativeOfTrack(track) : null);
    this.#track = track;
    if (track) {
      this.#untrack = whenTrackStopped(track, () => {
        if (!this.#owner.isClosed()) this.#native.replaceTrack(null);
      });
    }
  }

  /** removeTrack(): the sender keeps existing but sends nothing. */
  #clearTrack(): void {
    this.#untrack?.();
    this.#untrack = null;
    this.#track = null;
  }

  static {
    senderInternals = {
      setTrack: (sender, track) => sender.#setTrack(track),
      clearTrack: (sender) => sender.#clearTrack(),
      native: (sender) => sender.#native,
    };
  }
}


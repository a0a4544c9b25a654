import type { NativeRtpTransceiver, NativeTransceiverState, RTCRtpHeaderExtensionCapability } from './native';
import type { RTCRtpReceiver } from './RTCRtpReceiver';
import { type RTCRtpSender, senderInternals } from './RTCRtpSender';
import type { ConnectionInternals } from './internal/connection';
import { domException, invalidState } from './internal/errors';
import { dictionary, domString, enumValue, illegalConstructor, requireArguments, requireInternal, sequence, unsignedLong, unsignedShort } from './internal/webidl';

export type { RTCRtpHeaderExtensionCapability } from './native';

const DIRECTIONS: readonly RTCRtpTransceiverDirection[] = ['sendrecv', 'sendonly', 'recvonly', 'inactive', 'stopped'];

/** What the connection reads and changes on a transceiver, kept off its public surface. */
/** WebIDL's interface check: an RTCRtpTransceiver this library made (not merely its prototype). */
export let isTransceiver: (value: unknown) => value is RTCRtpTransceiver;
export let transceiverInternals: {
  /** `fresh`: read just now; otherwise captured when a description was applied, maybe before a direction set since. */
  update(transceiver: RTCRtpTransceiver, state: NativeTransceiverState, fresh: boolean): void;
  kind(transceiver: RTCRtpTransceiver): 'audio' | 'video';
  stoppingOrStopped(transceiver: RTCRtpTransceiver): boolean;
  /** webrtc-pc [[Stopped]]: negotiated stopped (or closed), not merely stop()ped. */
  stopped(transceiver: RTCRtpTransceiver): boolean;
  native(transceiver: RTCRtpTransceiver): NativeRtpTransceiver;
};

/** RTCRtpTransceiver (webrtc-pc §5.4). Mirrors libwebrtc's state as of the last applied description. */
export class RTCRtpTransceiver implements globalThis.RTCRtpTransceiver {
  readonly #native: NativeRtpTransceiver;
  readonly #owner: ConnectionInternals;
  readonly #sender: RTCRtpSender;
  readonly #receiver: RTCRtpReceiver;
  readonly #kind: 'audio' | 'video';
  #mid: string | null = null;
  #direction: RTCRtpTransceiverDirection = 'sendrecv';
  #directionSet: RTCRtpTransceiverDirection | null = null; // set by JavaScript while an operation was under way
  #currentDirection: RTCRtpTransceiverDirection | null = null;
  #stopping = false;
  #stopped = false;

  /** @internal */
  constructor(token: typeof illegalConstructor, native: NativeRtpTransceiver, owner: ConnectionInternals, sender: RTCRtpSender, receiver: RTCRtpReceiver, state: NativeTransceiverState) {
    requireInternal(token, 'RTCRtpTransceiver');
    this.#native = native;
    this.#owner = owner;
    this.#sender = sender;
    this.#receiver = receiver;
    this.#kind = state.kind;
    this.#update(state, true);
  }

  get mid(): string | null {
    return this.#mid;
  }
  get sender(): RTCRtpSender {
    return this.#sender;
  }
  get receiver(): RTCRtpReceiver {
    return this.#receiver;
  }
  get direction(): RTCRtpTransceiverDirection {
    return this.#direction;
  }
  set direction(value: RTCRtpTransceiverDirection) {
    // WebIDL: assigning a string that is not an enum value to an attribute is ignored, not an error.
    const direction = String(value) as RTCRtpTransceiverDirection;
    if (!DIRECTIONS.includes(direction)) return;
    // webrtc-pc's order: a stopping or stopped transceiver (closing stops them all) first, then 'stopped'.
    if (this.#owner.isClosed()) throw invalidState('RTCRtpTransceiver.direction: the RTCPeerConnection is closed');
    if (this.#stopping || this.#stopped) throw invalidState('RTCRtpTransceiver.direction: the transceiver is stopped');
    if (direction === this.#direction) return;
    if (direction === 'stopped') throw new TypeError("RTCRtpTransceiver.direction: 'stopped' cannot be set; use stop()");
    this.#native.setDirection(direction);
    this.#direction = direction;
    // An operation under way may bring a state read before this set: the next description's state must not
    // put the old direction back (only that one can be older than this set).
    this.#directionSet = this.#owner.operationPending() ? direction : null;
    this.#owner.negotiatedStateChanged();
  }
  get currentDirection(): RTCRtpTransceiverDirection | null {
    return this.#currentDirection;
  }
  /** Nonstandard (an older draft's attribute, still in some code): whether stop() was called or negotiated. */
  get stopped(): boolean {
    return this.#stopping || this.#stopped;
  }

  stop(): void {
    if (this.#owner.isClosed()) throw invalidState('RTCRtpTransceiver.stop(): the RTCPeerConnection is closed');
    if (this.#stopping || this.#stopped) return;
    senderInternals.rememberEncodings(this.#sender);
    this.#native.stop();
    this.#owner.negotiatedStateChanged();
    this.#stopping = true;
    senderInternals.stopped(this.#sender);
    this.#direction = 'stopped';
    // webrtc-pc "stop sending and receiving" keeps [[SenderTrack]] (as a remote stop does); libwebrtc's
    // stopped sender sends nothing.
  }

  setCodecPreferences(codecs: RTCRtpCodec[]): void {
    const list = sequence('RTCRtpTransceiver.setCodecPreferences', codecs, (codec) => {
      const dict = dictionary<RTCRtpCodec>('RTCRtpTransceiver.setCodecPreferences', codec);
      if (dict.mimeType === undefined || dict.clockRate === undefined) {
        throw new TypeError('RTCRtpTransceiver.setCodecPreferences: each codec needs mimeType and clockRate');
      }
      const where = 'RTCRtpTransceiver.setCodecPreferences: codec';
      return {
        mimeType: domString(`${where}.mimeType`, dict.mimeType),
        clockRate: unsignedLong(dict.clockRate, `${where}.clockRate`), // WebIDL unsigned long / unsigned short: converted, as Chrome does
        channels: dict.channels === undefined ? undefined : unsignedShort(dict.channels, `${where}.channels`),
        sdpFmtpLine: dict.sdpFmtpLine === undefined ? undefined : domString(`${where}.sdpFmtpLine`, dict.sdpFmtpLine),
      } as RTCRtpCodec;
    });
    // webrtc-pc: a list of only RTX, RED, FEC or comfort noise codecs is refused (telephone-event is a codec).
    const onlyResilience = list.length > 0 && list.every((codec) => /\/(rtx|red|ulpfec|flexfec-03|CN)$/i.test(codec.mimeType));
    if (onlyResilience) throw domException('InvalidModificationError', 'setCodecPreferences(): the list has only retransmission, redundancy or FEC codecs');
    this.#native.setCodecPreferences(list);
    this.#owner.negotiatedStateChanged();
  }

  /** webrtc-extensions: the RTP header extensions the next offer or answer negotiates, and in which direction. */
  getHeaderExtensionsToNegotiate(): RTCRtpHeaderExtensionCapability[] {
    return this.#native.headerExtensionsToNegotiate();
  }

  /**
   * webrtc-extensions: the same extensions in the same order, each with its direction ('stopped' leaves it out
   * of offers and answers). The MID extension cannot be stopped.
   */
  setHeaderExtensionsToNegotiate(extensions: RTCRtpHeaderExtensionCapability[]): void {
    const where = 'RTCRtpTransceiver.setHeaderExtensionsToNegotiate';
    requireArguments(where, arguments.length, 1);
    const list = sequence(where, extensions, (item, index) => {
      const dict = dictionary<RTCRtpHeaderExtensionCapability>(where, item);
      // WebIDL reads dictionary members in name order: direction, then uri; both are required.
      if (dict.direction === undefined) throw new TypeError(`${where}: extension ${index} has no direction`);
      const direction = enumValue(`${where}: direction`, dict.direction, DIRECTIONS, 'RTCRtpTransceiverDirection');
      if (dict.uri === undefined) throw new TypeError(`${where}: extension ${index} has no uri`);
      const uri = domString(`${where}: uri`, dict.uri);
      if (uri === '') throw new TypeError(`${where}: extension ${index} has an empty uri`);
      return { direction, uri };
    });
    const current = this.#native.headerExtensionsToNegotiate();
    if (list.length !== current.length) {
      throw domException('InvalidModificationError', `${where}: the transceiver has ${current.length} extensions, ${list.length} were given`);
    }
    list.forEach(({ uri }, index) => {
      if (uri !== current[index].uri) {
        throw domException('InvalidModificationError', `${where}: extension ${index} is ${current[index].uri}, not ${uri} (the list cannot be reordered or changed)`);
      }
    });
    this.#native.setHeaderExtensionsToNegotiate(list);
  }

  /** webrtc-extensions: every extension, with the direction the last answer gave it ('stopped' if none). */
  getNegotiatedHeaderExtensions(): RTCRtpHeaderExtensionCapability[] {
    const negotiated = new Set(this.#native.negotiatedHeaderExtensions());
    return this.#native.headerExtensionsToNegotiate().map(({ uri }) => ({ direction: negotiated.has(uri) ? 'sendrecv' : 'stopped', uri }));
  }

  /** Mirrors libwebrtc's state (after a description was applied). */
  #update(state: NativeTransceiverState, fresh: boolean): void {
    this.#mid = state.mid;
    // A description's state may have been read before a direction set since (an operation in flight when
    // JavaScript set it): [[Direction]] keeps what was set until the engine's state shows it too.
    if (!fresh && this.#directionSet !== null && state.direction !== this.#directionSet && !state.stopping && !state.stopped) {
      state = { ...state, direction: this.#directionSet };
    }
    this.#directionSet = null;
    this.#direction = state.stopping || state.stopped ? 'stopped' : state.direction;
    this.#currentDirection = state.stopped ? 'stopped' : state.currentDirection;
    this.#stopping = state.stopping;
    this.#stopped = state.stopped;
    if (state.stopping || state.stopped) senderInternals.stopped(this.#sender);
    senderInternals.described(this.#sender);
  }

  static {
    isTransceiver = (value): value is RTCRtpTransceiver => typeof value === 'object' && value !== null && #native in value;
    transceiverInternals = {
      update: (transceiver, state, fresh) => transceiver.#update(state, fresh),
      kind: (transceiver) => transceiver.#kind,
      stoppingOrStopped: (transceiver) => transceiver.#stopping || transceiver.#stopped,
      stopped: (transceiver) => transceiver.#stopped,
      native: (transceiver) => transceiver.#native,
    };
  }
}


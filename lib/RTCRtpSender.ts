import { binding, type NativeRtpSender } from './native';
import { MediaStreamTrack, isTrack, nativeOfTrack, whenTrackStopped } from './MediaStreamTrack';
import { MediaStream } from './MediaStream';
import { RTCDTMFSender, dtmfSenderOf } from './RTCDTMFSender';
import { RTCDtlsTransport, currentTransport } from './RTCDtlsTransport';
import { type RTCRtpScriptTransform, TransformSlot } from './RTCRtpScriptTransform';
import { RTCStatsReport } from './RTCStatsReport';
import type { ConnectionInternals } from './internal/connection';
import { invalidModification, invalidState, operationError } from './internal/errors';
import { atTaskEnd } from './internal/task-end';
import { dictionary, domString, enumValue, illegalConstructor, PRIORITIES, rejectOnThrow, requireArguments, requireInternal, sequence, setLengths, toNumber, typeError, unsignedLong, unsignedShort } from './internal/webidl';

/** What the connection and its transceivers do to a sender, kept off its public surface. */
export let senderInternals: {
  setTrack(sender: RTCRtpSender, track: MediaStreamTrack | null): void;
  clearTrack(sender: RTCRtpSender): void;
  native(sender: RTCRtpSender): NativeRtpSender;
  /** A description was applied: hand libwebrtc what it could not hold before, and keep setStreams()' ids. */
  described(sender: RTCRtpSender): void;
  /** Stopped for good (stop(), negotiation, close()): the track stops holding this sender; sender.track stays. */
  stopped(sender: RTCRtpSender): void;
  /** Right before stop(): the engine's sender has no encodings afterwards. */
  rememberEncodings(sender: RTCRtpSender): void;
  /** addTransceiver()'s sendEncodings: what getParameters() falls back to once the engine's sender has none. */
  addedWith(sender: RTCRtpSender, encodings: RTCRtpEncodingParameters[]): void;
};


/** RTCRtpEncodingParameters with the members this TypeScript's DOM types lack. */
type EncodingParameters = RTCRtpEncodingParameters & { codec?: RTCRtpCodec; scalabilityMode?: string };

/** WebIDL `double` (not unrestricted): NaN and ±Infinity are a TypeError. */
function restrictedDouble(where: string, value: unknown): number {
  const number = toNumber(where, value);
  if (!Number.isFinite(number)) throw typeError(where, 'a finite number', value);
  return number;
}

/**
 * WebIDL conversion of an RTCRtpEncodingParameters (members in WebIDL order, defaults applied), so native/
 * only ever sees numbers, booleans and strings. Spec checks (ranges, rids, kind) come later.
 */
export function convertEncoding(where: string, value: unknown): RTCRtpEncodingParameters {
  const dict = dictionary<EncodingParameters>(where, value);
  const encoding: EncodingParameters = { active: true };
  if (dict.rid !== undefined) encoding.rid = domString(`${where}: rid`, dict.rid);
  encoding.active = dict.active === undefined ? true : Boolean(dict.active);
  if (dict.codec !== undefined) encoding.codec = convertCodec(`${where}: codec`, dict.codec);
  if (dict.maxBitrate !== undefined) encoding.maxBitrate = unsignedLong(dict.maxBitrate, `${where}: maxBitrate`);
  if (dict.maxFramerate !== undefined) encoding.maxFramerate = restrictedDouble(`${where}: maxFramerate`, dict.maxFramerate);
  encoding.networkPriority = dict.networkPriority === undefined ? 'low' : enumValue(`${where}: networkPriority`, dict.networkPriority, PRIORITIES, 'RTCPriorityType');
  encoding.priority = dict.priority === undefined ? 'low' : enumValue(`${where}: priority`, dict.priority, PRIORITIES, 'RTCPriorityType');
  if (dict.scalabilityMode !== undefined) encoding.scalabilityMode = domString(`${where}: scalabilityMode`, dict.scalabilityMode);
  if (dict.scaleResolutionDownBy !== undefined) encoding.scaleResolutionDownBy = restrictedDouble(`${where}: scaleResolutionDownBy`, dict.scaleResolutionDownBy);
  return encoding;
}

/** WebIDL conversion of an RTCRtpCodec (clockRate and mimeType are required). */
function convertCodec(where: string, value: unknown): RTCRtpCodec {
  const dict = dictionary<RTCRtpCodec>(where, value);
  if (dict.clockRate === undefined || dict.mimeType === undefined) throw new TypeError(`${where}: clockRate and mimeType are required`);
  const codec: RTCRtpCodec = { clockRate: unsignedLong(dict.clockRate, `${where}: clockRate`), mimeType: domString(`${where}: mimeType`, dict.mimeType) };
  if (dict.channels !== undefined) codec.channels = unsignedShort(dict.channels, `${where}: channels`);
  if (dict.sdpFmtpLine !== undefined) codec.sdpFmtpLine = domString(`${where}: sdpFmtpLine`, dict.sdpFmtpLine);
  return codec;
}

/** webrtc-pc: for audio, scaleResolutionDownBy and maxFramerate are removed, not rejected (and webrtc-svc's mode). */
export function dropVideoOnlyMembers(encodings: RTCRtpEncodingParameters[], kind: 'audio' | 'video'): void {
  if (kind !== 'audio') return;
  for (const encoding of encodings as EncodingParameters[]) {
    delete encoding.scaleResolutionDownBy;
    delete encoding.maxFramerate;
    delete encoding.scalabilityMode;
  }
}

/**
 * webrtc-svc: a scalabilityMode must be one the codec encodes: the send codec once negotiated (`sending`, the
 * first of the parameters' codecs), else any video codec of this engine (getCapabilities lists their modes).
 */
function checkScalabilityModes(encodings: readonly RTCRtpEncodingParameters[], error: (message: string) => Error, sending?: RTCRtpCodecParameters): void {
  const wanted = (encodings as EncodingParameters[]).filter((encoding) => encoding.scalabilityMode !== undefined);
  if (wanted.length === 0) return;
  const codecs = (binding.RtpSender.getCapabilities('video').codecs as (RTCRtpCodec & { scalabilityModes?: string[] })[]).filter(
    (codec) => !sending || codec.mimeType.toLowerCase() === sending.mimeType.toLowerCase(),
  );
  for (const { scalabilityMode } of wanted as EncodingParameters[]) {
    if (!codecs.some((codec) => codec.scalabilityModes?.includes(scalabilityMode!))) {
      const which = sending ? `the send codec ${sending.mimeType}` : "this engine's video codecs";
      throw error(`scalabilityMode ${JSON.stringify(scalabilityMode)} is not one ${which} support${sending ? 's' : ''} (see RTCRtpSender.getCapabilities('video'))`);
    }
  }
}

/** webrtc-pc range checks shared by addTransceiver() and setParameters(). */
export function checkEncodingRanges(where: string, encodings: readonly RTCRtpEncodingParameters[]): void {
  for (const encoding of encodings) {
    if (encoding.scaleResolutionDownBy !== undefined && encoding.scaleResolutionDownBy < 1) {
      throw new RangeError(`${where}: scaleResolutionDownBy must be at least 1 (received ${encoding.scaleResolutionDownBy})`);
    }
    if (encoding.maxFramerate !== undefined && encoding.maxFramerate < 0) {
      throw new RangeError(`${where}: maxFramerate must not be negative (received ${encoding.maxFramerate})`);
    }
  }
}

/**
 * webrtc-pc "addTransceiver sendEncodings processing" on converted encodings. RFC 8851 allows letters,
 * digits, '-' and '_' in a rid; this engine takes letters and digits, at most 16 (longer ones it refuses).
 */
export function checkSendEncodings(encodings: RTCRtpEncodingParameters[], kind: 'audio' | 'video'): void {
  const where = 'RTCPeerConnection.addTransceiver: sendEncodings';
  const rids = new Set<string>();
  for (const { rid } of encodings) {
    if (rid === undefined) continue;
    if (!/^[A-Za-z0-9_-]+$/.test(rid)) throw new TypeError(`${where}: rid ${JSON.stringify(rid)} is not a valid RFC 8851 rid (letters, digits, '-' and '_')`);
    if (!/^[A-Za-z0-9]{1,16}$/.test(rid)) throw new TypeError(`${where}: rid ${JSON.stringify(rid)} is not supported: this engine takes rids of at most 16 letters and digits`);
    if (rids.has(rid)) throw new TypeError(`${where}: rid ${JSON.stringify(rid)} appears more than once`);
    rids.add(rid);
  }
  if (encodings.length > 1 && rids.size !== encodings.length) throw new TypeError(`${where}: with several encodings, each needs a rid`);
  // webrtc-pc: an encoding's codec must be one the sender can send (asked only when one is given: a hop).
  const withCodec = (encodings as EncodingParameters[]).filter((encoding) => encoding.codec);
  const capabilities = withCodec.length ? (binding.RtpSender.getCapabilities(kind).codecs as RTCRtpCodec[]) : [];
  for (const { codec } of withCodec) {
    if (!codec) continue;
    const matches = (known: RTCRtpCodec) =>
      known.mimeType.toLowerCase() === String(codec.mimeType).toLowerCase() && known.clockRate === codec.clockRate && known.channels === codec.channels && (codec.sdpFmtpLine === undefined || known.sdpFmtpLine === codec.sdpFmtpLine);
    if (!capabilities.some(matches)) throw operationError(`${where}: codec ${String(codec.mimeType)} is not one this sender can send (see RTCRtpSender.getCapabilities('${kind}'))`);
  }
  dropVideoOnlyMembers(encodings, kind);
  checkScalabilityModes(encodings, operationError);
  checkEncodingRanges('addTransceiver()', encodings);
}

/** The default scaleResolutionDownBy of a video encoding: 1, and 2^(N-1-i) across N simulcast layers. */
function defaultScale(index: number, count: number): number {
  return 2 ** (count - 1 - index);
}

/** One RTCRtpCodec against another, member by member (absent members compare as absent). */
function sameCodec(a: Partial<RTCRtpCodecParameters>, b: Partial<RTCRtpCodecParameters>): boolean {
  return a.mimeType?.toLowerCase() === b.mimeType?.toLowerCase() && a.clockRate === b.clockRate && a.channels === b.channels && (a.sdpFmtpLine ?? '') === (b.sdpFmtpLine ?? '');
}

/** RTCRtpSender (webrtc-pc §5.2). */
export class RTCRtpSender implements globalThis.RTCRtpSender {
  readonly #native: NativeRtpSender;
  readonly #transform = new TransformSlot('RTCRtpSender.transform', (native) => {
    this.#native.setTransform(native);
    if (native) this.#native.setPayloadTypes(this.#owner.payloadTypes(this.#native));
  });
  readonly #owner: ConnectionInternals;
  readonly #kind: 'audio' | 'video';
  #track: MediaStreamTrack | null = null;
  #untrack: (() => void) | null = null;
  #dtmf: RTCDTMFSender | null = null;
  #lastParameters: RTCRtpSendParameters | null = null;
  // [[SendEncodings]] while libwebrtc holds none (addTrack(), or addTransceiver() without sendEncodings, until
  // a description gives the sender an SSRC): what setParameters() set meanwhile, handed over once it can be.
  #pendingEncodings: RTCRtpEncodingParameters[] | null = null;
  #pendingDegradation: RTCDegradationPreference | undefined;
  #pendingSet = false;
  // The engine's encodings as last seen, for getParameters() once a stopped transceiver's sender has none.
  #knownEncodings: RTCRtpEncodingParameters[] | null = null;
  /** The number of sendEncodings addTransceiver() gave (0 for addTrack() and remote offers). */
  #layersAtCreation = 0;
  /**
   * Whether any encoding was given a scalabilityMode: only then does a description need the engine's parameters
   * (a blocking call, which with hundreds of senders waits behind a busy engine thread; see #rememberEncodings).
   */
  #scalabilityModeSet = false;
  // The ids setStreams() asked for: libwebrtc puts back the ones of the first negotiated msid whenever it
  // applies a local description, so they are handed to it again (null: setStreams() was never called).
  #streamIds: string[] | null = null;
  #transport: RTCDtlsTransport | null = null;

  /** @internal */
  constructor(token: typeof illegalConstructor, native: NativeRtpSender, owner: ConnectionInternals, kind: 'audio' | 'video') {
    requireInternal(token, 'RTCRtpSender');
    this.#native = native;
    this.#owner = owner;
    this.#kind = kind;
  }

  static getCapabilities(kind: string): RTCRtpCapabilities | null {
    requireArguments('RTCRtpSender.getCapabilities', arguments.length, 1);
    const text = domString('RTCRtpSender.getCapabilities', kind);
    if (text !== 'audio' && text !== 'video') return null;
    return binding.RtpSender.getCapabilities(text);
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
  /** webrtc-encoded-transform: the RTCRtpScriptTransform its encoded frames go through, or null. */
  get transform(): RTCRtpScriptTransform | null {
    return this.#transform.get();
  }
  set transform(value: RTCRtpScriptTransform | null) {
    this.#transform.set(value);
  }

  replaceTrack(withTrack: globalThis.MediaStreamTrack | null): Promise<void> {
    const given = arguments.length;
    return rejectOnThrow(() => {
      requireArguments('RTCRtpSender.replaceTrack', given, 1);
      const candidate: unknown = withTrack ?? null; // WebIDL: undefined converts to null for a nullable type
      if (candidate !== null && !isTrack(candidate)) throw typeError('RTCRtpSender.replaceTrack', 'a MediaStreamTrack or null', candidate);
      const track = candidate as MediaStreamTrack | null;
      if (track && track.kind !== this.#kind) throw new TypeError(`RTCRtpSender.replaceTrack: a ${track.kind} track cannot replace a ${this.#kind} track`);
      if (this.#owner.isClosed()) throw invalidState('replaceTrack(): the RTCPeerConnection is closed');
      // webrtc-pc: the rest runs on the operations chain, after the offers and answers queued before it.
      return this.#owner.chain(async () => {
        if (this.#owner.senderStopped(this.#native)) throw invalidState('replaceTrack(): the transceiver is stopped');
        // [[SenderTrack]] changes in a task queued once the engine can send the track; if the connection
        // closed meanwhile the task aborts and the promise never settles (like every pending operation).
        await new Promise<void>((resolve, reject) =>
          setImmediate(() => {
            if (this.#owner.isClosed()) return;
            try {
              // A transceiver stopped meanwhile keeps the track as [[SenderTrack]] but sends nothing.
              this.#setTrack(track, !this.#owner.senderStopped(this.#native));
              resolve();
            } catch (error) {
              reject(error);
            }
          }),
        );
      });
    });
  }

  getParameters(): RTCRtpSendParameters {
    const native = this.#native.getParameters() ?? { transactionId: '', encodings: [], headerExtensions: [], rtcp: {}, codecs: [] };
    // A stopped transceiver's engine sender reports no encodings; [[SendEncodings]] stays what it was.
    if (native.encodings.length > 0) this.#knownEncodings = native.encodings;
    const encodings = native.encodings.length > 0 ? native.encodings : (this.#owner.senderStopped(this.#native) && this.#knownEncodings) || this.#unsentEncodings();
    const parameters: RTCRtpSendParameters = { ...native, encodings };
    if (native.encodings.length === 0 && this.#pendingDegradation !== undefined) parameters.degradationPreference = this.#pendingDegradation;
    // webrtc-pc (and the engine's encoder): once any encoding has a scale, the others default to 1.
    const anyScale = parameters.encodings.some((encoding) => encoding.scaleResolutionDownBy !== undefined);
    parameters.encodings = parameters.encodings.map((encoding, index, all) => {
      const filled = { ...encoding };
      if (this.#kind === 'video' && filled.scaleResolutionDownBy === undefined) filled.scaleResolutionDownBy = anyScale ? 1 : defaultScale(index, this.#defaultLayers(all.length));
      return filled;
    });
    dropVideoOnlyMembers(parameters.encodings, this.#kind);
    // webrtc-pc: calls within one task share the transactionId of [[LastReturnedParameters]].
    if (this.#lastParameters) parameters.transactionId = this.#lastParameters.transactionId;
    this.#lastParameters = parameters;
    // The spec's [[LastReturnedParameters]] only lives until the current task ends.
    atTaskEnd(() => {
      if (this.#lastParameters === parameters) this.#lastParameters = null;
    });
    return structuredClone(parameters);
  }

  setParameters(parameters: RTCRtpSendParameters, _options?: unknown): Promise<void> {
    return rejectOnThrow(async () => {
      const where = 'RTCRtpSender.setParameters';
      requireArguments(where, arguments.length, 1);
      const given = convertSendParameters(where, parameters);
      if (this.#owner.isClosed()) throw invalidState('setParameters(): the RTCPeerConnection is closed');
      if (this.#owner.senderStopped(this.#native)) throw invalidState('setParameters(): the transceiver is stopped');
      const last = this.#lastParameters;
      if (!last) throw invalidState('setParameters() must follow getParameters() in the same task');
      if (given.transactionId !== last.transactionId) throw invalidModification('setParameters(): transactionId is not the one getParameters() returned');
      if (given.encodings.length !== last.encodings.length) throw invalidModification('setParameters(): the number of encodings cannot change');
      given.encodings.forEach((encoding, index) => {
        if (encoding.rid !== last.encodings[index].rid) throw invalidModification("setParameters(): an encoding's rid cannot change");
      });
      checkReadOnly(given, last);
      // Before negotiation there are no codecs yet: webrtc-pc then checks against the codecs the sender can send.
      const withCodec = (given.encodings as EncodingParameters[]).filter((encoding) => encoding.codec);
      const allowed = last.codecs.length || !withCodec.length ? last.codecs : (binding.RtpSender.getCapabilities(this.#kind).codecs as RTCRtpCodec[]);
      for (const encoding of given.encodings as EncodingParameters[]) {
        // This engine predates per-encoding codecs: a negotiated one is accepted (and not applied), another rejected.
        if (encoding.codec && !allowed.some((codec) => sameCodec(codec, encoding.codec!))) {
          throw invalidModification(`setParameters(): encodings[].codec ${encoding.codec.mimeType} is not among the ${last.codecs.length ? 'negotiated codecs' : "codecs of RTCRtpSender.getCapabilities('" + this.#kind + "')"}`);
        }
        delete encoding.codec;
      }
      dropVideoOnlyMembers(given.encodings, this.#kind);
      checkScalabilityModes(given.encodings, invalidModification, last.codecs[0]);
      if ((given.encodings as EncodingParameters[]).some((encoding) => encoding.scalabilityMode !== undefined)) this.#scalabilityModeSet = true;
      checkEncodingRanges('setParameters()', given.encodings);
      const current = this.#native.getParameters();
      if (!current || current.encodings.length === 0) {
        // Not negotiated yet (libwebrtc holds no encodings): kept, and applied once a description is.
        this.#pendingEncodings = given.encodings;
        this.#pendingDegradation = given.degradationPreference;
        this.#pendingSet = true;
      } else {
        this.#applyToNative(given.encodings, given.degradationPreference, current);
      }
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
    return rejectOnThrow(async () => {
      // libwebrtc selects a sender's stats by its track; without one (replaceTrack(null)) its report is empty,
      // so the webrtc-pc selection is made here: the outbound-rtp of the sender's SSRCs and what they reference.
      // The same once the track ended: sender.track stays, libwebrtc's is gone. (A stopped transceiver's
      // engine sender reports no SSRCs: its selection is empty, as in Chrome, which reads the same.)
      const sending = this.#track?.readyState === 'live' && !this.#owner.senderStopped(this.#native);
      const ssrcs = sending ? [] : this.#native.ssrcs();
      if (ssrcs.length === 0) return this.#owner.stats(this.#native);
      return selectReferenced(await this.#owner.stats(), (stats) => stats.type === 'outbound-rtp' && ssrcs.includes(stats.ssrc as number));
    });
  }

  setStreams(...streams: globalThis.MediaStream[]): void {
    for (const stream of streams) if (!(stream instanceof MediaStream)) throw typeError('RTCRtpSender.setStreams', 'MediaStreams', stream);
    if (this.#owner.isClosed()) throw invalidState('setStreams(): the RTCPeerConnection is closed');
    const ids = [...new Set(streams.map((stream) => stream.id))];
    this.#streamIds = ids;
    this.#native.setStreams(ids);
    this.#owner.negotiatedStateChanged();
  }

  /**
   * Keeps the engine's encodings for getParameters() after a stop, when the engine's sender has none (one
   * hop: not done per description, which with hundreds of senders waits behind a busy engine thread).
   */
  #rememberEncodings(): void {
    const encodings = this.#native.getParameters()?.encodings;
    if (encodings && encodings.length > 0) this.#knownEncodings = encodings;
  }

  /**
   * How many layers the default scales count: addTransceiver()'s sendEncodings. When an answer refuses
   * simulcast, the first encoding stays with the scale it had (webrtc-pc), 2^(N-1) of N layers, which libwebrtc
   * goes on applying (it keeps the refused layers, inactive).
   */
  #defaultLayers(count: number): number {
    return Math.max(count, this.#layersAtCreation);
  }

  /** [[SendEncodings]] before libwebrtc holds any: one active encoding (webrtc-pc "create an RTCRtpSender"). */
  #unsentEncodings(): RTCRtpEncodingParameters[] {
    return this.#pendingEncodings ?? [{ active: true, priority: 'low', networkPriority: 'low' } as RTCRtpEncodingParameters];
  }

  /**
   * Writes encodings onto libwebrtc's current parameters. Scales that are all the defaults getParameters()
   * filled in stay unset where libwebrtc has none, so it keeps its own simulcast scaling; any other set is
   * written whole (one set scale makes the engine's default for the others 1).
   */
  #applyToNative(encodings: RTCRtpEncodingParameters[], degradation: RTCDegradationPreference | undefined, current: RTCRtpSendParameters): void {
    const count = this.#defaultLayers(current.encodings.length);
    const defaults = encodings.every((e, index) => e.scaleResolutionDownBy === undefined || e.scaleResolutionDownBy === defaultScale(index, count));
    const merged = current.encodings.map((native, index) => {
      const wanted = encodings[index];
      if (!wanted) return native;
      const encoding: RTCRtpEncodingParameters = { ...wanted };
      if (native.rid !== undefined) encoding.rid = native.rid;
      else delete encoding.rid;
      if (defaults && native.scaleResolutionDownBy === undefined) delete encoding.scaleResolutionDownBy;
      return encoding;
    });
    const next: RTCRtpSendParameters = { ...current, encodings: merged };
    if (degradation !== undefined) next.degradationPreference = degradation;
    else delete next.degradationPreference;
    this.#native.setParameters(next);
    this.#knownEncodings = next.encodings;
  }

  /** After a description was applied: pending parameters and setStreams()' ids reach libwebrtc. */
  #described(): void {
    if (this.#owner.isClosed()) return;
    if (this.#pendingSet) {
      const current = this.#native.getParameters();
      if (current && current.encodings.length > 0) {
        const encodings = this.#pendingEncodings ?? [];
        const degradation = this.#pendingDegradation;
        this.#pendingEncodings = null;
        this.#pendingDegradation = undefined;
        this.#pendingSet = false;
        try {
          this.#applyToNative(encodings, degradation, current);
        } catch (error) {
          process.emitWarning(`node-libwebrtc: parameters set before negotiation could not be applied: ${(error as Error).message}`);
        }
      }
    }
    this.#fitScalabilityModes();
    if (this.#streamIds && !sameIds(this.#streamIds, this.#native.streamIds())) this.#native.setStreams(this.#streamIds);
  }

  /**
   * webrtc-svc: once negotiated, a scalabilityMode the send codec cannot encode (L3T3 when the answer chose
   * VP8) gives way to one it can: the same temporal layers on one spatial layer, else the codec's default.
   * This engine stopped encoding altogether, and every later setParameters() of what getParameters() gave failed.
   */
  #fitScalabilityModes(): void {
    if (this.#kind !== 'video' || !this.#scalabilityModeSet) return;
    const current = this.#native.getParameters();
    const sending = current?.codecs[0];
    if (!current || !sending) return;
    const modes = (binding.RtpSender.getCapabilities('video').codecs as (RTCRtpCodec & { scalabilityModes?: string[] })[])
      .filter((codec) => codec.mimeType.toLowerCase() === sending.mimeType.toLowerCase())
      .flatMap((codec) => codec.scalabilityModes ?? []);
    let changed = false;
    const encodings = (current.encodings as EncodingParameters[]).map((encoding) => {
      if (encoding.scalabilityMode === undefined || modes.includes(encoding.scalabilityMode)) return encoding;
      changed = true;
      const temporal = /T(\d)/.exec(encoding.scalabilityMode)?.[1];
      const fitted: EncodingParameters = { ...encoding };
      if (temporal && modes.includes(`L1T${temporal}`)) fitted.scalabilityMode = `L1T${temporal}`;
      else delete fitted.scalabilityMode;
      return fitted;
    });
    if (!changed) return;
    this.#native.setParameters({ ...current, encodings });
    this.#knownEncodings = encodings;
  }

  /** Sets the track on both sides (libwebrtc's only if `send`); a stopped track stops being sent. */
  #setTrack(track: MediaStreamTrack | null, send = true): void {
    this.#untrack?.();
    this.#untrack = null;
    if (send) this.#native.replaceTrack(track && track.readyState === 'live' ? nativeOfTrack(track) : null);
    this.#track = track;
    if (track && send) {
      this.#untrack = whenTrackStopped(track, () => {
        // A stopped sender already sends nothing (and libwebrtc refuses to change its track).
        if (!this.#owner.isClosed() && !this.#owner.senderStopped(this.#native)) this.#native.replaceTrack(null);
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
      described: (sender) => sender.#described(),
      rememberEncodings: (sender) => sender.#rememberEncodings(),
      addedWith: (sender, encodings) => {
        if (encodings.length > 0) sender.#knownEncodings = encodings.map((encoding) => ({ ...encoding }));
        sender.#layersAtCreation = encodings.length;
        if ((encodings as EncodingParameters[]).some((encoding) => encoding.scalabilityMode !== undefined)) sender.#scalabilityModeSet = true;
      },
      stopped: (sender) => {
        // A long-lived track (a camera, a forwarded track) otherwise keeps every connection it was sent on.
        sender.#untrack?.();
        sender.#untrack = null;
      },
    };
  }
}
setLengths(RTCRtpSender, { setParameters: 1 });

/** The stats `pick` selects, with every stats object they reference (members named *Id), transitively. */
function selectReferenced(report: RTCStatsReport, pick: (stats: Record<string, unknown>) => boolean): RTCStatsReport {
  const selected = new Map<string, any>();
  const visit = (stats: Record<string, unknown> | undefined) => {
    if (!stats || selected.has(stats.id as string)) return;
    selected.set(stats.id as string, stats);
    for (const [member, value] of Object.entries(stats)) {
      if (member.endsWith('Id') && member !== 'id' && typeof value === 'string') visit(report.get(value));
    }
  };
  report.forEach((stats) => {
    if (pick(stats)) visit(stats);
  });
  return new RTCStatsReport(illegalConstructor, selected);
}

function sameIds(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().every((id, index) => id === [...b].sort()[index]);
}

type ConvertedSendParameters = Omit<RTCRtpSendParameters, 'encodings'> & { encodings: RTCRtpEncodingParameters[] };

/** WebIDL conversion of an RTCRtpSendParameters: the required members missing are a TypeError. */
function convertSendParameters(where: string, value: unknown): ConvertedSendParameters {
  const dict = dictionary<RTCRtpSendParameters>(where, value);
  const missing = (['codecs', 'encodings', 'headerExtensions', 'rtcp', 'transactionId'] as const).filter((member) => dict[member] === undefined);
  if (missing.length > 0) throw new TypeError(`${where}: required member${missing.length > 1 ? 's' : ''} ${missing.join(', ')} missing (pass what getParameters() returned)`);
  const codecs = sequence(`${where}: codecs`, dict.codecs, (codec) => {
    const c = dictionary<RTCRtpCodecParameters>(`${where}: codecs`, codec);
    if (c.payloadType === undefined || c.mimeType === undefined || c.clockRate === undefined) throw new TypeError(`${where}: codecs[] need payloadType, mimeType and clockRate`);
    const converted: RTCRtpCodecParameters = { payloadType: unsignedLong(c.payloadType, `${where}: codecs[].payloadType`) & 0xff, mimeType: domString(`${where}: codecs[].mimeType`, c.mimeType), clockRate: unsignedLong(c.clockRate, `${where}: codecs[].clockRate`) };
    if (c.channels !== undefined) converted.channels = unsignedShort(c.channels, `${where}: codecs[].channels`);
    if (c.sdpFmtpLine !== undefined) converted.sdpFmtpLine = domString(`${where}: codecs[].sdpFmtpLine`, c.sdpFmtpLine);
    return converted;
  });
  const headerExtensions = sequence(`${where}: headerExtensions`, dict.headerExtensions, (extension) => {
    const e = dictionary<RTCRtpHeaderExtensionParameters & { encrypted?: boolean }>(`${where}: headerExtensions`, extension);
    if (e.uri === undefined || e.id === undefined) throw new TypeError(`${where}: headerExtensions[] need uri and id`);
    return { uri: domString(`${where}: headerExtensions[].uri`, e.uri), id: unsignedShort(e.id, `${where}: headerExtensions[].id`), encrypted: Boolean(e.encrypted) };
  });
  const rtcpDict = dictionary<RTCRtcpParameters>(`${where}: rtcp`, dict.rtcp);
  const rtcp: RTCRtcpParameters = {};
  if (rtcpDict.cname !== undefined) rtcp.cname = domString(`${where}: rtcp.cname`, rtcpDict.cname);
  if (rtcpDict.reducedSize !== undefined) rtcp.reducedSize = Boolean(rtcpDict.reducedSize);
  const encodings = sequence(`${where}: encodings`, dict.encodings, (encoding) => convertEncoding(`${where}: encodings[]`, encoding));
  const converted: ConvertedSendParameters = { codecs, headerExtensions, rtcp, transactionId: domString(`${where}: transactionId`, dict.transactionId), encodings };
  if (dict.degradationPreference !== undefined) {
    converted.degradationPreference = enumValue<RTCDegradationPreference>(`${where}: degradationPreference`, dict.degradationPreference, ['maintain-framerate', 'maintain-resolution', 'balanced'], 'RTCDegradationPreference');
  }
  return converted;
}

/** webrtc-pc: rtcp, headerExtensions and codecs are read-only; any change from the last returned is an error. */
function checkReadOnly(given: ConvertedSendParameters, last: RTCRtpSendParameters): void {
  const changed = (member: string) => invalidModification(`setParameters(): ${member} is read-only and differs from what getParameters() returned`);
  if (given.rtcp.cname !== last.rtcp.cname) throw changed('rtcp.cname');
  if (given.rtcp.reducedSize !== last.rtcp.reducedSize) throw changed('rtcp.reducedSize');
  const lastExtensions = last.headerExtensions as (RTCRtpHeaderExtensionParameters & { encrypted?: boolean })[];
  if (
    given.headerExtensions.length !== lastExtensions.length ||
    given.headerExtensions.some((e, i) => e.uri !== lastExtensions[i].uri || e.id !== lastExtensions[i].id || e.encrypted !== Boolean(lastExtensions[i].encrypted))
  ) {
    throw changed('headerExtensions');
  }
  const identical = (a: RTCRtpCodecParameters, b: RTCRtpCodecParameters) =>
    a.payloadType === b.payloadType && a.mimeType === b.mimeType && a.clockRate === b.clockRate && a.channels === b.channels && a.sdpFmtpLine === b.sdpFmtpLine;
  if (given.codecs.length !== last.codecs.length || given.codecs.some((c, i) => !identical(c, last.codecs[i]))) {
    throw changed('codecs');
  }
}

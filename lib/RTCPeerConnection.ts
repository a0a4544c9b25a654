import {
  binding,
  type NativeDescription,
  type NativePeerConnection,
  type NativePeerConnectionEvent,
  type NativeRtpReceiver,
  type NativeRtpSender,
  type NativeRtpTransceiver,
  type NativeSnapshot,
  type NativeTransceiverState,
} from './native';
import { MediaStream, addRemoteTrack, remoteStream, removeRemoteTrack } from './MediaStream';
import { MediaStreamTrack, endTrackQuietly, isTrack, nativeOfTrack, setTrackMuted } from './MediaStreamTrack';
import { RTCRtpReceiver, receiverInternals, setReceiving } from './RTCRtpReceiver';
import { RTCRtpSender, checkSendEncodings, convertEncoding, senderInternals } from './RTCRtpSender';
import { RTCRtpTransceiver, transceiverInternals } from './RTCRtpTransceiver';
import { RTCTrackEvent } from './RTCTrackEvent';
import type { ConnectionInternals } from './internal/connection';
import { RTCCertificate } from './RTCCertificate';
import { type RTCDtlsTransport, closeDtlsTransportByConnection } from './RTCDtlsTransport';
import type { RTCIceTransport } from './RTCIceTransport';
import { type RTCDataChannel, adoptRemoteChannel, announceRemoteChannelOpen, closeChannelsOf, createDataChannel } from './RTCDataChannel';
import { RTCDataChannelEvent } from './RTCDataChannelEvent';
import { RTCError } from './RTCError';
import { engineCandidate } from './RTCIceCandidate';
import { RTCPeerConnectionIceErrorEvent } from './RTCPeerConnectionIceErrorEvent';
import { RTCPeerConnectionIceEvent } from './RTCPeerConnectionIceEvent';
import { RTCSctpTransport, closeSctpTransportByConnection, sctpTransportOf, updateMaxMessageSize } from './RTCSctpTransport';
import { RTCSessionDescription, SDP_TYPES } from './RTCSessionDescription';
import { RTCStatsReport, statsReportFromJson } from './RTCStatsReport';
import { convertConfiguration, toNative, toPublic, validateIceServers, type NodeRTCConfiguration, type NormalizedConfiguration } from './internal/configuration';
import { invalidAccess, invalidModification, invalidState, notSupported, operationError } from './internal/errors';
import { iceGenerations, payloadTypes, withEndOfCandidates } from './internal/sdp-ice';
import { defineEventHandlers } from './internal/event-handlers';
import { runTaskEnd } from './internal/task-end';
import { dictionary, domString, enforceRange, enumValue, illegalConstructor, rejectOnThrow, rejectedBeforeStart, requireArguments, sequence, setLengths, typeError, unsignedShort } from './internal/webidl';
import { trusted } from './internal/trusted';

export type { NodeRTCConfiguration } from './internal/configuration';

/** Connections that are in use hold themselves (and the event loop) until close(), like sockets. */
const inUse = new Set<RTCPeerConnection>();

type LegacySuccess = (description: RTCSessionDescriptionInit) => void;
type LegacyFailure = (error: DOMException) => void;

/**
 * RTCPeerConnection (webrtc-pc §4.4). Attribute reads return mirrors updated in the same task as the event
 * that announces them; spec-chained operations run through one operations chain per connection.
 */
// lib.dom's typed addEventListener/removeEventListener overloads (declaration merging: no runtime code).
export interface RTCPeerConnection {
  addEventListener<K extends keyof RTCPeerConnectionEventMap>(type: K, listener: (this: globalThis.RTCPeerConnection, ev: RTCPeerConnectionEventMap[K]) => any, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof RTCPeerConnectionEventMap>(type: K, listener: (this: globalThis.RTCPeerConnection, ev: RTCPeerConnectionEventMap[K]) => any, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

export class RTCPeerConnection extends EventTarget implements globalThis.RTCPeerConnection {
  readonly #native: NativePeerConnection;
  #configuration: NormalizedConfiguration;
  #closed = false;
  #started = false;
  #pendingNative = 0;
  readonly #operations: (() => void)[] = [];
  #negotiationNeededId: number | null = null;
  // Ids of libwebrtc's negotiationneeded events: the last one that reached this object, and the last one a
  // change made here generated (the loop is held until it arrives: see #negotiationInputChanged).
  #negotiationNeededArrived = 0;
  #negotiationNeededAwaited = 0;

  #signalingState: RTCSignalingState = 'stable';
  #iceGatheringState: RTCIceGatheringState = 'new';
  #gatheringListeners: ((state: RTCIceGatheringState) => boolean)[] = [];
  #iceConnectionState: RTCIceConnectionState = 'new';
  // Once JavaScript holds an RTCIceTransport, iceConnectionState and connectionState are computed from the
  // transports' states as they are shown (webrtc-pc sets them in one task; libwebrtc's own aggregates arrive
  // after the transport's event, and may be a step further already). #announced*: what the last event said.
  #followsTransports = false;
  #iceTransportsInUse: RTCIceTransport[] = [];
  #dtlsTransportsInUse: RTCDtlsTransport[] = [];
  #transportsChanged = false;
  #engineIceState: RTCIceConnectionState = 'new';
  #announcedIceState: RTCIceConnectionState = 'new';
  #announcedConnectionState: RTCPeerConnectionState = 'new';
  #connectionState: RTCPeerConnectionState = 'new';
  #currentLocal: RTCSessionDescription | null = null;
  #pendingLocal: RTCSessionDescription | null = null;
  #currentRemote: RTCSessionDescription | null = null;
  #pendingRemote: RTCSessionDescription | null = null;
  // End-of-candidates indications given to addIceCandidate(): mid -> the remote ufrag (ICE generation) they
  // ended. The engine keeps none; the remote descriptions show them as a=end-of-candidates (webrtc-pc).
  readonly #endedCandidates = new Map<string, string>();
  // [[LastCreatedOffer]]/[[LastCreatedAnswer]]: what setLocalDescription() with an SDP must match (kept across
  // rollbacks and other descriptions, as WPT expects); the "fresh" copies are what a type-only
  // setLocalDescription() may reuse, until any description is applied and they may no longer fit.
  #lastCreatedOffer = '';
  #lastCreatedAnswer = '';
  #freshOffer = '';
  #freshAnswer = '';
  // webrtc-pc: a type-only setLocalDescription() uses the created offer/answer only while it "still
  // represents" the connection's state: every change an offer describes counts up #stateVersion.
  #stateVersion = 0;
  #freshOfferVersion = -1;
  #freshAnswerVersion = -1;
  #sctp: RTCSctpTransport | null = null;
  // Media: transceivers in creation order, the remote streams by id, and track events waiting for the
  // setRemoteDescription() that announced them (they fire after its signalingstatechange).
  #transceivers: RTCRtpTransceiver[] = [];
  readonly #transceiverByNative = new WeakMap<NativeRtpTransceiver, RTCRtpTransceiver>();
  /** Every sender this connection created, its transceiver removed (rollback, stop) or not: removeTrack's check. */
  readonly #createdSenders = new WeakSet<RTCRtpSender>();
  /** The server URL of each gathered srflx or relay candidate, for RTCIceTransport.getLocalCandidates(). */
  readonly #gatheredUrls = new Map<string, string>();
  readonly #remoteStreams = new RemoteStreams();
  #applyingRemote = false;
  #statsPending = 0;
  /** The remote stream ids each receiver's track was last announced with (its "associated remote streams"). */
  readonly #associatedStreams = new WeakMap<RTCRtpTransceiver, string[]>();
  #deferStreamEvents = false;
  readonly #deferredMutes: (() => void)[] = [];
  readonly #deferredStreamEvents: (() => void)[] = [];
  /** Stream ids of a track event queued (or being fired) and not yet announced. */
  readonly #queuedAssociation = new WeakMap<RTCRtpTransceiver, string[]>();
  /** Each transceiver's currentDirection when its state was last mirrored. */
  readonly #lastReceiving = new WeakMap<RTCRtpTransceiver, boolean>();
  #pendingTrackEvents: [NativeTransceiverState, string[]][] = [];
  readonly #internals: ConnectionInternals = {
    isClosed: () => this.#closed,
    operationPending: () => this.#operations.length > 0,
    chain: (operation) => this.#chain(operation),
    stats: (selector) => this.#stats(selector),
    descriptions: () => ({ local: this.localDescription?.sdp, remote: this.remoteDescription?.sdp }),
    gatheredUrl: (candidate) => this.#gatheredUrls.get(candidateKey(candidate)),
    payloadTypes: (of) => this.#payloadTypes(of),
    iceGatheringState: () => this.#iceGatheringState,
    negotiatedStateChanged: () => this.#negotiationInputChanged(),
    beforeIceGatheringStateChange: (listener) => this.#gatheringListeners.push(listener),
    transportCreated: () => {
      // Collected later: this runs inside the transport's constructor, before it is known as the wrapper.
      this.#transportsChanged = true;
      if (this.#followsTransports || this.#closed) return;
      this.#followsTransports = true;
      queueMicrotask(() => this.#followTransports());
    },
    transportStateChanged: () => {
      if (!this.#followsTransports || this.#closed) return () => {};
      this.#aggregateStates();
      return () => this.#announceStates();
    },
    senderStopped: (sender) => {
      const transceiver = this.#transceivers.find((t) => senderInternals.native(t.sender) === sender);
      return transceiver ? transceiverInternals.stoppingOrStopped(transceiver) : true;
    },
  };

  declare onnegotiationneeded: ((this: globalThis.RTCPeerConnection, ev: Event) => any) | null;
  declare onsignalingstatechange: ((this: globalThis.RTCPeerConnection, ev: Event) => any) | null;
  declare onicegatheringstatechange: ((this: globalThis.RTCPeerConnection, ev: Event) => any) | null;
  declare onicecandidate: ((this: globalThis.RTCPeerConnection, ev: globalThis.RTCPeerConnectionIceEvent) => any) | null;
  declare onicecandidateerror: ((this: globalThis.RTCPeerConnection, ev: globalThis.RTCPeerConnectionIceErrorEvent) => any) | null;
  declare oniceconnectionstatechange: ((this: globalThis.RTCPeerConnection, ev: Event) => any) | null;
  declare onconnectionstatechange: ((this: globalThis.RTCPeerConnection, ev: Event) => any) | null;
  declare ondatachannel: ((this: globalThis.RTCPeerConnection, ev: globalThis.RTCDataChannelEvent) => any) | null;
  declare ontrack: ((this: globalThis.RTCPeerConnection, ev: globalThis.RTCTrackEvent) => any) | null;

  static generateCertificate(keygenAlgorithm: AlgorithmIdentifier): Promise<RTCCertificate> {
    return rejectOnThrow(async () => {
      requireArguments('RTCPeerConnection.generateCertificate', arguments.length, 1);
      const params = certificateParams(keygenAlgorithm);
      const native = await binding.Certificate.generate(params);
      return new RTCCertificate(illegalConstructor, native);
    });
  }

  constructor(configuration?: NodeRTCConfiguration) {
    super();
    this.#configuration = convertConfiguration('new RTCPeerConnection: configuration', configuration);
    this.#native = new binding.PeerConnection(toNative(this.#configuration));
    this.#native.onevent = (...event) => {
      runTaskEnd(); // a native event is a new task
      this.#onNativeEvent(event);
    };
  }

  // --- attributes -----------------------------------------------------------------------------------------

  get localDescription(): RTCSessionDescription | null {
    return this.#pendingLocal ?? this.#currentLocal;
  }
  get currentLocalDescription(): RTCSessionDescription | null {
    return this.#currentLocal;
  }
  get pendingLocalDescription(): RTCSessionDescription | null {
    return this.#pendingLocal;
  }
  get remoteDescription(): RTCSessionDescription | null {
    return this.#pendingRemote ?? this.#currentRemote;
  }
  get currentRemoteDescription(): RTCSessionDescription | null {
    return this.#currentRemote;
  }
  get pendingRemoteDescription(): RTCSessionDescription | null {
    return this.#pendingRemote;
  }
  get signalingState(): RTCSignalingState {
    return this.#signalingState;
  }
  get iceGatheringState(): RTCIceGatheringState {
    return this.#iceGatheringState;
  }
  get iceConnectionState(): RTCIceConnectionState {
    if (this.#followsTransports && this.#transportsChanged) this.#aggregateStates();
    return this.#iceConnectionState;
  }
  get connectionState(): RTCPeerConnectionState {
    if (this.#followsTransports && this.#transportsChanged) this.#aggregateStates();
    return this.#connectionState;
  }
  /** Whether the remote peer can accept trickled candidates: from its description's ice-options. */
  get canTrickleIceCandidates(): boolean | null {
    const remote = this.remoteDescription;
    if (!remote) return null;
    return /^a=ice-options:.*\btrickle\b/m.test(remote.sdp);
  }
  get sctp(): RTCSctpTransport | null {
    return this.#sctp;
  }

  // --- offer/answer ---------------------------------------------------------------------------------------

  createOffer(options?: RTCOfferOptions): Promise<RTCSessionDescriptionInit>;
  createOffer(successCallback: LegacySuccess, failureCallback: LegacyFailure, options?: RTCOfferOptions): Promise<void>;
  createOffer(...args: unknown[]): Promise<RTCSessionDescriptionInit | void> {
    // WebIDL overloads by argument count: one argument (even a function) is the options of the promise form.
    if (args.length >= 2) {
      if (typeof args[0] !== 'function') return Promise.reject(new TypeError('RTCPeerConnection.createOffer: the success callback is not a function'));
      return legacy(() => this.createOffer(args[2] as RTCOfferOptions), args[0] as LegacySuccess, args[1]);
    }
    return rejectOnThrow(() => {
      const options = dictionary<RTCOfferOptions & { voiceActivityDetection?: boolean }>('RTCPeerConnection.createOffer: options', args[0]);
      const native = {
        iceRestart: Boolean(options.iceRestart),
        voiceActivityDetection: options.voiceActivityDetection === undefined ? true : Boolean(options.voiceActivityDetection),
        ...(options.offerToReceiveAudio !== undefined ? { offerToReceiveAudio: Number(Boolean(options.offerToReceiveAudio)) } : {}),
        ...(options.offerToReceiveVideo !== undefined ? { offerToReceiveVideo: Number(Boolean(options.offerToReceiveVideo)) } : {}),
      };
      return this.#chain(async () => {
        if (this.#signalingState !== 'stable' && this.#signalingState !== 'have-local-offer') {
          throw invalidState(`createOffer(): not possible in the signaling state '${this.#signalingState}'`);
        }
        let version = this.#stateVersion;
        let description = await this.#call(() => this.#native.createOffer(native));
        // webrtc-pc "final steps to create an offer": a connection modified meanwhile (addTrack() right after
        // createOffer()) is inspected again, so the offer describes it.
        for (let again = 0; again < 3 && version !== this.#stateVersion && !this.#closed; again++) {
          version = this.#stateVersion;
          description = await this.#call(() => this.#native.createOffer(native));
        }
        // The legacy offerToReceive* options add transceivers or change directions inside createOffer() (as in
        // Chrome): getTransceivers() shows them now, not only after setLocalDescription().
        if ('offerToReceiveAudio' in native || 'offerToReceiveVideo' in native) {
          for (const state of this.#native.transceivers()) this.#transceiverFor(state);
        }
        this.#lastCreatedOffer = this.#freshOffer = description.sdp;
        this.#freshOfferVersion = version;
        return { type: description.type, sdp: description.sdp };
      });
    });
  }

  createAnswer(options?: RTCAnswerOptions): Promise<RTCSessionDescriptionInit>;
  createAnswer(successCallback: LegacySuccess, failureCallback: LegacyFailure): Promise<void>;
  createAnswer(...args: unknown[]): Promise<RTCSessionDescriptionInit | void> {
    if (args.length >= 2) {
      if (typeof args[0] !== 'function') return Promise.reject(new TypeError('RTCPeerConnection.createAnswer: the success callback is not a function'));
      return legacy(() => this.createAnswer(), args[0] as LegacySuccess, args[1]);
    }
    return rejectOnThrow(() => {
      const options = dictionary<RTCAnswerOptions & { voiceActivityDetection?: boolean }>('RTCPeerConnection.createAnswer: options', args[0]);
      return this.#chain(async () => {
        if (this.#signalingState !== 'have-remote-offer' && this.#signalingState !== 'have-local-pranswer') {
          throw invalidState(`createAnswer() needs a remote offer; the signaling state is '${this.#signalingState}'`);
        }
        const answer = () =>
          this.#call(() => this.#native.createAnswer({ voiceActivityDetection: options.voiceActivityDetection === undefined ? true : Boolean(options.voiceActivityDetection) }));
        let version = this.#stateVersion;
        let description = await answer();
        // As for offers: a connection modified meanwhile is inspected again.
        for (let again = 0; again < 3 && version !== this.#stateVersion && !this.#closed; again++) {
          version = this.#stateVersion;
          description = await answer();
        }
        this.#lastCreatedAnswer = this.#freshAnswer = description.sdp;
        this.#freshAnswerVersion = version;
        return { type: description.type, sdp: description.sdp };
      });
    });
  }

  setLocalDescription(description?: RTCLocalSessionDescriptionInit): Promise<void>;
  setLocalDescription(description: RTCLocalSessionDescriptionInit, successCallback: () => void, failureCallback: LegacyFailure): Promise<void>;
  setLocalDescription(...args: unknown[]): Promise<void> {
    if (typeof args[1] === 'function') return legacy(() => this.setLocalDescription(args[0] as RTCSessionDescriptionInit), args[1] as () => void, args[2]);
    return rejectOnThrow(() => {
      const dict = dictionary<RTCLocalSessionDescriptionInit>('RTCPeerConnection.setLocalDescription: description', args[0]);
      const type = dict.type === undefined ? undefined : enumValue('RTCPeerConnection.setLocalDescription: type', dict.type, SDP_TYPES, 'RTCSdpType');
      const sdp = dict.sdp === undefined ? '' : domString('RTCPeerConnection.setLocalDescription: sdp', dict.sdp);
      return this.#chain(async () => {
        let request: { type: string; sdp: string } | undefined;
        if (type === 'rollback') {
          if (!ROLLBACK_STATES.has(this.#signalingState)) throw invalidState(`setLocalDescription(rollback): there is no offer to roll back; the signaling state is '${this.#signalingState}'`);
          request = { type, sdp: '' };
        } else if (sdp === '') {
          // Implicit: the last offer/answer this connection created, else a new one (libwebrtc makes it).
          const state = this.#signalingState;
          const implicitType = type ?? (state === 'have-remote-offer' || state === 'have-local-pranswer' ? 'answer' : 'offer');
          // A type the state does not allow fails as "set the session description" says, rather than letting
          // the engine apply whatever the state implies.
          if (!localTypeAllowed(implicitType, state)) throw invalidState(`setLocalDescription(${implicitType}): not possible in the signaling state '${state}'`);
          const last = implicitType === 'offer' ? this.#freshOffer : this.#freshAnswer;
          const lastVersion = implicitType === 'offer' ? this.#freshOfferVersion : this.#freshAnswerVersion;
          if (type !== undefined && last !== '' && lastVersion === this.#stateVersion) request = { type: implicitType, sdp: last };
          if (!request && implicitType === 'pranswer') {
            // The engine's own implicit description would be a final answer: a pranswer is a new answer's SDP
            // set as a pranswer (webrtc-pc: "the result of creating an answer").
            const answer = await this.#call(() => this.#native.createAnswer({ voiceActivityDetection: true }));
            this.#lastCreatedAnswer = answer.sdp;
            request = { type: 'pranswer', sdp: answer.sdp };
          }
        } else {
          const last = type === 'offer' ? this.#lastCreatedOffer : this.#lastCreatedAnswer;
          if (type === undefined) throw new TypeError("RTCPeerConnection.setLocalDescription: a description with sdp needs a 'type'");
          if (sdp !== last) {
            rejectUnacceptableMunging(type, sdp, last);
            rejectRtcpLikePayloadTypes(sdp, `setLocalDescription(${type})`);
          }
          // After the SDP checks, as in Chrome: a munged description fails as such whatever the state.
          if (!localTypeAllowed(type, this.#signalingState)) throw invalidState(`setLocalDescription(${type}): not possible in the signaling state '${this.#signalingState}'`);
          request = { type, sdp };
        }
        const snapshot = await this.#call(() => this.#native.setLocalDescription(request));
        this.#startUse();
        this.#applySnapshot(snapshot);
        this.#freshOffer = this.#freshAnswer = '';
      });
    });
  }

  setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void>;
  setRemoteDescription(description: RTCSessionDescriptionInit, successCallback: () => void, failureCallback: LegacyFailure): Promise<void>;
  setRemoteDescription(...args: unknown[]): Promise<void> {
    if (typeof args[1] === 'function') return legacy(() => this.setRemoteDescription(args[0] as RTCSessionDescriptionInit), args[1] as () => void, args[2]);
    return rejectOnThrow(() => {
      requireArguments('RTCPeerConnection.setRemoteDescription', args.length, 1);
      const dict = dictionary<RTCSessionDescriptionInit>('RTCPeerConnection.setRemoteDescription: description', args[0]);
      if (dict.type === undefined) throw new TypeError("RTCPeerConnection.setRemoteDescription: the description's 'type' is required");
      const type = enumValue('RTCPeerConnection.setRemoteDescription: type', dict.type, SDP_TYPES, 'RTCSdpType');
      const sdp = dict.sdp === undefined ? '' : domString('RTCPeerConnection.setRemoteDescription: sdp', dict.sdp);
      return this.#chain(async () => {
        // The state checks come before the SDP is parsed (webrtc-pc "set the session description").
        const state = this.#signalingState;
        if ((type === 'answer' || type === 'pranswer') && state !== 'have-local-offer' && state !== 'have-remote-pranswer') {
          throw invalidState(`setRemoteDescription(${type}): there is no local offer to answer; the signaling state is '${state}'`);
        }
        if (type === 'rollback' && !ROLLBACK_STATES.has(state)) {
          throw invalidState(`setRemoteDescription(rollback): there is no offer to roll back; the signaling state is '${state}'`);
        }
        if (type === 'offer' && (state === 'have-local-pranswer' || state === 'have-remote-pranswer')) {
          throw invalidState(`setRemoteDescription(offer): not possible in the signaling state '${state}'`);
        }
        if (type === 'offer' && state === 'have-local-offer') {
          // Implicit rollback (perfect negotiation): the local offer is undone first, visibly (stable), and
          // stays undone even if the remote offer then fails.
          this.#applySnapshot(await this.#call(() => this.#native.setLocalDescription({ type: 'rollback', sdp: '' })));
        }
        if (type !== 'rollback') {
          rejectDuplicateMsid(sdp);
          rejectRtcpLikePayloadTypes(sdp, `setRemoteDescription(${type})`);
        }
        this.#applyingRemote = true;
        try {
          const snapshot = await this.#call(() => this.#native.setRemoteDescription({ type, sdp }));
          this.#startUse();
          this.#freshOffer = this.#freshAnswer = '';
          this.#applySnapshot(snapshot);
        } finally {
          this.#applyingRemote = false;
          this.#firePendingTrackEvents();
        }
      });
    });
  }

  addIceCandidate(candidate?: RTCIceCandidateInit | null): Promise<void>;
  addIceCandidate(candidate: RTCIceCandidateInit, successCallback: () => void, failureCallback: LegacyFailure): Promise<void>;
  addIceCandidate(...args: unknown[]): Promise<void> {
    if (typeof args[1] === 'function') return legacy(() => this.addIceCandidate(args[0] as RTCIceCandidateInit), args[1] as () => void, args[2]);
    return rejectOnThrow(() => {
      const dict = dictionary<RTCIceCandidateInit>('RTCPeerConnection.addIceCandidate: candidate', args[0]);
      // DOMString candidate = "": null converts to "null" (WebIDL), which then fails to parse, as in Chrome.
      const candidate = dict.candidate === undefined ? '' : domString('RTCPeerConnection.addIceCandidate: candidate', dict.candidate);
      const sdpMid = dict.sdpMid === undefined || dict.sdpMid === null ? null : domString('RTCPeerConnection.addIceCandidate: sdpMid', dict.sdpMid);
      const sdpMLineIndex = dict.sdpMLineIndex === undefined || dict.sdpMLineIndex === null ? null : unsignedShort(dict.sdpMLineIndex, 'RTCPeerConnection.addIceCandidate: sdpMLineIndex');
      const usernameFragment =
        dict.usernameFragment === undefined || dict.usernameFragment === null ? null : domString('RTCPeerConnection.addIceCandidate: usernameFragment', dict.usernameFragment);
      if (candidate !== '' && sdpMid === null && sdpMLineIndex === null) {
        throw new TypeError('RTCPeerConnection.addIceCandidate: sdpMid and sdpMLineIndex are both null; one is required');
      }
      return this.#chain(async () => {
        if (this.remoteDescription === null) throw invalidState('addIceCandidate(): there is no remote description yet; set it first');
        if (candidate === '' && sdpMid === null && sdpMLineIndex === null) {
          // End-of-candidates for every m-section of the current ICE generation.
          const generations = iceGenerations(this.remoteDescription.sdp);
          if (usernameFragment !== null && !generations.some((g) => g.ufrag === usernameFragment)) {
            throw operationError(`addIceCandidate(): usernameFragment '${usernameFragment}' does not match the remote description`);
          }
          for (const { mid, ufrag } of generations) if (mid && (usernameFragment === null || ufrag === usernameFragment)) this.#endedCandidates.set(mid, ufrag);
          this.#applyRemote({});
          return;
        }
        const remote = await this.#call(() => this.#native.addIceCandidate({ candidate, sdpMid, sdpMLineIndex, usernameFragment }));
        if (candidate === '') {
          // End-of-candidates for one m-section (the engine checked that it exists and the ufrag matches).
          const generations = iceGenerations(this.remoteDescription!.sdp);
          const generation = sdpMid !== null ? generations.find((g) => g.mid === sdpMid) : generations[sdpMLineIndex!];
          if (generation?.mid) this.#endedCandidates.set(generation.mid, generation.ufrag);
        }
        // libwebrtc adds the candidate to its remote description; remoteDescription shows it (webrtc-pc).
        this.#applyRemote(remote ?? {});
      });
    });
  }

  restartIce(): void {
    if (this.#closed) return;
    // webrtc-pc: the credentials to replace are those of the local descriptions; before the first one there
    // are none, and nothing to negotiate for it. (This engine would fire negotiationneeded regardless.)
    if (this.localDescription === null) return;
    this.#native.restartIce();
    this.#negotiationInputChanged();
  }

  // --- configuration ----------------------------------------------------------------------------------------

  getConfiguration(): NodeRTCConfiguration {
    return toPublic(this.#configuration);
  }

  setConfiguration(configuration: NodeRTCConfiguration = {}): void {
    const where = 'RTCPeerConnection.setConfiguration: configuration';
    // WebIDL converts the argument first (TypeError), then the method's steps run in the spec's order.
    const next = convertConfiguration(where, configuration, false);
    if (this.#closed) throw invalidState('setConfiguration(): the RTCPeerConnection is closed');
    // No expiry check here: that is the constructor's; a long call's expired certificate is still its own.
    const current = this.#configuration;
    const given = dictionary<RTCConfiguration>('RTCPeerConnection.setConfiguration', configuration);
    if (given.certificates !== undefined && !sameList(next.certificates, current.certificates)) {
      throw invalidModification('setConfiguration(): certificates cannot be changed');
    }
    next.certificates = current.certificates;
    if (next.bundlePolicy !== current.bundlePolicy) throw invalidModification('setConfiguration(): bundlePolicy cannot be changed');
    if (next.rtcpMuxPolicy !== current.rtcpMuxPolicy) throw invalidModification('setConfiguration(): rtcpMuxPolicy cannot be changed');
    if (next.iceCandidatePoolSize !== current.iceCandidatePoolSize && this.localDescription !== null) {
      throw invalidModification('setConfiguration(): iceCandidatePoolSize cannot be changed after setLocalDescription()');
    }
    // The nonstandard members are fixed for the connection's life; absent means "as created", so that browser
    // code (a TURN credential refresh passing only iceServers) works unchanged.
    const givenNode = given as NodeRTCConfiguration;
    if (givenNode.iceAllowLoopback === undefined) next.iceAllowLoopback = current.iceAllowLoopback;
    if (givenNode.iceInterfaces === undefined) next.iceInterfaces = current.iceInterfaces;
    if (givenNode.portRange === undefined) next.portRange = current.portRange;
    if (next.iceAllowLoopback !== current.iceAllowLoopback || !sameList(next.iceInterfaces, current.iceInterfaces) || JSON.stringify(next.portRange) !== JSON.stringify(current.portRange)) {
      throw invalidModification('setConfiguration(): iceAllowLoopback, iceInterfaces and portRange cannot be changed');
    }
    validateIceServers(where, next);
    this.#native.setConfiguration(toNative(next));
    this.#configuration = next;
    this.#negotiationInputChanged(); // ICE servers or transport policy: candidates an offer would carry
  }

  // --- data channels ----------------------------------------------------------------------------------------

  createDataChannel(label: string, dataChannelDict?: RTCDataChannelInit): RTCDataChannel {
    requireArguments('RTCPeerConnection.createDataChannel', arguments.length, 1);
    const channel = createDataChannel(this.#native, label, dataChannelDict, () => this.#sctp, () => this.#closed);
    this.#negotiationInputChanged();
    return channel;
  }

  // --- media ------------------------------------------------------------------------------------------------

  // Parameters take lib.dom's interfaces, so objects typed by browser code pass (checked at run time).
  addTrack(track: globalThis.MediaStreamTrack, ...streams: globalThis.MediaStream[]): RTCRtpSender {
    requireArguments('RTCPeerConnection.addTrack', arguments.length, 1);
    if (!isTrack(track)) throw typeError('RTCPeerConnection.addTrack', 'a MediaStreamTrack', track);
    for (const stream of streams) if (!(stream instanceof MediaStream)) throw typeError('RTCPeerConnection.addTrack', 'MediaStreams', stream);
    if (this.#closed) throw invalidState('addTrack(): the RTCPeerConnection is closed');
    if (this.getSenders().some((sender) => sender.track === track)) throw invalidAccess('addTrack(): the track already has a sender on this connection');
    const state = this.#native.addTrack(nativeOfTrack(track), [...new Set(streams.map((stream) => stream.id))]);
    this.#negotiationInputChanged();
    const transceiver = this.#transceiverFor(state);
    senderInternals.setTrack(transceiver.sender, track);
    return transceiver.sender;
  }

  removeTrack(sender: globalThis.RTCRtpSender): void {
    requireArguments('RTCPeerConnection.removeTrack', arguments.length, 1);
    if (!(sender instanceof RTCRtpSender)) throw typeError('RTCPeerConnection.removeTrack', 'an RTCRtpSender', sender);
    if (this.#closed) throw invalidState('removeTrack(): the RTCPeerConnection is closed');
    if (!this.#createdSenders.has(sender)) throw invalidAccess('removeTrack(): the sender does not belong to this connection');
    // webrtc-pc: a sender whose transceiver is stopping, or was removed (by a rollback or a negotiation that
    // ended its stop), is left as it is.
    const transceiver = this.#transceivers.find((t) => t.sender === sender);
    if (!transceiver || sender.track === null || transceiverInternals.stoppingOrStopped(transceiver)) return;
    this.#native.removeTrack(senderInternals.native(sender));
    this.#negotiationInputChanged();
    senderInternals.clearTrack(sender);
    this.#refreshTransceivers();
  }

  addTransceiver(trackOrKind: globalThis.MediaStreamTrack | string, init?: RTCRtpTransceiverInit): RTCRtpTransceiver {
    requireArguments('RTCPeerConnection.addTransceiver', arguments.length, 1);
    let track: MediaStreamTrack | null = null;
    let kind: 'audio' | 'video';
    if (isTrack(trackOrKind)) {
      track = trackOrKind;
      kind = track.kind as 'audio' | 'video';
    } else {
      const text = domString('RTCPeerConnection.addTransceiver', trackOrKind);
      if (text !== 'audio' && text !== 'video') throw new TypeError(`RTCPeerConnection.addTransceiver: '${text}' is not 'audio', 'video' or a MediaStreamTrack`);
      kind = text;
    }
    const dict = dictionary<RTCRtpTransceiverInit>('RTCPeerConnection.addTransceiver: init', init);
    const direction = dict.direction === undefined ? 'sendrecv' : enumValue('RTCPeerConnection.addTransceiver: direction', dict.direction, ['sendrecv', 'sendonly', 'recvonly', 'inactive'], 'RTCRtpTransceiverDirection');
    const streams = dict.streams === undefined ? [] : sequence('RTCPeerConnection.addTransceiver: streams', dict.streams, (stream) => {
      if (!(stream instanceof MediaStream)) throw typeError('RTCPeerConnection.addTransceiver: streams', 'MediaStreams', stream);
      return stream.id;
    });
    const sendEncodings = dict.sendEncodings === undefined ? [] : sequence('RTCPeerConnection.addTransceiver: sendEncodings', dict.sendEncodings, (value) =>
      convertEncoding('RTCPeerConnection.addTransceiver: sendEncodings[]', value),
    );
    // webrtc-pc: the closed check comes before the sendEncodings processing steps.
    if (this.#closed) throw invalidState('addTransceiver(): the RTCPeerConnection is closed');
    checkSendEncodings(sendEncodings, kind);
    const state = this.#native.addTransceiver(track ? nativeOfTrack(track) : kind, { direction, streams: [...new Set(streams)], sendEncodings });
    this.#negotiationInputChanged();
    const transceiver = this.#transceiverFor(state);
    senderInternals.addedWith(transceiver.sender, sendEncodings);
    if (track) senderInternals.setTrack(transceiver.sender, track);
    return transceiver;
  }

  getSenders(): RTCRtpSender[] {
    // webrtc-pc CollectSenders: every transceiver whose [[Stopped]] is false (a stopping one still counts).
    return this.#transceivers.filter((t) => !transceiverInternals.stopped(t)).map((t) => t.sender);
  }
  getReceivers(): RTCRtpReceiver[] {
    return this.#transceivers.filter((t) => !transceiverInternals.stopped(t)).map((t) => t.receiver);
  }
  getTransceivers(): RTCRtpTransceiver[] {
    return [...this.#transceivers];
  }

  // --- stats ------------------------------------------------------------------------------------------------

  getStats(selector?: globalThis.MediaStreamTrack | null): Promise<RTCStatsReport> {
    return rejectOnThrow(async () => {
      if (selector !== undefined && selector !== null && !isTrack(selector)) throw typeError('RTCPeerConnection.getStats: selector', 'a MediaStreamTrack or null', selector);
      if (!selector) return this.#stats();
      // The spec: exactly one sender or receiver must carry the track.
      // All transceivers, stopped ones too: after close() every one is stopped and a track's stats still exist.
      const senders = this.#transceivers.map((t) => t.sender).filter((sender) => sender.track === selector);
      const receivers = this.#transceivers.map((t) => t.receiver).filter((receiver) => receiver.track === selector);
      if (senders.length + receivers.length !== 1) {
        throw invalidAccess(`getStats(): the selector track has ${senders.length + receivers.length} senders and receivers on this connection; it needs exactly one`);
      }
      // The sender's or receiver's own selection: it also covers a sender whose track has ended.
      return senders.length ? senders[0].getStats() : receivers[0].getStats();
    });
  }

  // webrtc-pc has no closed check for stats: they stay readable after close(), and one pending at close()
  // still resolves (unlike the signaling operations).
  async #stats(selector?: NativeRtpSender | NativeRtpReceiver): Promise<RTCStatsReport> {
    this.#statsPending++;
    this.#updateLoopHold();
    try {
      return statsReportFromJson(await this.#native.getStats(selector));
    } finally {
      this.#statsPending--;
      this.#updateLoopHold();
    }
  }

  // --- close ------------------------------------------------------------------------------------------------

  close(): void {
    if (this.#closed) return;
    // Read now: senders and receivers keep their transports after close, closed.
    const transports = new Set(this.#transceivers.flatMap((t) => [t.sender.transport, t.receiver.transport]).filter((t) => t !== null));
    this.#closed = true;
    this.#signalingState = 'closed';
    closeChannelsOf(this.#native);
    this.#native.close();
    this.#iceConnectionState = 'closed';
    this.#connectionState = 'closed';
    if (this.#sctp) closeSctpTransportByConnection(this.#sctp);
    for (const transport of transports) closeDtlsTransportByConnection(transport);
    for (const transceiver of this.#transceivers) {
      markStopped(transceiver, transceiver.mid);
      setReceiving(transceiver.receiver, false);
      endTrackQuietly(transceiver.receiver.track);
    }
    this.#updateLoopHold(); // released, unless stats are still being gathered
    inUse.delete(this);
  }

  // --- internals ------------------------------------------------------------------------------------------

  /** Runs `operation` after the ones before it (webrtc-pc "chain an operation"); never settles once closed. */
  #chain<T>(operation: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(invalidState('The RTCPeerConnection is closed'));
    return new Promise<T>((resolve, reject) => {
      const run = () => {
        let result: Promise<T>;
        try {
          result = operation();
        } catch (error) {
          result = Promise.reject(error);
        }
        result.then(
          (value) => this.#settle(() => resolve(value)),
          (error) => this.#settle(() => reject(error)),
        );
      };
      this.#operations.push(run);
      if (this.#operations.length === 1) run();
    });
  }

  #settle(settle: () => void): void {
    if (this.#closed) return;
    settle();
    this.#operations.shift();
    if (this.#operations.length > 0) {
      this.#operations[0]();
    } else if (this.#negotiationNeededId !== null) {
      const id = this.#negotiationNeededId;
      this.#negotiationNeededId = null;
      setImmediate(() => this.#fireNegotiationNeeded(id));
    }
  }

  /** A native call keeps the event loop alive until it settles: `await pc.createOffer()` must not exit. */
  async #call<T>(start: () => Promise<T>): Promise<T> {
    if (this.#closed) throw invalidState('The RTCPeerConnection is closed');
    this.#pendingNative++;
    this.#updateLoopHold();
    let result: T;
    try {
      result = await start();
    } finally {
      this.#pendingNative--;
      this.#updateLoopHold();
    }
    // Closed meanwhile: the operation's result must not be applied (no state change, no event, never settles).
    if (this.#closed) return new Promise<T>(() => {});
    return result;
  }

  #startUse(): void {
    if (this.#started || this.#closed) return;
    this.#started = true;
    inUse.add(this);
    this.#updateLoopHold();
  }

  #updateLoopHold(): void {
    const awaitingEvent = this.#negotiationNeededAwaited > this.#negotiationNeededArrived;
    this.#native.holdLoop((!this.#closed && (this.#started || this.#pendingNative > 0 || awaitingEvent)) || this.#statsPending > 0);
  }

  /**
   * A change an offer would describe (webrtc-pc's "update the negotiation-needed flag" callers). libwebrtc
   * generates negotiationneeded inside the call; until it arrives the loop is held, so that code driven only by
   * onnegotiationneeded (createDataChannel(), then await 'open') does not exit before its handler runs.
   */
  #negotiationInputChanged(): void {
    this.#stateVersion++;
    const generated = this.#native.lastNegotiationNeeded();
    if (generated > this.#negotiationNeededArrived && generated !== this.#negotiationNeededAwaited) {
      this.#negotiationNeededAwaited = generated;
      this.#updateLoopHold();
    }
  }

  #applySnapshot(snapshot: NativeSnapshot): void {
    this.#currentLocal = keep(this.#currentLocal, snapshot.currentLocalDescription);
    this.#pendingLocal = keep(this.#pendingLocal, snapshot.pendingLocalDescription);
    this.#applyRemote(snapshot);
    if (snapshot.hasSctp) {
      // Taken from every snapshot: with BUNDLE the answer moves the data m-line onto the first m-line's
      // transport, and the SCTP transport created for the offer closes.
      const native = snapshot.sctpTransport;
      if (native) this.#sctp = sctpTransportOf(native, this.#internals);
      const remote = this.remoteDescription;
      if (this.#sctp && remote) updateMaxMessageSize(this.#sctp, remote.sdp);
    }
    if (snapshot.hasSctp === false) this.#sctp = null;
    // webrtc-pc orders the events of a description: signalingstatechange, then mute, removetrack, addtrack
    // and track. The transceivers' state is mirrored first; their stream and track events wait.
    this.#deferStreamEvents = true;
    try {
      if (snapshot.transceivers) this.#applyTransceivers(snapshot.transceivers, false);
    } finally {
      this.#deferStreamEvents = false;
    }
    // The description may have made or dropped transports (BUNDLE).
    this.#transportsChanged = true;
    if (this.#followsTransports) queueMicrotask(() => this.#followTransports());
    // Encoded transforms name each frame's codec: the payload types may have changed.
    for (const transceiver of this.#transceivers) {
      const { sender, receiver } = transceiver;
      if (sender.transform) senderInternals.native(sender).setPayloadTypes(this.#payloadTypes(senderInternals.native(sender)));
      if (receiver.transform) receiverInternals.native(receiver).setPayloadTypes(this.#payloadTypes(receiverInternals.native(receiver)));
    }
    if (snapshot.signalingState !== this.#signalingState) {
      this.#signalingState = snapshot.signalingState;
      this.dispatchEvent(trusted(new Event('signalingstatechange')));
    }
    for (const work of [...this.#deferredMutes.splice(0), ...this.#deferredStreamEvents.splice(0)]) work();
    if (!this.#applyingRemote) this.#firePendingTrackEvents(); // setRemoteDescription() fires its own after it resolves
  }

  /**
   * A sender's or receiver's codecs by payload type, from its m-section: a sender sends the payload types
   * the remote description gives, a receiver gets those of the local one (the other until both exist).
   */
  #payloadTypes(of: NativeRtpSender | NativeRtpReceiver): [number, string][] {
    const transceiver = this.#transceivers.find((t) => senderInternals.native(t.sender) === of || receiverInternals.native(t.receiver) === of);
    if (!transceiver) return [];
    const local = this.localDescription?.sdp;
    const remote = this.remoteDescription?.sdp;
    const [first, second] = senderInternals.native(transceiver.sender) === of ? [remote, local] : [local, remote];
    const found = payloadTypes(first, transceiver.mid);
    return found.length > 0 ? found : payloadTypes(second, transceiver.mid);
  }

  /** The transceiver for a native state: the same object every time (identity). */
  #transceiverFor(state: NativeTransceiverState, fresh = true): RTCRtpTransceiver {
    let transceiver = this.#transceiverByNative.get(state.transceiver);
    if (transceiver) {
      transceiverInternals.update(transceiver, state, fresh);
      return transceiver;
    }
    const sender = new RTCRtpSender(illegalConstructor, state.transceiver.sender(), this.#internals, state.kind);
    const receiver = new RTCRtpReceiver(illegalConstructor, state.transceiver.receiver(), this.#internals);
    transceiver = new RTCRtpTransceiver(illegalConstructor, state.transceiver, this.#internals, sender, receiver, state);
    this.#transceiverByNative.set(state.transceiver, transceiver);
    this.#createdSenders.add(sender);
    this.#transceivers.push(transceiver);
    return transceiver;
  }

  #refreshTransceivers(): void {
    if (!this.#closed) this.#applyTransceivers(this.#native.transceivers(), true);
  }

  /** The transports the connection uses now: its transceivers' and the SCTP transport's. */
  #collectTransports(): void {
    const dtlsTransports = new Set<RTCDtlsTransport>();
    const add = (dtls: () => RTCDtlsTransport | null) => {
      const transport = dtls();
      if (transport && transport.state !== 'closed') dtlsTransports.add(transport);
    };
    for (const transceiver of this.#transceivers) {
      if (transceiver.mid !== null && !transceiverInternals.stoppingOrStopped(transceiver)) add(() => transceiver.sender.transport);
    }
    if (this.#sctp) add(() => this.#sctp!.transport);
    this.#dtlsTransportsInUse = [];
    this.#iceTransportsInUse = [];
    for (const transport of dtlsTransports) {
      try {
        this.#iceTransportsInUse.push(transport.iceTransport);
        this.#dtlsTransportsInUse.push(transport);
      } catch {
        // closed before it had an ICE transport: not one the connection uses
      }
    }
  }

  #followTransports(): void {
    this.#aggregateStates();
    this.#announceStates();
  }

  /** Brings iceConnectionState and connectionState up to date with the transports (webrtc-pc's aggregates). */
  #aggregateStates(): void {
    if (this.#closed) return;
    if (this.#transportsChanged) {
      this.#collectTransports();
      this.#transportsChanged = false; // after: collecting makes the transports' wrappers
    }
    const ice = this.#iceTransportsInUse.map((transport) => transport.state);
    const dtls = this.#dtlsTransportsInUse.map((transport) => transport.state);
    const all = <T,>(states: T[], ...wanted: T[]) => states.every((state) => wanted.includes(state));
    const any = <T,>(states: T[], ...wanted: T[]) => states.some((state) => wanted.includes(state));
    this.#iceConnectionState = any(ice, 'failed')
      ? 'failed'
      : any(ice, 'disconnected')
        ? 'disconnected'
        : all(ice, 'new', 'closed')
          ? 'new'
          : any(ice, 'new', 'checking')
            ? 'checking'
            : all(ice, 'completed', 'closed')
              ? 'completed'
              : // This engine's transports never say 'completed'; libwebrtc's aggregate does once a controlling
                // agent's checks and gathering are done (as in Chrome): shown once all transports are connected.
                this.#engineIceState === 'completed'
                ? 'completed'
                : 'connected';
    this.#connectionState = any(ice, 'failed') || any(dtls, 'failed')
      ? 'failed'
      : any(ice, 'disconnected')
        ? 'disconnected'
        : all(ice, 'new', 'closed') && all(dtls, 'new', 'closed')
          ? 'new'
          : any(ice, 'new', 'checking') || any(dtls, 'new', 'connecting')
            ? 'connecting'
            : 'connected';
  }

  /**
   * Fires iceconnectionstatechange, then connectionstatechange, for states that moved since their last event
   * (iceConnectionState as libwebrtc orders it: never skipping 'connected').
   */
  #announceStates(): void {
    const ice = this.#iceConnectionState;
    if (!this.#closed && ice !== this.#announcedIceState) {
      if (this.#announcedIceState === 'checking' && ice === 'completed') {
        this.#iceConnectionState = this.#announcedIceState = 'connected';
        this.dispatchEvent(trusted(new Event('iceconnectionstatechange')));
        if (this.#iceConnectionState === 'connected') this.#iceConnectionState = ice;
      }
      if (!this.#closed && this.#iceConnectionState === ice) {
        this.#announcedIceState = ice;
        this.dispatchEvent(trusted(new Event('iceconnectionstatechange')));
      }
    }
    const connection = this.#connectionState;
    if (!this.#closed && connection !== this.#announcedConnectionState) {
      this.#announcedConnectionState = connection;
      this.dispatchEvent(trusted(new Event('connectionstatechange')));
    }
  }

  /** Mirrors libwebrtc's transceivers after a description was applied (webrtc-pc "set the description"). */
  #applyTransceivers(states: NativeTransceiverState[], fresh: boolean): void {
    const present = new Set<RTCRtpTransceiver>();
    for (const state of states) {
      const transceiver = this.#transceiverFor(state, fresh);
      present.add(transceiver);
      // webrtc-pc: when [[FiredDirection]] loses recv (a remote offer or answer that stops sending, or a
      // local answer that stops receiving), the track is muted and leaves its remote streams. A stopped
      // transceiver (an m-section the remote offer rejected) receives nothing, whatever its direction.
      if (state.firedDirection !== undefined) {
        const receiving = isReceiving(state.firedDirection) && !state.stopped;
        const wasReceiving = this.#lastReceiving.get(transceiver) ?? false;
        this.#lastReceiving.set(transceiver, receiving);
        if (wasReceiving && !receiving) {
          this.#removeRemoteTrack(transceiver.receiver);
          this.#associatedStreams.delete(transceiver);
        }
      }
      this.#updateAssociatedStreams(transceiver, state);
    }
    // Transceivers libwebrtc dropped (stopped and negotiated away, or removed by a rollback) leave the set,
    // stopped and disassociated (webrtc-pc: [[Stopped]], currentDirection 'stopped', mid null).
    for (const transceiver of this.#transceivers) {
      if (present.has(transceiver)) continue;
      markStopped(transceiver, null);
      this.#removeRemoteTrack(transceiver.receiver);
      this.#associatedStreams.delete(transceiver);
    }
    this.#transceivers = this.#transceivers.filter((transceiver) => present.has(transceiver));
  }

  /**
   * webrtc-pc "set the associated remote streams" for a receiver that already had its track event: when a
   * remote description changes its a=msid (setStreams() on the other side, or a rollback), the track
   * leaves the old streams and, if it joined a new one, a track event announces it again. libwebrtc
   * fires OnTrack only when a receiver starts receiving, so the change is found here.
   */
  #updateAssociatedStreams(transceiver: RTCRtpTransceiver, state: NativeTransceiverState): void {
    const previous = this.#associatedStreams.get(transceiver);
    const next = state.remoteStreamIds && distinct(state.remoteStreamIds);
    if (!previous || !next || sameList(previous, next)) return;
    if (next.some((id) => !previous.includes(id))) {
      this.#announceTrack(state, next);
      return;
    }
    this.#leaveStreams(transceiver, next);
    this.#associatedStreams.set(transceiver, [...next]);
  }

  /**
   * A track event for a receiver, fired now or after the setRemoteDescription() applying it. libwebrtc's
   * OnTrack and a stream change seen in #updateAssociatedStreams can describe the same thing (a rollback
   * re-enabling a receiver): one event per change, so one already announced or queued is not repeated.
   */
  #announceTrack(state: NativeTransceiverState, streamIds: string[]): void {
    const transceiver = this.#transceiverByNative.get(state.transceiver);
    if (transceiver) {
      const target = this.#queuedAssociation.get(transceiver) ?? this.#associatedStreams.get(transceiver);
      if (target && sameList(target, streamIds)) return;
      this.#queuedAssociation.set(transceiver, [...streamIds]);
    }
    if (this.#applyingRemote || this.#deferStreamEvents) this.#pendingTrackEvents.push([state, streamIds]);
    else this.#fireTrack(state, streamIds);
  }

  /** Takes the receiver's track out of the remote streams it was announced with but `keep` does not list. */
  #leaveStreams(transceiver: RTCRtpTransceiver, keep: string[]): void {
    const leaving = (this.#associatedStreams.get(transceiver) ?? []).filter((id) => !keep.includes(id));
    const track = transceiver.receiver.track;
    this.#streamEvent(() => {
      for (const id of leaving) {
        const stream = this.#remoteStreams.get(id);
        if (stream) removeRemoteTrack(stream, track);
      }
    });
  }

  /** webrtc-pc "process the removal of a remote track": muted, out of its remote streams (removetrack). */
  #removeRemoteTrack(receiver: RTCRtpReceiver): void {
    const track = receiver.track;
    setReceiving(receiver, false);
    this.#streamEvent(() => setTrackMuted(track, true), true);
    this.#streamEvent(() => {
      for (const stream of this.#remoteStreams.values()) if (stream.getTrackById(track.id) === track) removeRemoteTrack(stream, track);
    });
  }

  /** Runs now, or after the signalingstatechange of the description being applied (mutes before the rest). */
  #streamEvent(work: () => void, mute = false): void {
    if (!this.#deferStreamEvents) work();
    else (mute ? this.#deferredMutes : this.#deferredStreamEvents).push(work);
  }

  #firePendingTrackEvents(): void {
    const pending = this.#pendingTrackEvents;
    this.#pendingTrackEvents = [];
    this.#fireTracks(pending);
  }

  #fireTrack(state: NativeTransceiverState, streamIds: string[]): void {
    this.#fireTracks([[state, streamIds]]);
  }

  /**
   * webrtc-pc "set the RTCSessionDescription": every track joins its streams before the first track event,
   * so a stream announced with audio and video holds both in either event.
   */
  #fireTracks(announced: [NativeTransceiverState, string[]][]): void {
    if (this.#closed) return;
    const events = announced.map(([state, streamIds]) => {
      // The state was captured when the description was applied; handlers may have changed the transceiver
      // since (stop(), direction), so an existing one is not updated from it.
      const transceiver = this.#transceiverByNative.get(state.transceiver) ?? this.#transceiverFor(state);
      this.#queuedAssociation.delete(transceiver);
      const track = transceiver.receiver.track;
      const streams = streamIds.map((id) => this.#remoteStreams.getOrCreate(id));
      this.#leaveStreams(transceiver, streamIds);
      for (const stream of streams) addRemoteTrack(stream, track);
      this.#associatedStreams.set(transceiver, [...streamIds]);
      setReceiving(transceiver.receiver, true); // added (again, perhaps): unmutes when media arrives
      return new RTCTrackEvent('track', {
        receiver: transceiver.receiver as unknown as globalThis.RTCRtpReceiver,
        track: track as unknown as globalThis.MediaStreamTrack,
        streams: streams as unknown as globalThis.MediaStream[],
        transceiver: transceiver as unknown as globalThis.RTCRtpTransceiver,
      });
    });
    for (const event of events) {
      if (this.#closed) return;
      this.dispatchEvent(trusted(event));
    }
  }

  #fireNegotiationNeeded(id: number): void {
    if (this.#closed) return;
    if (this.#operations.length > 0) {
      this.#negotiationNeededId = id;
      return;
    }
    if (this.#native.shouldFireNegotiationNeeded(id)) this.dispatchEvent(trusted(new Event('negotiationneeded')));
  }

  #onNativeEvent(event: NativePeerConnectionEvent): void {
    if (this.#closed) return;
    switch (event[0]) {
      case 'negotiationneeded':
        this.#negotiationNeededArrived = Math.max(this.#negotiationNeededArrived, event[1]);
        this.#fireNegotiationNeeded(event[1]);
        this.#updateLoopHold();
        break;
      case 'icegatheringstatechange': {
        const [, state, local] = event;
        if (local) this.#applyLocal(local);
        // The transports' events come first; listeners of closed or collected transports drop out (a
        // transport made by an event handler meanwhile registers into the fresh list).
        const listeners = this.#gatheringListeners;
        this.#gatheringListeners = [];
        const kept = listeners.filter((listener) => listener(state));
        this.#gatheringListeners = [...kept, ...this.#gatheringListeners];
        if (state === this.#iceGatheringState) break;
        this.#iceGatheringState = state;
        this.dispatchEvent(trusted(new Event('icegatheringstatechange')));
        if (state === 'complete' && !this.#closed) this.dispatchEvent(trusted(new RTCPeerConnectionIceEvent('icecandidate', { candidate: null })));
        break;
      }
      case 'icecandidate': {
        const [, init, local] = event;
        if (local) this.#applyLocal(local);
        const candidate = engineCandidate(init, { url: init.url || undefined });
        if (init.url) this.#gatheredUrls.set(candidateKey(candidate), init.url);
        this.dispatchEvent(trusted(new RTCPeerConnectionIceEvent('icecandidate', { candidate, url: init.url || null })));
        break;
      }
      case 'icecandidateerror':
        this.dispatchEvent(trusted(new RTCPeerConnectionIceErrorEvent('icecandidateerror', event[1])));
        break;
      case 'iceconnectionstatechange':
        // Following the transports, libwebrtc's event only says that their set or states changed.
        this.#engineIceState = event[1];
        if (this.#followsTransports) this.#aggregateStates();
        else this.#iceConnectionState = event[1];
        this.#announceStates();
        break;
      case 'connectionstatechange':
        if (this.#followsTransports) this.#aggregateStates();
        else this.#connectionState = event[1];
        this.#announceStates();
        break;
      case 'track':
        this.#announceTrack(event[1], distinct(event[2]));
        break;
      case 'datachannel': {
        const channel = adoptRemoteChannel(this.#native, event[1], () => this.#sctp);
        this.dispatchEvent(trusted(new RTCDataChannelEvent('datachannel', { channel })));
        announceRemoteChannelOpen(channel);
        break;
      }
    }
  }

  /** The remote description as it stands now (libwebrtc adds the candidates given to addIceCandidate()). */
  #applyRemote(snapshot: Partial<Pick<NativeSnapshot, 'currentRemoteDescription' | 'pendingRemoteDescription'>>): void {
    const ended = (description: NativeDescription | null): NativeDescription | null =>
      description && this.#endedCandidates.size > 0 ? { type: description.type, sdp: withEndOfCandidates(description.sdp, this.#endedCandidates) } : description;
    const current = snapshot.currentRemoteDescription !== undefined ? snapshot.currentRemoteDescription : this.#currentRemote;
    const pending = snapshot.pendingRemoteDescription !== undefined ? snapshot.pendingRemoteDescription : this.#pendingRemote;
    this.#currentRemote = keep(this.#currentRemote, ended(current));
    this.#pendingRemote = keep(this.#pendingRemote, ended(pending));
  }

  /** The local description as it stands now (libwebrtc adds gathered candidates to it). */
  #applyLocal(snapshot: NativeSnapshot): void {
    this.#currentLocal = keep(this.#currentLocal, snapshot.currentLocalDescription);
    this.#pendingLocal = keep(this.#pendingLocal, snapshot.pendingLocalDescription);
  }
}

defineEventHandlers(RTCPeerConnection, [
  'negotiationneeded',
  'signalingstatechange',
  'icegatheringstatechange',
  'icecandidate',
  'icecandidateerror',
  'iceconnectionstatechange',
  'connectionstatechange',
  'datachannel',
  'track',
]);
setLengths(RTCPeerConnection, { '': 0, setRemoteDescription: 1, createDataChannel: 1, getStats: 0, addTransceiver: 1 });

/** The ids once each: an m-section may repeat an a=msid line (one stream, as in Chrome). */
function distinct(ids: string[]): string[] {
  return [...new Set(ids)];
}

/** Whether setLocalDescription() of this type is possible in this signaling state (JSEP 5.5). */
function localTypeAllowed(type: 'offer' | 'answer' | 'pranswer', state: RTCSignalingState): boolean {
  return type === 'offer' ? state === 'stable' || state === 'have-local-offer' : state === 'have-remote-offer' || state === 'have-local-pranswer';
}

/**
 * A local description that differs from the one created ("SDP munging": stereo Opus, a codec's fmtp, b=AS…)
 * is applied as Chrome applies it, although webrtc-pc refuses every change: browser code and libraries such as
 * mediasoup-client depend on it. Refused, as Chrome refuses them: a DTLS fingerprint that is not the one
 * created (or an SDP when none was created), a changed number of m-sections, one SSRC in two m-sections; and
 * a cname RTCP cannot carry, which this engine would crash on. The engine validates the rest.
 */
function rejectUnacceptableMunging(type: 'offer' | 'answer' | 'pranswer', sdp: string, created: string): void {
  const method = `create${type === 'offer' ? 'Offer' : 'Answer'}()`;
  const fingerprint = (text: string) => /^a=fingerprint:(.*?)\r?$/m.exec(text)?.[1].trim();
  const given = fingerprint(sdp);
  if (given !== undefined && created === '') {
    throw invalidModification(`setLocalDescription(): this connection has created no ${type === 'offer' ? 'offer' : 'answer'} (${method}) that the ${type}'s SDP could be`);
  }
  if (given !== undefined && given !== fingerprint(created)) {
    throw invalidModification(`setLocalDescription(): the ${type}'s SDP does not match the one this connection last created with ${method} (its DTLS fingerprint differs)`);
  }
  const sections = (text: string) => text.match(/^m=/gm)?.length ?? 0;
  if (created !== '' && sections(sdp) !== sections(created)) {
    throw invalidModification(`setLocalDescription(): the ${type}'s SDP is modified in a way that is not accepted: it has ${sections(sdp)} m-sections, the one created with ${method} has ${sections(created)}`);
  }
  // Two local m-sections sending with one SSRC: Chrome refuses it; this engine accepts it and its packet
  // router later crashes the process when one of those streams stops. Nor may a cname exceed RTCP's limit.
  const owner = new Map<string, number>();
  let section = -1;
  for (const line of sdp.split(/\r?\n/)) {
    if (line.startsWith('m=')) section++;
    const ssrc = /^a=ssrc:(\d+)/.exec(line)?.[1];
    if (ssrc === undefined) continue;
    // RTCP's SDES item holds at most 255 bytes: the engine's video RTCP sender aborts on a longer cname.
    const cname = /^a=ssrc:\d+ cname:(.*)$/.exec(line)?.[1];
    if (cname !== undefined && Buffer.byteLength(cname) > 255) throw operationError(`Failed to set local ${type} sdp: the cname of ssrc ${ssrc} is longer than 255 bytes`);
    if ((owner.get(ssrc) ?? section) !== section) throw operationError(`Failed to set local ${type} sdp: Duplicate ssrc ${ssrc} is not allowed`);
    owner.set(ssrc, section);
  }
}

/**
 * RFC 8830: one a=msid (stream and track id) in two m-sections is illegal; Chrome's parser refuses it, this
 * engine's (2022) predates that check and would make two receivers of one remote track.
 */
function rejectDuplicateMsid(sdp: string): void {
  const seen = new Set<string>();
  const lines = sdp.split(/\r?\n/);
  let section: Set<string> | null = null;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.startsWith('m=')) {
      for (const msid of section ?? []) seen.add(msid);
      section = new Set();
    } else if (section && line.startsWith('a=msid:')) {
      const msid = line.slice(7).trim();
      // Without a track id (RFC 8830 makes it optional) a stream may well name tracks in several sections.
      if (!msid.includes(' ')) continue;
      if (seen.has(msid)) {
        throw new RTCError({ errorDetail: 'sdp-syntax-error', sdpLineNumber: i + 1 }, `Failed to parse SessionDescription. ${line} Duplicate a=msid lines detected`);
      }
      section.add(msid);
    }
  }
}

/**
 * RFC 5761 §4: with RTP and RTCP on one port (a=rtcp-mux), payload types 64-95 read as RTCP packet types.
 * Chrome refuses them (InvalidAccessError); this engine (2022) predates that check.
 */
function rejectRtcpLikePayloadTypes(sdp: string, method: string): void {
  for (const section of sdp.split(/\r?\nm=/).slice(1)) {
    const lines = section.split(/\r?\n/);
    const [media, port, proto = '', ...formats] = lines[0].split(' ');
    const rejected = port === '0' && !lines.includes('a=bundle-only');
    if (rejected || !proto.includes('RTP') || !lines.some((line) => line.startsWith('a=rtcp-mux'))) continue;
    const conflicting = formats.find((format) => Number(format) >= 64 && Number(format) <= 95);
    if (conflicting === undefined) continue;
    const mid = lines.find((line) => line.startsWith('a=mid:'))?.slice(6).trim() ?? '';
    throw invalidAccess(`${method}: the ${media} section (mid '${mid}') uses payload type ${conflicting}, which a=rtcp-mux makes ambiguous with RTCP (RFC 5761: 64-95 are not allowed)`);
  }
}

/**
 * A connection's remote streams by id: one object per id (webrtc-pc), held weakly. Streams reach JS only
 * through track events, so one nobody holds can be forgotten: a long call whose participants come and go
 * does not keep every stream it ever announced.
 */
class RemoteStreams {
  readonly #byId = new Map<string, WeakRef<MediaStream>>();
  readonly #forget = new FinalizationRegistry<string>((id) => {
    if (this.#byId.get(id)?.deref() === undefined) this.#byId.delete(id);
  });

  get(id: string): MediaStream | undefined {
    return this.#byId.get(id)?.deref();
  }
  getOrCreate(id: string): MediaStream {
    let stream = this.get(id);
    if (!stream) {
      stream = remoteStream(id);
      this.#byId.set(id, new WeakRef(stream));
      this.#forget.register(stream, id);
    }
    return stream;
  }
  *values(): IterableIterator<MediaStream> {
    for (const ref of this.#byId.values()) {
      const stream = ref.deref();
      if (stream) yield stream;
    }
  }
}

/** Keeps the same RTCSessionDescription object while its content is unchanged (attribute identity). */
function keep(current: RTCSessionDescription | null, next: NativeDescription | null): RTCSessionDescription | null {
  if (next === null) return null;
  if (current && current.type === next.type && current.sdp === next.sdp) return current;
  return new RTCSessionDescription(next);
}

function isReceiving(direction: RTCRtpTransceiverDirection | null): boolean {
  return direction === 'sendrecv' || direction === 'recvonly';
}

/** A transceiver that close(), negotiation or a rollback stopped for good. */
function markStopped(transceiver: RTCRtpTransceiver, mid: string | null): void {
  const { update, native, kind } = transceiverInternals;
  update(transceiver, { transceiver: native(transceiver), kind: kind(transceiver), mid, direction: 'stopped', currentDirection: 'stopped', stopped: true, stopping: false }, true);
}

// webrtc-pc: a rollback (local or remote) undoes the offer of either side; in stable or after a
// provisional answer there is nothing to undo.
const ROLLBACK_STATES = new Set<RTCSignalingState>(['have-local-offer', 'have-remote-offer']);

function sameList<T>(a: readonly T[], b: readonly T[]): boolean {
  return a.length === b.length && a.every((item, index) => item === b[index]);
}

// The legacy callback forms: nothing starts unless both callbacks are there (WebIDL's TypeError). Arguments
// that fail to convert reject the returned promise without a callback, as WebIDL converts before the
// operation; the operation's own outcome goes to one of the callbacks.
// Code written for callbacks ignores the returned promise, and in Node an unhandled rejection ends the process
// (a browser only logs it): such a rejection is marked handled and reported as a process warning instead.
function legacy<T>(operation: () => Promise<T>, success: (value: T) => void, failure: unknown): Promise<void> {
  if (typeof failure !== 'function') return handled(Promise.reject(new TypeError('The legacy callback form needs a failure callback')));
  const outcome = operation();
  if (rejectedBeforeStart(outcome)) return handled(outcome.then(() => undefined));
  return outcome.then(
    (value) => {
      success(value);
    },
    (error) => {
      (failure as LegacyFailure)(error);
    },
  );
}

/** `promise` itself, marked handled: its rejection becomes a process warning unless the caller handles it too. */
function handled<T>(promise: Promise<T>): Promise<T> {
  promise.catch((error: unknown) => process.emitWarning(`RTCPeerConnection legacy callback form: ${(error as Error)?.message ?? String(error)}`, 'NodeLibWebRTCWarning'));
  return promise;
}

/** generateCertificate's AlgorithmIdentifier → the parameters libwebrtc supports (ECDSA P-256, RSA). */
function certificateParams(keygenAlgorithm: AlgorithmIdentifier): { name: string; modulusLength?: number; publicExponent?: number; expires?: number } {
  // AlgorithmIdentifier is (object or DOMString): anything but an object is a name (null is 'null', unknown).
  const isObject = (typeof keygenAlgorithm === 'object' && keygenAlgorithm !== null) || typeof keygenAlgorithm === 'function';
  const algorithm = isObject
    ? dictionary<Record<string, unknown>>('RTCPeerConnection.generateCertificate', keygenAlgorithm)
    : { name: domString('RTCPeerConnection.generateCertificate', keygenAlgorithm) };
  if (algorithm.name === undefined) throw new TypeError('RTCPeerConnection.generateCertificate: the algorithm needs a name');
  const name = domString('RTCPeerConnection.generateCertificate: name', algorithm.name);
  // RTCCertificateExpiration: [EnforceRange] unsigned long long.
  const expires = algorithm.expires === undefined ? undefined : enforceRange('RTCPeerConnection.generateCertificate: expires', algorithm.expires, 0, Number.MAX_SAFE_INTEGER);
  // WebCrypto's "normalize an algorithm" (op generateKey): a required member of EcKeyGenParams or
  // RsaHashedKeyGenParams that is missing is a TypeError, before any support check.
  const required = (...members: string[]) => {
    for (const member of members) {
      if (algorithm[member] === undefined) throw new TypeError(`RTCPeerConnection.generateCertificate: ${name} needs the member '${member}'`);
    }
  };
  if (name.toUpperCase() === 'ECDSA') {
    required('namedCurve');
    const curve = domString('RTCPeerConnection.generateCertificate: namedCurve', algorithm.namedCurve);
    if (curve !== 'P-256') throw notSupported(`generateCertificate(): ECDSA curve '${curve}' is not supported (only P-256)`);
    return { name: 'ECDSA', expires };
  }
  if (name.toUpperCase() === 'RSASSA-PKCS1-V1_5') {
    required('modulusLength', 'publicExponent', 'hash');
    // WebCrypto's normalization: modulusLength is an [EnforceRange] unsigned long, a hash object needs a name
    // (TypeError), and only then is a value checked for support.
    const modulusLength = enforceRange('RTCPeerConnection.generateCertificate: modulusLength', algorithm.modulusLength, 0, 0xffffffff);
    const hashMember = algorithm.hash;
    if (typeof hashMember === 'object' && hashMember !== null && (hashMember as { name?: unknown }).name === undefined) {
      throw new TypeError('RTCPeerConnection.generateCertificate: the hash algorithm needs a name');
    }
    const hash = domString('RTCPeerConnection.generateCertificate: hash', typeof hashMember === 'object' && hashMember !== null ? (hashMember as { name: unknown }).name : hashMember);
    if (hash.toUpperCase() !== 'SHA-256') throw notSupported(`generateCertificate(): hash '${hash}' is not supported (only SHA-256)`);
    const bytes = algorithm.publicExponent as Uint8Array;
    if (!(bytes instanceof Uint8Array)) throw new TypeError('RTCPeerConnection.generateCertificate: publicExponent must be a Uint8Array');
    const publicExponent = bytes.reduce((value, byte) => value * 256 + byte, 0);
    if (publicExponent !== 65537 || !(modulusLength >= 1024 && modulusLength <= 8192)) {
      throw notSupported('generateCertificate(): RSA needs publicExponent 65537 and modulusLength 1024..8192');
    }
    return { name: 'RSASSA-PKCS1-v1_5', modulusLength, publicExponent, expires };
  }
  throw notSupported(`generateCertificate(): algorithm '${name}' is not supported (use ECDSA P-256 or RSASSA-PKCS1-v1_5)`);
}

// Process exit (process.exit() included) tears the engine down before Node exits, so that no libwebrtc
// thread outlives the environment. Workers get the same from the environment cleanup hook.
process.once('exit', () => {
  binding.shutdown();
});

/** A gathered candidate's identity across its forms (onicecandidate's string, the SDP's). */
function candidateKey(candidate: { address: string | null; port: number | null; protocol: string | null; type: string | null }): string {
  return `${candidate.type} ${candidate.protocol} ${candidate.address} ${candidate.port}`;
}

// The private binding between lib/ and native/: the loader and the types of what the addon exports.
// Nothing here is public API.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface NativeDescription {
  type: RTCSdpType;
  sdp: string;
}

/** State captured on the signaling thread when an operation completed or a candidate was gathered. */
export interface NativeSnapshot {
  signalingState: RTCSignalingState;
  currentLocalDescription: NativeDescription | null;
  pendingLocalDescription: NativeDescription | null;
  currentRemoteDescription?: NativeDescription | null;
  pendingRemoteDescription?: NativeDescription | null;
  hasSctp?: boolean;
  /** The SCTP transport the operation left (present with hasSctp). */
  sctpTransport?: NativeSctpTransport | null;
  transceivers?: NativeTransceiverState[];
}

export interface NativeIceServer {
  urls: string[];
  username: string;
  credential: string;
}

export interface NativeConfiguration {
  iceServers: NativeIceServer[];
  iceTransportPolicy: RTCIceTransportPolicy;
  bundlePolicy: RTCBundlePolicy;
  rtcpMuxPolicy: RTCRtcpMuxPolicy;
  iceCandidatePoolSize: number;
  certificates: NativeCertificate[];
  iceAllowLoopback: boolean;
  iceInterfaces: string[];
  portRange?: { min: number; max: number };
}

export interface NativeCertificate {
  readonly expires: number;
  getFingerprints(): { algorithm: string; value: string }[];
}

export interface NativeCandidateInit {
  candidate: string;
  sdpMid: string;
  sdpMLineIndex: number;
  usernameFragment: string;
  /** The STUN/TURN server that produced it; empty for host candidates. */
  url: string;
}

export interface NativeCandidateErrorInit {
  address: string | null;
  port: number | null;
  url: string;
  errorCode: number;
  errorText: string;
}

export type NativePeerConnectionEvent =
  | ['negotiationneeded', number]
  | ['icegatheringstatechange', RTCIceGatheringState, NativeSnapshot | null]
  | ['icecandidate', NativeCandidateInit, NativeSnapshot | null]
  | ['icecandidateerror', NativeCandidateErrorInit]
  | ['iceconnectionstatechange', RTCIceConnectionState]
  | ['connectionstatechange', RTCPeerConnectionState]
  | ['datachannel', NativeDataChannel]
  | ['track', NativeTransceiverState, string[]];

export interface NativePeerConnection {
  onevent: ((...event: NativePeerConnectionEvent) => void) | null;
  createOffer(options: {
    iceRestart: boolean;
    voiceActivityDetection: boolean;
    offerToReceiveAudio?: number;
    offerToReceiveVideo?: number;
  }): Promise<NativeDescription>;
  createAnswer(options: { voiceActivityDetection: boolean }): Promise<NativeDescription>;
  setLocalDescription(description?: { type: string; sdp: string }): Promise<NativeSnapshot>;
  setRemoteDescription(description: { type: string; sdp: string }): Promise<NativeSnapshot>;
  addIceCandidate(candidate: {
    candidate: string;
    sdpMid: string | null;
    sdpMLineIndex: number | null;
    usernameFragment: string | null;
  }): Promise<Pick<NativeSnapshot, 'currentRemoteDescription' | 'pendingRemoteDescription'> | undefined>;
  restartIce(): void;
  setConfiguration(configuration: NativeConfiguration): void;
  shouldFireNegotiationNeeded(eventId: number): boolean;
  /** The id of the last negotiationneeded event libwebrtc generated (0: none yet); no hop. */
  lastNegotiationNeeded(): number;
  close(): void;
  createDataChannel(label: string, init: NativeDataChannelInit): NativeDataChannel;
  getStats(selector?: NativeRtpSender | NativeRtpReceiver): Promise<string>;
  holdLoop(hold: boolean): void;
  addTrack(track: NativeMediaStreamTrack, streamIds: string[]): NativeTransceiverState;
  removeTrack(sender: NativeRtpSender): void;
  addTransceiver(trackOrKind: NativeMediaStreamTrack | string, init: object): NativeTransceiverState;
  transceivers(): NativeTransceiverState[];
}

export interface NativeDataChannelInit {
  ordered: boolean;
  maxPacketLifeTime?: number;
  maxRetransmits?: number;
  protocol: string;
  negotiated: boolean;
  id?: number;
  priority: RTCPriorityType;
}

export interface NativeDataChannelInfo {
  label: string;
  ordered: boolean;
  maxPacketLifeTime: number | null;
  maxRetransmits: number | null;
  protocol: string;
  negotiated: boolean;
  id: number | null;
  priority: RTCPriorityType;
  readyState: RTCDataChannelState;
}

export interface NativeDataChannel {
  onstate: ((state: RTCDataChannelState, id: number | null, error: Error | undefined) => void) | null;
  onmessage: ((data: string | ArrayBuffer) => void) | null;
  onsent: ((bytes: number) => void) | null;
  info(): NativeDataChannelInfo | null;
  send(data: string | ArrayBuffer | ArrayBufferView): number;
  close(): void;
}

export interface NativeSctpInfo {
  state: RTCSctpTransportState;
  maxMessageSize: number | null;
  maxChannels: number | null;
}

export interface NativeSctpTransport {
  onstate: ((info: NativeSctpInfo) => void) | null;
  info(): NativeSctpInfo | null;
  transport(): NativeDtlsTransport | null;
}

export interface NativeDtlsInfo {
  state: RTCDtlsTransportState;
  remoteCertificates: ArrayBuffer[];
}

export interface NativeDtlsTransport {
  onstate: ((info: NativeDtlsInfo) => void) | null;
  onerror: ((error: Error) => void) | null;
  info(): NativeDtlsInfo | null;
  iceTransport(): NativeIceTransport | null;
}

export interface NativeIceInfo {
  /** Capture order: a later read supersedes an earlier posted snapshot. */
  seq: number;
  state: RTCIceTransportState;
  gatheringState: RTCIceGathererState;
  role: RTCIceRole | null;
  mid: string;
  selectedCandidatePair: { local: string; remote: string; localUrl?: string; localRelayProtocol?: 'udp' | 'tcp' | 'tls' } | null;
}

export interface NativeIceTransport {
  onchange: ((info: NativeIceInfo, pairChanged: boolean) => void) | null;
  info(): NativeIceInfo;
}

export interface NativeTrackInfo {
  kind: 'audio' | 'video';
  id: string;
  remote: boolean;
  enabled: boolean;
  readyState: MediaStreamTrackState;
}

export interface NativeMediaStreamTrack {
  onended: (() => void) | null;
  info(): NativeTrackInfo;
  setEnabled(enabled: boolean): void;
  stop(): void;
  clone(): NativeMediaStreamTrack;
  /** Video: libwebrtc's content hint ('' | 'motion' | 'detail' | 'text'); audio: ignored. */
  setContentHint(hint: string): void;
}

export interface NativeTransceiverState {
  transceiver: NativeRtpTransceiver;
  kind: 'audio' | 'video';
  mid: string | null;
  direction: RTCRtpTransceiverDirection;
  currentDirection: RTCRtpTransceiverDirection | null;
  /** webrtc-pc [[FiredDirection]]; absent in states lib/ makes itself. */
  firedDirection?: RTCRtpTransceiverDirection | null;
  stopped: boolean;
  stopping: boolean;
  /** The receiver's associated remote streams (a=msid); absent in states lib/ makes itself. */
  remoteStreamIds?: string[];
}

/** webrtc-extensions' RTCRtpHeaderExtensionCapability: lib.dom's has only `uri`. */
export interface RTCRtpHeaderExtensionCapability {
  uri: string;
  direction: RTCRtpTransceiverDirection;
}

export interface NativeRtpTransceiver {
  state(): NativeTransceiverState | null;
  setDirection(direction: RTCRtpTransceiverDirection): void;
  stop(): void;
  setCodecPreferences(codecs: RTCRtpCodec[]): void;
  headerExtensionsToNegotiate(): RTCRtpHeaderExtensionCapability[];
  setHeaderExtensionsToNegotiate(extensions: RTCRtpHeaderExtensionCapability[]): void;
  /** The URIs the last answer negotiated. */
  negotiatedHeaderExtensions(): string[];
  sender(): NativeRtpSender;
  receiver(): NativeRtpReceiver;
}

export interface NativeRtpSender {
  replaceTrack(track: NativeMediaStreamTrack | null): void;
  getParameters(): RTCRtpSendParameters | null;
  setParameters(parameters: RTCRtpSendParameters): void;
  transport(): NativeDtlsTransport | null;
  dtmf(): NativeDtmfSender | null;
  setStreams(ids: string[]): void;
  /** The msid stream ids libwebrtc holds now. */
  streamIds(): string[];
  /** The SSRCs of the sender's encodings (none before negotiation). */
  ssrcs(): number[];
  kind(): 'audio' | 'video' | null;
  setTransform(transform: NativeScriptTransform | null): void;
  setPayloadTypes(payloadTypes: [number, string][]): void;
}

export interface NativeRtpSource {
  source: number;
  type: 'ssrc' | 'csrc';
  /** When the source's last frame was delivered: the engine's clock, CLOCK_MONOTONIC in ms rounded to the nearest (internal/clock.ts converts it). */
  receivedAt: number;
  rtpTimestamp: number;
  audioLevel?: number;
  captureTimestamp?: number;
  senderCaptureTimeOffset?: number;
}

/** webrtc-extensions' members of a contributing source, present while abs-capture-time is negotiated. */
export interface RTCRtpContributingSourceCapture {
  /** The capture system's NTP time of the latest frame, in ms since 1900 (as Chrome gives it). */
  captureTimestamp?: number;
  /** The sender's estimate of its NTP clock's offset from the capture system's, in ms (0: the sender captured). */
  senderCaptureTimeOffset?: number;
}

export interface NativeRtpReceiver {
  onfirstpacket: (() => void) | null;
  /** After watchForMedia(): the remote track carried a frame or audio chunk (once; the watch then ends). */
  onmediaresumed: (() => void) | null;
  watchForMedia(): void;
  stopWatchingForMedia(): void;
  videoSettings(): { width: number; height: number; frameRate?: number } | null;
  track(): NativeMediaStreamTrack | null;
  getParameters(): RTCRtpReceiveParameters | null;
  getSources(): NativeRtpSource[];
  transport(): NativeDtlsTransport | null;
  streamIds(): string[];
  setJitterBufferTarget(milliseconds: number | null): void;
  setTransform(transform: NativeScriptTransform | null): void;
  setPayloadTypes(payloadTypes: [number, string][]): void;
}

/** An encoded transform offered to a worker thread (the connection's environment). */
export type NativeScriptTransform = object;

/** An encoded frame held in the worker until written back. */
export type NativeEncodedFrame = object;

export interface NativeEncodedFrameInfo {
  handle: NativeEncodedFrame;
  kind: 'audio' | 'video';
  data: ArrayBuffer;
  timestamp: number;
  type?: RTCEncodedVideoFrameType;
  metadata: RTCEncodedVideoFrameMetadata & RTCEncodedAudioFrameMetadata;
}

/** The worker's side of a claimed transform. */
export interface NativeScriptTransformer {
  onframes: ((frames: NativeEncodedFrameInfo[]) => void) | null;
  /** The sender or receiver and the RTCRtpScriptTransform are gone: no frame will come any more. */
  onended: (() => void) | null;
  write(frame: NativeEncodedFrame, data: ArrayBuffer | Uint8Array): boolean;
  close(): void;
  dropped(): number;
  /** A video sender's transformer: its encoder makes a key frame; a video receiver's: asks the remote sender for one. */
  requestKeyFrame(side: 'sender' | 'receiver', rid?: string): 'sent' | 'wrong-side' | 'invalid-rid' | 'unknown-rid' | 'unattached' | 'detached';
}

export interface NativeDtmfSender {
  ontonechange: ((tone: string, toneBuffer: string, inserts: number) => void) | null;
  insertDTMF(tones: string, duration: number, interToneGap: number): void;
  canInsertDTMF(): boolean;
}

/** Frames a device source delivered to its tracks and discarded, since counting began; null once released. */
export type NativeFrameCounts = { delivered: number; discarded: number } | null;

export interface NativeVideoSource {
  createTrack(): NativeMediaStreamTrack;
  onFrame(frame: { width: number; height: number; data: ArrayBufferView; rotation?: number }): void;
  frameCounts(): NativeFrameCounts;
}

export interface NativeVideoSink {
  onframe: ((width: number, height: number, rotation: number, data: ArrayBuffer) => void) | null;
  stop(): void;
  dropped(): number;
}

/** An audio capture source's totals, and the latency window (since the track's resetLatency()) asked for. */
export interface NativeAudioCounts {
  frames: number;
  durationMs: number;
  latency: number;
  minimum: number;
  maximum: number;
  average: number;
}

/** MediaStreamTrackAudioStats support of an audio capture source (null results once it is released). */
export interface NativeAudioStats {
  audioStats(op: 'open'): number | null;
  audioStats(op: 'read' | 'reset', windowId: number): NativeAudioCounts | null;
  audioStats(op: 'pause' | 'resume' | 'close', windowId: number): void;
}

export interface NativeAudioSource extends NativeAudioStats {
  createTrack(): NativeMediaStreamTrack;
  /** `latencyMs`: lib/'s synthetic microphone only. */
  onData(data: object, latencyMs?: number): void;
}

export interface NativeAudioSink {
  ondata: ((samples: Int16Array, sampleRate: number, channelCount: number, numberOfFrames: number) => void) | null;
  stop(): void;
  dropped(): number;
  /** Follows the track's enabled attribute: a disabled track's chunks are silence. */
  setEnabled(enabled: boolean): void;
}

export interface NativeVideoFormat {
  width: number;
  height: number;
  frameRate: number;
}

export interface NativeDevices {
  videoInputs: { id: string; label: string; groupId: string; formats: NativeVideoFormat[] }[];
  audioInputs: { id: string; label: string }[];
  audioOutputs: { id: string; label: string }[];
  audioBackend: string;
}

export interface NativeCameraCapture {
  createTrack(): NativeMediaStreamTrack;
  configure(format: NativeVideoFormat & { outputWidth: number; outputHeight: number }): void;
  stop(): void;
  frameCounts(): NativeFrameCounts;
}

export interface NativeScreenCapture {
  createTrack(): NativeMediaStreamTrack;
  /** The frames' size and rate, and the size of the screen they come from. */
  settings(): { width: number; height: number; frameRate: number; screenWidth: number; screenHeight: number };
  configure(options: { frameRate: number; maxWidth?: number; maxHeight?: number }): void;
  stop(): void;
  frameCounts(): NativeFrameCounts;
}

export interface NativeMicrophoneCapture extends NativeAudioStats {
  createTrack(): NativeMediaStreamTrack;
  settings(): { sampleRate: number; channelCount: number; sampleSize: number; echoCancellation: boolean; autoGainControl: boolean; noiseSuppression: boolean };
  configure(processing: { echoCancellation: boolean; autoGainControl: boolean; noiseSuppression: boolean }): void;
  stop(): void;
}

export interface NativeBinding {
  setErrorFactory(factory: (name: string, message: string, detail: Record<string, unknown>) => Error): void;
  shutdown(): void;
  diagnostics(): { liveObjects: number; loopHolds: number; engineRunning: boolean };
  PeerConnection: new (configuration: NativeConfiguration) => NativePeerConnection;
  Certificate: {
    generate(params: { name: string; modulusLength?: number; publicExponent?: number; expires?: number }): Promise<NativeCertificate>;
  };
  RtpSender: { getCapabilities(kind: string): RTCRtpCapabilities };
  RtpReceiver: { getCapabilities(kind: string): RTCRtpCapabilities };
  ScriptTransform: new (workerThreadId: number, options: Uint8Array) => NativeScriptTransform;
  ScriptTransformer: { claim(threadId: number): [NativeScriptTransformer, Uint8Array][] };
  VideoSource: new (options: { isScreencast?: boolean; needsDenoising?: boolean }) => NativeVideoSource;
  VideoSink: new (track: NativeMediaStreamTrack) => NativeVideoSink;
  AudioSource: new () => NativeAudioSource;
  AudioSink: new (track: NativeMediaStreamTrack, enabled: boolean) => NativeAudioSink;
  i420ToRgba(i420Frame: object, rgbaFrame: object): void;
  enumerateDevices(): NativeDevices;
  CameraCapture: new (deviceId: string, format: NativeVideoFormat & { outputWidth: number; outputHeight: number }) => NativeCameraCapture;
  ScreenCapture: new (options: { frameRate: number; maxWidth?: number; maxHeight?: number }) => NativeScreenCapture;
  MicrophoneCapture: new (deviceId: string, processing: { echoCancellation: boolean; autoGainControl: boolean; noiseSuppression: boolean }) => NativeMicrophoneCapture;
  rgbaToI420(rgbaFrame: object, i420Frame: object): void;
}

const ADDON_FILE = 'node_libwebrtc.node';

/** Finds and loads the addon: the local build first, then the platform's prebuild; one error otherwise. */
function load(): NativeBinding {
  const root = path.resolve(__dirname, '..', '..');
  const platform = `${process.platform}-${process.arch}`;
  const candidates = [
    path.join(root, 'build', 'Release', ADDON_FILE),
    path.join(root, 'build', ADDON_FILE),
    path.join(root, 'prebuilds', platform, 'node.napi.node'),
    path.join(root, 'prebuilds', platform, 'node-libwebrtc.node'),
  ];
  const tried: string[] = [];
  for (const file of candidates) {
    if (!fs.existsSync(file)) {
      tried.push(`${file}: not found`);
      continue;
    }
    try {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      return require(file) as NativeBinding;
    } catch (error) {
      tried.push(`${file}: ${(error as Error).message}`);
    }
  }
  throw new Error(
    `node-libwebrtc: could not load its native addon for ${platform} (Node ${process.versions.node}).\n` +
      `Tried:\n  ${tried.join('\n  ')}\n` +
      `Build it with \`npm run setup\` (installs the engine and compiles the addon; Debian 12 x86_64 is supported).`,
  );
}

export const binding: NativeBinding = load();

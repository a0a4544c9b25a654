import { RTCCertificate } from './RTCCertificate';
import { type RTCDataChannel } from './RTCDataChannel';
import { RTCSctpTransport } from './RTCSctpTransport';
import { RTCSessionDescription } from './RTCSessionDescription';
import { RTCStatsReport } from './RTCStatsReport';
import { type NodeRTCConfiguration } from './internal/configuration';
export type { NodeRTCConfiguration } from './internal/configuration';
type LegacySuccess = (description: RTCSessionDescriptionInit) => void;
type LegacyFailure = (error: DOMException) => void;
/**
 * RTCPeerConnection (webrtc-pc §4.4). Attribute reads return mirrors updated in the same task as the event
 * that announces them; spec-chained operations run through one operations chain per connection.
 */
export declare class RTCPeerConnection extends EventTarget implements globalThis.RTCPeerConnection {
    #private;
    onnegotiationneeded: ((this: globalThis.RTCPeerConnection, ev: Event) => any) | null;
    onsignalingstatechange: ((this: globalThis.RTCPeerConnection, ev: Event) => any) | null;
    onicegatheringstatechange: ((this: globalThis.RTCPeerConnection, ev: Event) => any) | null;
    onicecandidate: ((this: globalThis.RTCPeerConnection, ev: globalThis.RTCPeerConnectionIceEvent) => any) | null;
    onicecandidateerror: ((this: globalThis.RTCPeerConnection, ev: globalThis.RTCPeerConnectionIceErrorEvent) => any) | null;
    oniceconnectionstatechange: ((this: globalThis.RTCPeerConnection, ev: Event) => any) | null;
    onconnectionstatechange: ((this: globalThis.RTCPeerConnection, ev: Event) => any) | null;
    ondatachannel: ((this: globalThis.RTCPeerConnection, ev: globalThis.RTCDataChannelEvent) => any) | null;
    ontrack: ((this: globalThis.RTCPeerConnection, ev: globalThis.RTCTrackEvent) => any) | null;
    static generateCertificate(keygenAlgorithm: AlgorithmIdentifier): Promise<RTCCertificate>;
    constructor(configuration?: NodeRTCConfiguration);
    get localDescription(): RTCSessionDescription | null;
    get currentLocalDescription(): RTCSessionDescription | null;
    get pendingLocalDescription(): RTCSessionDescription | null;
    get remoteDescription(): RTCSessionDescription | null;
    get currentRemoteDescription(): RTCSessionDescription | null;
    get pendingRemoteDescription(): RTCSessionDescription | null;
    get signalingState(): RTCSignalingState;
    get iceGatheringState(): RTCIceGatheringState;
    get iceConnectionState(): RTCIceConnectionState;
    get connectionState(): RTCPeerConnectionState;
    /** Whether the remote peer can accept trickled candidates: from its description's ice-options. */
    get canTrickleIceCandidates(): boolean | null;
    get sctp(): RTCSctpTransport | null;
    createOffer(options?: RTCOfferOptions): Promise<RTCSessionDescriptionInit>;
    createOffer(successCallback: LegacySuccess, failureCallback: LegacyFailure, options?: RTCOfferOptions): Promise<void>;
    createAnswer(options?: RTCAnswerOptions): Promise<RTCSessionDescriptionInit>;
    createAnswer(successCallback: LegacySuccess, failureCallback: LegacyFailure): Promise<void>;
    setLocalDescription(description?: RTCLocalSessionDescriptionInit): Promise<void>;
    setLocalDescription(description: RTCLocalSessionDescriptionInit, successCallback: () => void, failureCallback: LegacyFailure): Promise<void>;
    setRemoteDescription(description: RTCSessionDescriptionInit): Promise<void>;
    setRemoteDescription(description: RTCSessionDescriptionInit, successCallback: () => void, failureCallback: LegacyFailure): Promise<void>;
    addIceCandidate(candidate?: RTCIceCandidateInit | null): Promise<void>;
    addIceCandidate(candidate: RTCIceCandidateInit, successCallback: () => void, failureCallback: LegacyFailure): Promise<void>;
    restartIce(): void;
    getConfiguration(): NodeRTCConfiguration;
    setConfiguration(configuration?: NodeRTCConfiguration): void;
    createDataChannel(label: string, dataChannelDict?: RTCDataChannelInit): RTCDataChannel;
    addTrack(): RTCRtpSender;
    removeTrack(): void;
    addTransceiver(): RTCRtpTransceiver;
    getSenders(): RTCRtpSender[];
    getReceivers(): RTCRtpReceiver[];
    getTransceivers(): RTCRtpTransceiver[];
    getStats(selector?: MediaStreamTrack | null): Promise<RTCStatsReport>;
    close(): void;
}

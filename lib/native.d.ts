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
}
export interface NativeCertificate {
    readonly expires: number;
    getFingerprints(): {
        algorithm: string;
        value: string;
    }[];
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
export type NativePeerConnectionEvent = ['negotiationneeded', number] | ['icegatheringstatechange', RTCIceGatheringState, NativeSnapshot | null] | ['icecandidate', NativeCandidateInit, NativeSnapshot | null] | ['icecandidateerror', NativeCandidateErrorInit] | ['iceconnectionstatechange', RTCIceConnectionState] | ['connectionstatechange', RTCPeerConnectionState] | ['datachannel', NativeDataChannel];
export interface NativePeerConnection {
    onevent: ((...event: NativePeerConnectionEvent) => void) | null;
    createOffer(options: {
        iceRestart: boolean;
        voiceActivityDetection: boolean;
        offerToReceiveAudio?: number;
        offerToReceiveVideo?: number;
    }): Promise<NativeDescription>;
    createAnswer(options: {
        voiceActivityDetection: boolean;
    }): Promise<NativeDescription>;
    setLocalDescription(description?: {
        type: string;
        sdp: string;
    }): Promise<NativeSnapshot>;
    setRemoteDescription(description: {
        type: string;
        sdp: string;
    }): Promise<NativeSnapshot>;
    addIceCandidate(candidate: {
        candidate: string;
        sdpMid: string | null;
        sdpMLineIndex: number | null;
        usernameFragment: string | null;
    }): Promise<void>;
    restartIce(): void;
    setConfiguration(configuration: NativeConfiguration): void;
    shouldFireNegotiationNeeded(eventId: number): boolean;
    snapshot(): NativeSnapshot;
    close(): void;
    createDataChannel(label: string, init: NativeDataChannelInit): NativeDataChannel;
    sctpTransport(): NativeSctpTransport | null;
    getStats(): Promise<string>;
    holdLoop(hold: boolean): void;
}
export interface NativeDataChannelInit {
    ordered: boolean;
    maxPacketLifeTime?: number;
    maxRetransmits?: number;
    protocol: string;
    negotiated: boolean;
    id?: number;
}
export interface NativeDataChannelInfo {
    label: string;
    ordered: boolean;
    maxPacketLifeTime: number | null;
    maxRetransmits: number | null;
    protocol: string;
    negotiated: boolean;
    id: number | null;
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
    state: RTCIceTransportState;
    gatheringState: RTCIceGathererState;
    role: RTCIceRole | null;
    mid: string;
    selectedCandidatePair: {
        local: string;
        remote: string;
    } | null;
}
export interface NativeIceTransport {
    onchange: ((info: NativeIceInfo, pairChanged: boolean) => void) | null;
    info(): NativeIceInfo;
}
export interface NativeBinding {
    setErrorFactory(factory: (name: string, message: string, detail: Record<string, unknown>) => Error): void;
    shutdown(): void;
    diagnostics(): {
        liveObjects: number;
        loopHolds: number;
        engineRunning: boolean;
    };
    PeerConnection: new (configuration: NativeConfiguration) => NativePeerConnection;
    Certificate: {
        generate(params: {
            name: string;
            modulusLength?: number;
            publicExponent?: number;
            expires?: number;
        }): Promise<NativeCertificate>;
    };
}
export declare const binding: NativeBinding;

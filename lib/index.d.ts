export { RTCPeerConnection, type NodeRTCConfiguration } from './RTCPeerConnection';
export { RTCDataChannel } from './RTCDataChannel';
export { RTCSessionDescription } from './RTCSessionDescription';
export { RTCIceCandidate } from './RTCIceCandidate';
export { RTCCertificate } from './RTCCertificate';
export { RTCSctpTransport } from './RTCSctpTransport';
export { RTCDtlsTransport } from './RTCDtlsTransport';
export { RTCIceTransport } from './RTCIceTransport';
export { RTCStatsReport } from './RTCStatsReport';
export { RTCError } from './RTCError';
export { RTCErrorEvent } from './RTCErrorEvent';
export { RTCPeerConnectionIceEvent } from './RTCPeerConnectionIceEvent';
export { RTCPeerConnectionIceErrorEvent } from './RTCPeerConnectionIceErrorEvent';
export { RTCDataChannelEvent } from './RTCDataChannelEvent';
/** Internal counters for tests and diagnostics (nonstandard). */
export declare function diagnostics(): {
    liveObjects: number;
    loopHolds: number;
    engineRunning: boolean;
};

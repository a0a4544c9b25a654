// node-libwebrtc's API: every export of the package (lib/index.ts adds the default export).
import { binding } from './native';
import { fromNative } from './internal/errors';

binding.setErrorFactory(fromNative);

export { RTCPeerConnection, type NodeRTCConfiguration } from './RTCPeerConnection';
export { RTCDataChannel } from './RTCDataChannel';
export { RTCSessionDescription } from './RTCSessionDescription';
export { RTCIceCandidate } from './RTCIceCandidate';
export { RTCCertificate } from './RTCCertificate';
export { RTCSctpTransport } from './RTCSctpTransport';
export { RTCDtlsTransport } from './RTCDtlsTransport';
export { RTCIceTransport, type RTCIceParameters } from './RTCIceTransport';
export { RTCStatsReport } from './RTCStatsReport';
export { RTCError } from './RTCError';
export { RTCErrorEvent } from './RTCErrorEvent';
export { RTCPeerConnectionIceEvent } from './RTCPeerConnectionIceEvent';
export { RTCPeerConnectionIceErrorEvent } from './RTCPeerConnectionIceErrorEvent';
export { RTCDataChannelEvent } from './RTCDataChannelEvent';
export { MediaStream } from './MediaStream';
export { MediaStreamTrack, OverconstrainedError } from './MediaStreamTrack';
export { MediaStreamTrackEvent } from './MediaStreamTrackEvent';
export { MediaStreamTrackVideoStats } from './MediaStreamTrackVideoStats';
export { MediaStreamTrackAudioStats } from './MediaStreamTrackAudioStats';
export { RTCRtpSender } from './RTCRtpSender';
export { RTCRtpReceiver } from './RTCRtpReceiver';
export { RTCRtpTransceiver, type RTCRtpHeaderExtensionCapability } from './RTCRtpTransceiver';
export type { RTCRtpContributingSourceCapture } from './native';
export { RTCRtpScriptTransform, RTCRtpScriptTransformer, RTCTransformEvent, RTCEncodedVideoFrame, RTCEncodedAudioFrame, type RTCEncodedFrameTimes } from './RTCRtpScriptTransform';
export { RTCDTMFSender } from './RTCDTMFSender';
export { RTCDTMFToneChangeEvent } from './RTCDTMFToneChangeEvent';
export { RTCTrackEvent } from './RTCTrackEvent';
export { MediaDevices, mediaDevices, installNavigatorMediaDevices } from './MediaDevices';
export { MediaDeviceInfo, InputDeviceInfo } from './MediaDeviceInfo';
import { mediaDevices as devices } from './MediaDevices';
/** @roamhq/wrtc's top-level getUserMedia(constraints). */
export const getUserMedia = (constraints?: MediaStreamConstraints) => devices.getUserMedia(constraints);
import * as nonstandard from './nonstandard';
export { nonstandard };

/** Internal counters for tests and diagnostics (nonstandard). */
export function diagnostics(): { liveObjects: number; loopHolds: number; engineRunning: boolean } {
  return binding.diagnostics();
}

import type { NativeConfiguration } from '../native';
import { RTCCertificate } from '../RTCCertificate';
/** node-libwebrtc's additions to RTCConfiguration (nonstandard; see the README's "Networking"). */
export interface NodeRTCConfiguration extends RTCConfiguration {
    /** Gather candidates on loopback interfaces too (127.0.0.1, ::1). Default false, like a browser. */
    iceAllowLoopback?: boolean;
    /** Gather only on these interfaces, by name ("eth0") or address ("127.0.0.1"). Default: all. */
    iceInterfaces?: string[];
}
export interface NormalizedConfiguration {
    iceServers: RTCIceServer[];
    iceTransportPolicy: RTCIceTransportPolicy;
    bundlePolicy: RTCBundlePolicy;
    rtcpMuxPolicy: RTCRtcpMuxPolicy;
    iceCandidatePoolSize: number;
    certificates: RTCCertificate[];
    iceAllowLoopback: boolean;
    iceInterfaces: string[];
}
export declare function convertConfiguration(where: string, value: unknown): NormalizedConfiguration;
export declare function toNative(config: NormalizedConfiguration): NativeConfiguration;
/** What getConfiguration() returns: a fresh copy, so callers cannot change the connection's own. */
export declare function toPublic(config: NormalizedConfiguration): NodeRTCConfiguration;

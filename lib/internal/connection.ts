// What senders, receivers and transceivers need from their RTCPeerConnection.
import type { NativeRtpReceiver, NativeRtpSender } from '../native';
import type { RTCStatsReport } from '../RTCStatsReport';

export interface ConnectionInternals {
  isClosed(): boolean;
  /** Whether an operation (createOffer, setRemoteDescription...) is running or queued on the chain. */
  operationPending(): boolean;
  /** Runs `operation` on the connection's operations chain (webrtc-pc "chain an operation"). */
  chain<T>(operation: () => Promise<T>): Promise<T>;
  /** The report for a sender or receiver, or (no selector) the whole connection's. */
  stats(selector?: NativeRtpSender | NativeRtpReceiver): Promise<RTCStatsReport>;
  /** True once the sender's transceiver is stopping or stopped. */
  senderStopped(sender: NativeRtpSender): boolean;
  /** The negotiated codecs of a sender's or receiver's m-section, as [payload type, MIME type], for transforms. */
  payloadTypes(of: NativeRtpSender | NativeRtpReceiver): [number, string][];
  /** The SDP of localDescription and remoteDescription (pending, else current), for the ICE transports. */
  descriptions(): { local?: string; remote?: string };
  /** The STUN or TURN server URL a gathered candidate came from (as its icecandidate event gave it), by address. */
  gatheredUrl(candidate: { address: string | null; port: number | null; protocol: string | null; type: string | null }): string | undefined;
  /** The iceGatheringState JavaScript has seen. */
  iceGatheringState(): RTCIceGatheringState;
  /** Something an offer or answer describes changed (direction, codecs, streams...): a created one is stale. */
  negotiatedStateChanged(): void;
  /**
   * Runs `listener` whenever an icegatheringstatechange is processed, before it fires, until the listener
   * returns false (its transport is closed or collected).
   */
  beforeIceGatheringStateChange(listener: (state: RTCIceGatheringState) => boolean): void;
  /** An RTCIceTransport of this connection was made (from then on the connection follows the transports' states). */
  transportCreated(): void;
  /**
   * An ICE or DTLS transport's state changed: iceConnectionState and connectionState follow now, before the
   * transport's statechange; the returned function fires their events, after it (webrtc-pc).
   */
  transportStateChanged(): () => void;
}

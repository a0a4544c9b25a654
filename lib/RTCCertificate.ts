import type { NativeCertificate } from './native';
import { requireInternal, illegalConstructor } from './internal/webidl';

const natives = new WeakMap<RTCCertificate, NativeCertificate>();

/** A DTLS certificate (webrtc-pc §4.9), made by RTCPeerConnection.generateCertificate(). */
export class RTCCertificate implements globalThis.RTCCertificate {
  /** @internal */
  constructor(token: typeof illegalConstructor, native: NativeCertificate) {
    requireInternal(token, 'RTCCertificate');
    natives.set(this, native);
  }

  /** Milliseconds since 1970-01-01T00:00:00Z after which the certificate is invalid. */
  get expires(): EpochTimeStamp {
    return nativeOf(this).expires;
  }

  getFingerprints(): RTCDtlsFingerprint[] {
    return nativeOf(this).getFingerprints().map(({ algorithm, value }) => ({ algorithm, value }));
  }
}

export function nativeOf(certificate: RTCCertificate): NativeCertificate {
  const native = natives.get(certificate);
  if (!native) throw new TypeError('Illegal invocation: not an RTCCertificate');
  return native;
}

export function isCertificate(value: unknown): value is RTCCertificate {
  return typeof value === 'object' && value !== null && natives.has(value as RTCCertificate);
}

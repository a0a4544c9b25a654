import { domString, illegalConstructor, requireArguments, requireInternal, setLengths } from './internal/webidl';

/** RTCStatsReport (webrtc-pc §8.3): a read-only map from stats id to stats dictionary. */
export class RTCStatsReport implements globalThis.RTCStatsReport {
  readonly #entries: Map<string, any>;

  /** @internal */
  constructor(token: typeof illegalConstructor, entries: Map<string, any>) {
    requireInternal(token, 'RTCStatsReport');
    this.#entries = entries;
  }

  get size(): number {
    return this.#entries.size;
  }
  // maplike<DOMString, object>: keys are converted to DOMString, as WebIDL does.
  get(id: string): any {
    requireArguments('RTCStatsReport.get', arguments.length, 1);
    return this.#entries.get(domString('RTCStatsReport.get: key', id));
  }
  has(id: string): boolean {
    requireArguments('RTCStatsReport.has', arguments.length, 1);
    return this.#entries.has(domString('RTCStatsReport.has: key', id));
  }
  forEach(callbackfn: (value: any, key: string, parent: RTCStatsReport) => void, thisArg?: any): void {
    if (typeof callbackfn !== 'function') throw new TypeError('RTCStatsReport.forEach: the callback is not a function');
    for (const [key, value] of this.#entries) callbackfn.call(thisArg, value, key, this);
  }
  entries(): MapIterator<[string, any]> {
    return this.#entries.entries();
  }
  keys(): MapIterator<string> {
    return this.#entries.keys();
  }
  values(): MapIterator<any> {
    return this.#entries.values();
  }
  [Symbol.iterator](): MapIterator<[string, any]> {
    return this.#entries.entries();
  }
  declare readonly [Symbol.toStringTag]: string; // a data property, set with the other interfaces' (internal/interfaces.ts)
}
setLengths(RTCStatsReport, { forEach: 1 });
// WebIDL maplike: @@iterator is the same function object as entries.
Object.defineProperty(RTCStatsReport.prototype, Symbol.iterator, { value: RTCStatsReport.prototype.entries, writable: true, configurable: true });

// Types this engine still reports that webrtc-stats has since removed (Chrome dropped them too).
const OBSOLETE_TYPES = new Set(['track', 'stream']);
// srtpCipher is the IANA DTLS-SRTP profile name (webrtc-stats, as Chrome reports it); this engine gives the
// SDES suite name of the same cipher.
const SRTP_PROFILE_NAMES: Record<string, string> = {
  AES_CM_128_HMAC_SHA1_80: 'SRTP_AES128_CM_HMAC_SHA1_80',
  AES_CM_128_HMAC_SHA1_32: 'SRTP_AES128_CM_HMAC_SHA1_32',
  AEAD_AES_128_GCM: 'SRTP_AEAD_AES_128_GCM',
  AEAD_AES_256_GCM: 'SRTP_AEAD_AES_256_GCM',
};

/** The native report (native/stats.cc): an array of stats objects with W3C member names. */
export function statsReportFromJson(json: string, keep?: (stats: { id: string; type: string }) => boolean): RTCStatsReport {
  const list = JSON.parse(json) as { id: string; type: string; timestamp: number; trackId?: string }[];
  const entries = new Map<string, any>();
  // webrtc-stats: an RTP stream's stats exist from its first packet. This engine reports a receiver's
  // inbound-rtp (with a zero jitter it never measured) from negotiation on; Chrome does not.
  const unborn = new Set<string>();
  for (const stats of list) {
    if (stats.type === 'inbound-rtp' && (stats as { packetsReceived?: number }).packetsReceived === 0) unborn.add(stats.id);
  }
  for (const stats of list) {
    if (OBSOLETE_TYPES.has(stats.type) || unborn.has(stats.id)) continue;
    if (stats.type === 'remote-outbound-rtp' && unborn.has((stats as { localId?: string }).localId ?? '')) continue;
    delete stats.trackId; // pointed at the obsolete 'track' stats
    // The engine writes -1 for a channel without an id yet; webrtc-stats (and Chrome) leave the member out.
    if (stats.type === 'data-channel' && (stats as { dataChannelIdentifier?: number }).dataChannelIdentifier === -1) {
      delete (stats as { dataChannelIdentifier?: number }).dataChannelIdentifier;
    }
    // A peer-reflexive remote candidate's address is not known to JavaScript: the engine blanks it, and
    // webrtc-stats (and Chrome) leave address and ip out.
    if (stats.type === 'remote-candidate' || stats.type === 'local-candidate') {
      const candidate = stats as { address?: string; ip?: string };
      if (candidate.address === '') delete candidate.address;
      if (candidate.ip === '') delete candidate.ip;
    }
    // A peer's report that allowed no round-trip measurement (it references no sender report yet): this
    // engine writes 0; webrtc-stats, and later libwebrtc (Chrome), leave roundTripTime out until one is made.
    if (stats.type === 'remote-inbound-rtp') {
      const remote = stats as { roundTripTime?: number; roundTripTimeMeasurements?: number };
      if (remote.roundTripTimeMeasurements === 0) delete remote.roundTripTime;
    }
    if (stats.type === 'transport') {
      const transport = stats as { srtpCipher?: string };
      if (transport.srtpCipher !== undefined) transport.srtpCipher = SRTP_PROFILE_NAMES[transport.srtpCipher] ?? transport.srtpCipher;
    }
    // libwebrtc serializes its microsecond clock; webrtc-stats timestamps are milliseconds since the epoch.
    stats.timestamp /= 1000;
    if (!keep || keep(stats)) entries.set(stats.id, stats);
  }
  return new RTCStatsReport(illegalConstructor, entries);
}

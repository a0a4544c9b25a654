import { dictionary, domString, nullableString, unsignedShort } from './internal/webidl';

type RTCIceServerTransportProtocol = 'udp' | 'tcp' | 'tls';

interface ParsedCandidate {
  foundation: string | null;
  component: RTCIceComponent | null;
  priority: number | null;
  address: string | null;
  protocol: RTCIceProtocol | null;
  port: number | null;
  type: RTCIceCandidateType | null;
  tcpType: RTCIceTcpCandidateType | null;
  relatedAddress: string | null;
  relatedPort: number | null;
  usernameFragment: string | null;
}

const EMPTY: ParsedCandidate = {
  foundation: null,
  component: null,
  priority: null,
  address: null,
  protocol: null,
  port: null,
  type: null,
  tcpType: null,
  relatedAddress: null,
  relatedPort: null,
  usernameFragment: null,
};

function port(text: string | undefined): number | null {
  if (text === undefined || !/^\d+$/.test(text)) return null;
  const value = Number(text);
  return value <= 65535 ? value : null;
}

/**
 * candidate-attribute of RFC 8839 §5.1:
 * "candidate:" foundation component transport priority address port "typ" type [raddr a] [rport p] *(ext-name ext-value)
 * Unparseable text leaves every field null (the spec's behaviour); the candidate string is kept as given.
 */
export function parseCandidate(candidate: string): ParsedCandidate {
  const text = candidate.trim().replace(/^a=/, '');
  if (!text.startsWith('candidate:')) return { ...EMPTY };
  const fields = text.slice('candidate:'.length).split(/\s+/);
  if (fields.length < 8 || fields[6] !== 'typ') return { ...EMPTY };
  const [foundation, componentId, transport, priorityText, address, portText, , typeText] = fields;
  const protocol = transport.toLowerCase();
  const type = typeText.toLowerCase();
  const result: ParsedCandidate = {
    ...EMPTY,
    foundation,
    component: componentId === '1' ? 'rtp' : componentId === '2' ? 'rtcp' : null,
    priority: /^\d+$/.test(priorityText) && Number(priorityText) <= 0xffffffff ? Number(priorityText) : null,
    address,
    protocol: protocol === 'udp' || protocol === 'tcp' ? protocol : null,
    port: port(portText),
    type: ['host', 'srflx', 'prflx', 'relay'].includes(type) ? (type as RTCIceCandidateType) : null,
  };
  // webrtc-pc §4.8.2 step 5.3: a field with an invalid value aborts the parse: every attribute stays null.
  if (result.component === null || result.priority === null || result.protocol === null || result.port === null || result.type === null) return { ...EMPTY };
  for (let i = 8; i + 1 < fields.length; i += 2) {
    const [name, value] = [fields[i], fields[i + 1]];
    if (name === 'raddr') result.relatedAddress = value;
    else if (name === 'rport') {
      result.relatedPort = port(value);
      if (result.relatedPort === null) return { ...EMPTY };
    } else if (name === 'tcptype') {
      if (!['active', 'passive', 'so'].includes(value)) return { ...EMPTY };
      result.tcpType = value as RTCIceTcpCandidateType;
    } else if (name === 'ufrag') result.usernameFragment = value;
  }
  return result;
}

const ENGINE = Symbol('a candidate from the engine');
interface EngineFields {
  relayProtocol?: RTCIceServerTransportProtocol;
  url?: string;
}

/** A candidate the engine gathered or reports (library-internal): its ufrag, relay protocol and server URL. */
export function engineCandidate(init: RTCIceCandidateInit, fields: EngineFields = {}): RTCIceCandidate {
  // A relay candidate's protocol to its TURN server follows from the server's URL.
  if (fields.url && fields.relayProtocol === undefined) {
    fields.relayProtocol = /^turns:/i.test(fields.url) ? 'tls' : /[?&]transport=tcp\b/i.test(fields.url) ? 'tcp' : 'udp';
  }
  return new RTCIceCandidate({ ...init, [ENGINE]: fields } as RTCIceCandidateInit);
}

/** WebIDL's interface check: an RTCIceCandidate (not merely an object with its prototype). */
export let isIceCandidate: (value: unknown) => value is RTCIceCandidate;

/** One ICE candidate with its parsed fields (webrtc-pc §4.8.2). */
export class RTCIceCandidate implements globalThis.RTCIceCandidate {
  readonly #candidate: string;
  readonly #sdpMid: string | null;
  readonly #sdpMLineIndex: number | null;
  readonly #usernameFragment: string | null;
  readonly #parsed: ParsedCandidate;
  readonly #relayProtocol: RTCIceServerTransportProtocol | null;
  readonly #url: string | null;

  constructor(candidateInitDict: RTCIceCandidateInit = {}) {
    const dict = dictionary<RTCIceCandidateInit>('new RTCIceCandidate', candidateInitDict);
    // WebIDL: each member read once, in member order.
    const candidate: unknown = dict.candidate;
    this.#candidate = candidate === undefined ? '' : domString('new RTCIceCandidate: candidate', candidate);
    const sdpMLineIndex: unknown = dict.sdpMLineIndex;
    this.#sdpMLineIndex = sdpMLineIndex === undefined || sdpMLineIndex === null ? null : unsignedShort(sdpMLineIndex, 'new RTCIceCandidate: sdpMLineIndex');
    this.#sdpMid = nullableString('new RTCIceCandidate: sdpMid', dict.sdpMid);
    const usernameFragmentValue: unknown = dict.usernameFragment;
    const usernameFragment = nullableString('new RTCIceCandidate: usernameFragment', usernameFragmentValue);
    if (this.#sdpMid === null && this.#sdpMLineIndex === null) {
      throw new TypeError('new RTCIceCandidate: sdpMid and sdpMLineIndex are both null; one of them is required');
    }
    this.#parsed = parseCandidate(this.#candidate);
    // webrtc-pc: tcpType belongs to TCP candidates only.
    if (this.#parsed.protocol !== 'tcp') this.#parsed.tcpType = null;
    // From the dictionary only (not the candidate's ufrag extension), as webrtc-pc and Chrome have it; the
    // engine's candidates (engineCandidate) carry theirs, and a relay's protocol and server URL.
    const engine = (candidateInitDict as { [ENGINE]?: EngineFields } | undefined)?.[ENGINE];
    this.#usernameFragment = usernameFragment ?? (engine ? this.#parsed.usernameFragment : null);
    this.#relayProtocol = engine && this.#parsed.type === 'relay' ? engine.relayProtocol ?? null : null;
    this.#url = engine?.url ?? null;
  }

  get candidate(): string {
    return this.#candidate;
  }
  get sdpMid(): string | null {
    return this.#sdpMid;
  }
  get sdpMLineIndex(): number | null {
    return this.#sdpMLineIndex;
  }
  get usernameFragment(): string | null {
    return this.#usernameFragment;
  }
  get foundation(): string | null {
    return this.#parsed.foundation;
  }
  get component(): RTCIceComponent | null {
    return this.#parsed.component;
  }
  get priority(): number | null {
    return this.#parsed.priority;
  }
  get address(): string | null {
    return this.#parsed.address;
  }
  get protocol(): RTCIceProtocol | null {
    return this.#parsed.protocol;
  }
  get port(): number | null {
    return this.#parsed.port;
  }
  get type(): RTCIceCandidateType | null {
    return this.#parsed.type;
  }
  get tcpType(): RTCIceTcpCandidateType | null {
    return this.#parsed.tcpType;
  }
  get relatedAddress(): string | null {
    return this.#parsed.relatedAddress;
  }
  get relatedPort(): number | null {
    return this.#parsed.relatedPort;
  }
  get relayProtocol(): RTCIceServerTransportProtocol | null {
    return this.#relayProtocol;
  }
  get url(): string | null {
    return this.#url;
  }

  toJSON(): RTCIceCandidateInit {
    return {
      candidate: this.#candidate,
      sdpMid: this.#sdpMid,
      sdpMLineIndex: this.#sdpMLineIndex,
      usernameFragment: this.#usernameFragment,
    };
  }

  static {
    isIceCandidate = (value): value is RTCIceCandidate => typeof value === 'object' && value !== null && #candidate in value;
  }
}

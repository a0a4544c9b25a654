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
/**
 * candidate-attribute of RFC 8839 §5.1:
 * "candidate:" foundation component transport priority address port "typ" type [raddr a] [rport p] *(ext-name ext-value)
 * Unparseable text leaves every field null (the spec's behaviour); the candidate string is kept as given.
 */
export declare function parseCandidate(candidate: string): ParsedCandidate;
/** One ICE candidate with its parsed fields (webrtc-pc §4.8.2). */
export declare class RTCIceCandidate implements globalThis.RTCIceCandidate {
    #private;
    constructor(candidateInitDict?: RTCIceCandidateInit);
    get candidate(): string;
    get sdpMid(): string | null;
    get sdpMLineIndex(): number | null;
    get usernameFragment(): string | null;
    get foundation(): string | null;
    get component(): RTCIceComponent | null;
    get priority(): number | null;
    get address(): string | null;
    get protocol(): RTCIceProtocol | null;
    get port(): number | null;
    get type(): RTCIceCandidateType | null;
    get tcpType(): RTCIceTcpCandidateType | null;
    get relatedAddress(): string | null;
    get relatedPort(): number | null;
    get relayProtocol(): RTCIceServerTransportProtocol | null;
    get url(): string | null;
    toJSON(): RTCIceCandidateInit;
}
export {};

import type { NativeDataChannel, NativePeerConnection } from './native';
import type { RTCSctpTransport } from './RTCSctpTransport';
import { illegalConstructor } from './internal/webidl';
/** libwebrtc closes a channel whose send queue passes 16 MiB; send() refuses before that (OperationError). */
export declare const MAX_BUFFERED_AMOUNT: number;
/** RTCDataChannel (webrtc-pc §6.2). */
export declare class RTCDataChannel extends EventTarget implements globalThis.RTCDataChannel {
    #private;
    onopen: ((this: globalThis.RTCDataChannel, ev: Event) => any) | null;
    onbufferedamountlow: ((this: globalThis.RTCDataChannel, ev: Event) => any) | null;
    onerror: ((this: globalThis.RTCDataChannel, ev: globalThis.RTCErrorEvent) => any) | null;
    onclosing: ((this: globalThis.RTCDataChannel, ev: Event) => any) | null;
    onclose: ((this: globalThis.RTCDataChannel, ev: Event) => any) | null;
    onmessage: ((this: globalThis.RTCDataChannel, ev: MessageEvent) => any) | null;
    /** @internal */
    constructor(token: typeof illegalConstructor, native: NativeDataChannel, owner: NativePeerConnection, sctp: () => RTCSctpTransport | null);
    get label(): string;
    get ordered(): boolean;
    get maxPacketLifeTime(): number | null;
    get maxRetransmits(): number | null;
    get protocol(): string;
    get negotiated(): boolean;
    /** Null until the SCTP stream id is assigned (after the DTLS role is known), unless negotiated. */
    get id(): number | null;
    get readyState(): RTCDataChannelState;
    get bufferedAmount(): number;
    get bufferedAmountLowThreshold(): number;
    set bufferedAmountLowThreshold(value: number);
    get binaryType(): BinaryType;
    /** Values other than 'blob' and 'arraybuffer' are ignored (WebIDL enum attribute). */
    set binaryType(value: BinaryType);
    /** Nonstandard, read-only: the priority libwebrtc uses (always the spec's default here). */
    get priority(): 'low';
    send(data: string): void;
    send(data: Blob): void;
    send(data: ArrayBuffer): void;
    send(data: ArrayBufferView): void;
    close(): void;
    /** @internal The connection closed: closed at once, without events (webrtc-pc "close the connection"). */
    markClosedByConnection(): void;
}
/** createDataChannel's argument checks (webrtc-pc §6.1), then the native channel. */
export declare function createDataChannel(owner: NativePeerConnection, labelValue: unknown, initValue: unknown, sctp: () => RTCSctpTransport | null): RTCDataChannel;
export declare function adoptRemoteChannel(owner: NativePeerConnection, native: NativeDataChannel, sctp: () => RTCSctpTransport | null): RTCDataChannel;
export declare function closeChannelsOf(owner: NativePeerConnection): void;

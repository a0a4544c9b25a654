export declare class RTCError extends DOMException implements globalThis.RTCError {
    readonly errorDetail: RTCErrorDetailType;
    readonly sdpLineNumber: number | null;
    readonly sctpCauseCode: number | null;
    readonly receivedAlert: number | null;
    readonly sentAlert: number | null;
    readonly httpRequestStatusCode: number | null;
    constructor(init: RTCErrorInit, message?: string);
}

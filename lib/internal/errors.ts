// The spec's exceptions. DOMException is Node's global one; RTCError extends it.
import { RTCError } from '../RTCError';

export function domException(name: string, message: string): DOMException {
  return new DOMException(message, name);
}

export const invalidState = (message: string) => domException('InvalidStateError', message);
export const operationError = (message: string) => domException('OperationError', message);
export const invalidAccess = (message: string) => domException('InvalidAccessError', message);
export const invalidModification = (message: string) => domException('InvalidModificationError', message);
export const syntaxError = (message: string) => domException('SyntaxError', message);
export const notSupported = (message: string) => domException('NotSupportedError', message);

/** Builds the error native/ names: (name, message, detail) → the class the spec asks for. */
export function fromNative(name: string, message: string, detail: Record<string, unknown>): Error {
  switch (name) {
    case 'TypeError':
      return new TypeError(message);
    case 'RangeError':
      return new RangeError(message);
    case 'RTCError':
      return new RTCError(
        {
          errorDetail: (detail.errorDetail as RTCErrorDetailType | undefined) ?? 'data-channel-failure',
          sdpLineNumber: detail.sdpLineNumber as number | undefined,
          sctpCauseCode: detail.sctpCauseCode as number | undefined,
        },
        message,
      );
    default:
      return domException(name, message);
  }
}

import { type RTCError, isRTCError } from './RTCError';
import { dictionary, domString, eventInit, requireArguments, typeError } from './internal/webidl';

/** The error event of RTCDataChannel and RTCDtlsTransport. */
export class RTCErrorEvent extends Event implements globalThis.RTCErrorEvent {
  readonly #error: RTCError;

  constructor(type: string, init: RTCErrorEventInit) {
    requireArguments('new RTCErrorEvent', arguments.length, 2);
    const typeName = domString('new RTCErrorEvent', type);
    const dict = dictionary<RTCErrorEventInit>('new RTCErrorEvent', init);
    const base = eventInit(dict); // each member read once, EventInit's first (WebIDL)
    const error: unknown = dict.error;
    if (error === undefined) throw new TypeError('new RTCErrorEvent: required member error missing');
    if (!isRTCError(error)) throw typeError('new RTCErrorEvent: error', 'an RTCError', error);
    super(typeName, base);
    this.#error = error;
  }

  get error(): RTCError {
    return this.#error;
  }
}

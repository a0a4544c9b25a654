import { RTCError } from './RTCError';
import { dictionary, domString, requireArguments } from './internal/webidl';

/** The error event of RTCDataChannel and RTCDtlsTransport. */
export class RTCErrorEvent extends Event implements globalThis.RTCErrorEvent {
  readonly #error: RTCError;

  constructor(type: string, init: RTCErrorEventInit) {
    requireArguments('new RTCErrorEvent', arguments.length, 2);
    const dict = dictionary<RTCErrorEventInit>('new RTCErrorEvent', init);
    if (!(dict.error instanceof RTCError)) throw new TypeError('new RTCErrorEvent: error must be an RTCError');
    super(domString('new RTCErrorEvent', type), dict);
    this.#error = dict.error;
  }

  get error(): RTCError {
    return this.#error;
  }
}

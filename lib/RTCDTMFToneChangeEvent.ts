import { dictionary, domString, requireArguments } from './internal/webidl';

/** The tonechange event: the tone that started playing, or '' when the buffer emptied. */
export class RTCDTMFToneChangeEvent extends Event implements globalThis.RTCDTMFToneChangeEvent {
  readonly #tone: string;
  constructor(type: string, init: RTCDTMFToneChangeEventInit = {}) {
    requireArguments('new RTCDTMFToneChangeEvent', arguments.length, 1);
    const dict = dictionary<RTCDTMFToneChangeEventInit>('new RTCDTMFToneChangeEvent', init);
    super(domString('new RTCDTMFToneChangeEvent', type), dict);
    this.#tone = dict.tone ?? '';
  }

  get tone(): string {
    return this.#tone;
  }
}

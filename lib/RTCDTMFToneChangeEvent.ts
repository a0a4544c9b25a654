import { dictionary, domString, eventInit, requireArguments } from './internal/webidl';

/** The tonechange event: the tone that started playing, or '' when the buffer emptied. */
export class RTCDTMFToneChangeEvent extends Event implements globalThis.RTCDTMFToneChangeEvent {
  readonly #tone: string;
  constructor(type: string, init: RTCDTMFToneChangeEventInit = {}) {
    requireArguments('new RTCDTMFToneChangeEvent', arguments.length, 1);
    const typeName = domString('new RTCDTMFToneChangeEvent', type);
    const dict = dictionary<RTCDTMFToneChangeEventInit>('new RTCDTMFToneChangeEvent', init);
    const base = eventInit(dict); // each member read once, EventInit's first (WebIDL)
    const toneValue: unknown = dict.tone;
    const tone = toneValue === undefined ? '' : domString('new RTCDTMFToneChangeEvent: tone', toneValue);
    super(typeName, base);
    this.#tone = tone;
  }

  get tone(): string {
    return this.#tone;
  }
}

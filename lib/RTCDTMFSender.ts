import type { NativeDtmfSender } from './native';
import { RTCDTMFToneChangeEvent } from './RTCDTMFToneChangeEvent';
import { domException, invalidState } from './internal/errors';
import { defineEventHandlers } from './internal/event-handlers';
import { domString, illegalConstructor, requireArguments, requireInternal, unsignedLong } from './internal/webidl';
import { trusted } from './internal/trusted';

const wrappers = new WeakMap<NativeDtmfSender, RTCDTMFSender>();

// lib.dom's typed addEventListener/removeEventListener overloads (declaration merging: no runtime code).
export interface RTCDTMFSender {
  addEventListener<K extends keyof RTCDTMFSenderEventMap>(type: K, listener: (this: globalThis.RTCDTMFSender, ev: RTCDTMFSenderEventMap[K]) => any, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof RTCDTMFSenderEventMap>(type: K, listener: (this: globalThis.RTCDTMFSender, ev: RTCDTMFSenderEventMap[K]) => any, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

/** RTCDTMFSender (webrtc-pc §7): telephone-event tones on an audio sender. */
export class RTCDTMFSender extends EventTarget implements globalThis.RTCDTMFSender {
  readonly #native: NativeDtmfSender;
  readonly #sending: () => boolean;
  // [[ToneBuffer]]: set by insertDTMF() and by each tonechange, never by the engine's thread in between
  // (a read right after insertDTMF() saw the first tone already taken out).
  #toneBuffer = '';
  #inserts = 0; // insertDTMF() calls the engine took
  #playing = false; // tones inserted and the final '' tonechange not yet fired
  // webrtc-pc's Playout task: after a tone, the next one starts once its duration and gap have passed (2 s
  // after ','). libwebrtc restarts its playout 1 ms after any insert, so an insert while a tone sounds is
  // held here until then: the engine's pending playout is cancelled (its final '' is not announced) and the
  // new tones reach it when the spec's task would run.
  #nextToneAt = 0; // performance.now() at which the current tone's duration and gap end
  #timing = { duration: 100, gap: 70 }; // of the insert now playing
  #held: { text: string; duration: number; gap: number; timer: NodeJS.Timeout } | null = null;
  #cancelInsert = -1; // the engine insert whose final '' only cancelled the old playout

  declare ontonechange: ((this: globalThis.RTCDTMFSender, ev: globalThis.RTCDTMFToneChangeEvent) => any) | null;

  /** @internal */
  constructor(token: typeof illegalConstructor, native: NativeDtmfSender, sending: () => boolean) {
    requireInternal(token, 'RTCDTMFSender');
    super();
    this.#native = native;
    this.#sending = sending;
    native.ontonechange = (tone, toneBuffer, inserts) => {
      if (tone === '' && inserts === this.#cancelInsert) return; // the held insert takes over (see #held)
      // The engine's buffer once it took the tone out, in the event's task; one made before the latest
      // insertDTMF() (the JS thread was busy) is stale: that insert's buffer stays.
      if (inserts === this.#inserts && !this.#held) {
        this.#toneBuffer = toneBuffer;
        if (tone === '') this.#playing = false;
        const { duration, gap } = this.#timing;
        this.#nextToneAt = tone === '' ? 0 : performance.now() + (tone === ',' ? 2000 : duration + gap);
      }
      this.dispatchEvent(trusted(new RTCDTMFToneChangeEvent('tonechange', { tone })));
    };
  }

  get canInsertDTMF(): boolean {
    return this.#sending() && this.#native.canInsertDTMF();
  }
  get toneBuffer(): string {
    return this.#toneBuffer;
  }

  insertDTMF(tones: string, duration = 100, interToneGap = 70): void {
    requireArguments('RTCDTMFSender.insertDTMF', arguments.length, 1);
    const text = domString('RTCDTMFSender.insertDTMF: tones', tones).toUpperCase();
    if (!this.#sending()) throw invalidState('insertDTMF(): the sender is not sending audio');
    if (!this.#native.canInsertDTMF()) throw invalidState('insertDTMF(): the remote peer did not negotiate telephone-event');
    if (/[^0-9A-D#*,]/.test(text)) throw domException('InvalidCharacterError', `insertDTMF(): '${tones}' has characters other than 0-9, A-D, #, * and ','`);
    // The spec clamps rather than rejects.
    const clampedDuration = Math.min(6000, Math.max(40, unsignedLong(duration, 'RTCDTMFSender.insertDTMF: duration')));
    // Above 2^31 - 1 ms (24.8 days; libwebrtc takes an int) the gap is as good as endless either way.
    const clampedGap = Math.min(0x7fffffff, Math.max(30, unsignedLong(interToneGap, 'RTCDTMFSender.insertDTMF: interToneGap')));
    // webrtc-pc: an empty buffer schedules no playout, so no tonechange; it only cancels tones still queued.
    if (text === '' && !this.#playing) {
      this.#toneBuffer = '';
      return;
    }
    this.#toneBuffer = text;
    const wait = this.#nextToneAt - performance.now();
    if (this.#playing && wait > 1) {
      // A tone is sounding: the new buffer waits for the end of its duration and gap (webrtc-pc).
      if (this.#held) clearTimeout(this.#held.timer);
      else {
        this.#native.insertDTMF('', clampedDuration, clampedGap); // stops the engine's pending playout
        this.#inserts++;
        this.#cancelInsert = this.#inserts;
      }
      // (unref: held tones do not keep a process alive that has nothing else to do)
      const timer = setTimeout(() => this.#releaseHeld(), Math.min(wait, 0x7fffffff)).unref();
      this.#held = { text, duration: clampedDuration, gap: clampedGap, timer };
      return;
    }
    this.#play(text, clampedDuration, clampedGap);
  }

  #play(text: string, duration: number, gap: number): void {
    this.#playing = text !== '' || this.#playing;
    this.#native.insertDTMF(text, duration, gap);
    this.#inserts++;
    this.#timing = { duration, gap };
  }

  #releaseHeld(): void {
    const held = this.#held;
    if (!held) return;
    this.#held = null;
    try {
      this.#play(held.text, held.duration, held.gap);
    } catch {
      // The sender stopped or its connection closed meanwhile: nothing is left to play.
      this.#playing = false;
    }
  }
}

defineEventHandlers(RTCDTMFSender, ['tonechange']);

export function dtmfSenderOf(native: NativeDtmfSender, sending: () => boolean): RTCDTMFSender {
  let wrapper = wrappers.get(native);
  if (!wrapper) wrappers.set(native, (wrapper = new RTCDTMFSender(illegalConstructor, native, sending)));
  return wrapper;
}

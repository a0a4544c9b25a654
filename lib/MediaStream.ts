import { randomUUID } from 'node:crypto';
import { MediaStreamTrack, isTrack } from './MediaStreamTrack';
import { MediaStreamTrackEvent } from './MediaStreamTrackEvent';
import { defineEventHandlers } from './internal/event-handlers';
import { domString, requireArguments, setLengths, typeError } from './internal/webidl';
import { trusted } from './internal/trusted';

/** A remote peer added the track to its stream: addtrack fires (library-internal). */
export let addRemoteTrack: (stream: MediaStream, track: MediaStreamTrack) => void;
/** The remote peer removed it: removetrack fires (library-internal). */
export let removeRemoteTrack: (stream: MediaStream, track: MediaStreamTrack) => void;
/** WebIDL's interface check: a MediaStream (not merely an object with its prototype). */
export let isMediaStream: (value: unknown) => value is MediaStream;

// lib.dom's typed addEventListener/removeEventListener overloads (declaration merging: no runtime code).
export interface MediaStream {
  addEventListener<K extends keyof MediaStreamEventMap>(type: K, listener: (this: globalThis.MediaStream, ev: MediaStreamEventMap[K]) => any, options?: boolean | AddEventListenerOptions): void;
  addEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | AddEventListenerOptions): void;
  removeEventListener<K extends keyof MediaStreamEventMap>(type: K, listener: (this: globalThis.MediaStream, ev: MediaStreamEventMap[K]) => any, options?: boolean | EventListenerOptions): void;
  removeEventListener(type: string, listener: EventListenerOrEventListenerObject | null, options?: boolean | EventListenerOptions): void;
}

/** MediaStream (mediacapture-main §4.2): an ordered set of tracks with an id. */
export class MediaStream extends EventTarget implements globalThis.MediaStream {
  readonly #id: string;
  readonly #tracks = new Map<string, MediaStreamTrack>();

  declare onaddtrack: ((this: globalThis.MediaStream, ev: globalThis.MediaStreamTrackEvent) => any) | null;
  declare onremovetrack: ((this: globalThis.MediaStream, ev: globalThis.MediaStreamTrackEvent) => any) | null;

  constructor();
  constructor(stream: globalThis.MediaStream);
  constructor(tracks: Iterable<globalThis.MediaStreamTrack>);
  constructor(streamOrTracks?: globalThis.MediaStream | Iterable<globalThis.MediaStreamTrack>) {
    super();
    this.#id = randomUUID();
    // Remote streams take the id the remote peer signaled (internal construction).
    const internalId = (streamOrTracks as unknown as { [REMOTE_ID]?: string } | undefined)?.[REMOTE_ID];
    if (internalId !== undefined) {
      this.#id = internalId;
      return;
    }
    // new MediaStream(undefined) matches no overload (Chrome: TypeError); new MediaStream() is the empty one.
    if (streamOrTracks === undefined) {
      if (arguments.length > 0) throw typeError('new MediaStream', 'a MediaStream or a sequence of MediaStreamTracks', streamOrTracks);
      return;
    }
    // WebIDL overloads: a MediaStream, else a sequence<MediaStreamTrack>, which is any iterable object.
    let tracks: Iterable<unknown>;
    if (streamOrTracks instanceof MediaStream) tracks = streamOrTracks.getTracks();
    else if (typeof streamOrTracks === 'object' && streamOrTracks !== null && typeof (streamOrTracks as { [Symbol.iterator]?: unknown })[Symbol.iterator] === 'function') tracks = streamOrTracks as Iterable<unknown>;
    else throw typeError('new MediaStream', 'a MediaStream or a sequence of MediaStreamTracks', streamOrTracks);
    for (const track of tracks) {
      if (!isTrack(track)) throw typeError('new MediaStream', 'MediaStreamTracks', track);
      if (!this.#tracks.has(track.id)) this.#tracks.set(track.id, track);
    }
  }

  get id(): string {
    return this.#id;
  }
  get active(): boolean {
    return [...this.#tracks.values()].some((track) => track.readyState === 'live');
  }
  /** Audio tracks first, then video, each in the order they were added (the spec leaves it open; Chrome's order). */
  getTracks(): MediaStreamTrack[] {
    return [...this.getAudioTracks(), ...this.getVideoTracks()];
  }
  getAudioTracks(): MediaStreamTrack[] {
    return [...this.#tracks.values()].filter((track) => track.kind === 'audio');
  }
  getVideoTracks(): MediaStreamTrack[] {
    return [...this.#tracks.values()].filter((track) => track.kind === 'video');
  }
  getTrackById(trackId: string): MediaStreamTrack | null {
    requireArguments('MediaStream.getTrackById', arguments.length, 1);
    return this.#tracks.get(domString('MediaStream.getTrackById', trackId)) ?? null;
  }
  /** No event: addtrack is for tracks the user agent adds (remote streams). */
  addTrack(track: globalThis.MediaStreamTrack): void {
    if (!isTrack(track)) throw typeError('MediaStream.addTrack', 'a MediaStreamTrack', track);
    if (!this.#tracks.has(track.id)) this.#tracks.set(track.id, track);
  }
  removeTrack(track: globalThis.MediaStreamTrack): void {
    if (!isTrack(track)) throw typeError('MediaStream.removeTrack', 'a MediaStreamTrack', track);
    if (this.#tracks.get(track.id) === track) this.#tracks.delete(track.id);
  }
  clone(): MediaStream {
    return new MediaStream(this.getTracks().map((track) => track.clone()));
  }

  #addRemoteTrack(track: MediaStreamTrack): void {
    if (this.#tracks.has(track.id)) return;
    this.#tracks.set(track.id, track);
    this.dispatchEvent(trusted(new MediaStreamTrackEvent('addtrack', { track: track as unknown as globalThis.MediaStreamTrack })));
  }

  #removeRemoteTrack(track: MediaStreamTrack): void {
    if (!this.#tracks.has(track.id)) return;
    this.#tracks.delete(track.id);
    this.dispatchEvent(trusted(new MediaStreamTrackEvent('removetrack', { track: track as unknown as globalThis.MediaStreamTrack })));
  }

  static {
    addRemoteTrack = (stream, track) => stream.#addRemoteTrack(track);
    removeRemoteTrack = (stream, track) => stream.#removeRemoteTrack(track);
    isMediaStream = (value): value is MediaStream => typeof value === 'object' && value !== null && #id in value;
  }
}


const REMOTE_ID = Symbol('remote stream id');

/** @internal A stream announced by the remote peer, with its signaled id. */
export function remoteStream(id: string): MediaStream {
  return new MediaStream({ [REMOTE_ID]: id } as unknown as MediaStreamTrack[]);
}

defineEventHandlers(MediaStream, ['addtrack', 'removetrack']);
setLengths(MediaStream, { '': 0 });

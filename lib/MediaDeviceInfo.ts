import { illegalConstructor, requireInternal } from './internal/webidl';

/** MediaDeviceInfo (mediacapture-main §9.2.1): one camera, microphone or speaker. */
export class MediaDeviceInfo implements globalThis.MediaDeviceInfo {
  readonly #deviceId: string;
  readonly #kind: MediaDeviceKind;
  readonly #label: string;
  readonly #groupId: string;

  /** @internal */
  constructor(token: typeof illegalConstructor, deviceId: string, kind: MediaDeviceKind, label: string, groupId: string) {
    requireInternal(token, 'MediaDeviceInfo');
    this.#deviceId = deviceId;
    this.#kind = kind;
    this.#label = label;
    this.#groupId = groupId;
  }
  get deviceId(): string {
    return this.#deviceId;
  }
  get kind(): MediaDeviceKind {
    return this.#kind;
  }
  get label(): string {
    return this.#label;
  }
  get groupId(): string {
    return this.#groupId;
  }
  toJSON(): { deviceId: string; kind: MediaDeviceKind; label: string; groupId: string } {
    return { deviceId: this.#deviceId, kind: this.#kind, label: this.#label, groupId: this.#groupId };
  }
}

/** InputDeviceInfo: a camera or microphone, with what it can do. */
export class InputDeviceInfo extends MediaDeviceInfo implements globalThis.InputDeviceInfo {
  readonly #capabilities: MediaTrackCapabilities;
  /** @internal */
  constructor(token: typeof illegalConstructor, deviceId: string, kind: MediaDeviceKind, label: string, groupId: string, capabilities: MediaTrackCapabilities) {
    super(token, deviceId, kind, label, groupId);
    this.#capabilities = capabilities;
  }
  getCapabilities(): MediaTrackCapabilities {
    return structuredClone(this.#capabilities);
  }
}

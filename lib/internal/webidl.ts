// WebIDL argument conversions with one message shape: "<Interface>.<member>: expected X, received Y".
// Synchronous methods throw these; promise-returning methods turn them into rejections.

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return `${typeof value} ${String(value)}`;
  if (typeof value === 'symbol') return 'a symbol';
  if (typeof value === 'function') return 'a function';
  if (Array.isArray(value)) return 'an array';
  const name = (value as object).constructor?.name;
  return name ? `an instance of ${name}` : 'an object';
}

export function typeError(where: string, expected: string, value: unknown): TypeError {
  return new TypeError(`${where}: expected ${expected}, received ${describe(value)}`);
}

export function requireArguments(where: string, count: number, required: number): void {
  if (count < required) {
    throw new TypeError(`${where}: ${required} argument${required > 1 ? 's' : ''} required, but only ${count} present`);
  }
}

/**
 * WebIDL dictionary: undefined and null become {}, other non-objects are a TypeError. WebIDL reads each member
 * once; the view returned remembers each member's first read, so code that looks at a member twice (present?
 * then convert) still sees one value, and a getter cannot hand a checked value first and another one later.
 */
export function dictionary<T extends object>(where: string, value: unknown): Partial<T> {
  if (value === undefined || value === null) return {};
  if (typeof value !== 'object' && typeof value !== 'function') throw typeError(where, 'an object (dictionary)', value);
  const read = new Map<PropertyKey, unknown>();
  return new Proxy(value as Partial<T>, {
    get(target, key) {
      if (!read.has(key)) read.set(key, Reflect.get(target, key, target));
      return read.get(key);
    },
  });
}

/** WebIDL DOMString: anything but a symbol converts with String(). */
export function domString(where: string, value: unknown): string {
  if (typeof value === 'symbol') throw typeError(where, 'a string', value);
  return String(value);
}

/** WebIDL USVString: a DOMString whose lone surrogates become U+FFFD. */
export function usvString(where: string, value: unknown): string {
  return (domString(where, value) as unknown as { toWellFormed(): string }).toWellFormed();
}

export function optionalString(where: string, value: unknown): string | undefined {
  return value === undefined ? undefined : domString(where, value);
}

export function nullableString(where: string, value: unknown): string | null {
  return value === undefined || value === null ? null : domString(where, value);
}

export function enumValue<T extends string>(where: string, value: unknown, allowed: readonly T[], typeName: string): T {
  const text = domString(where, value);
  if (!(allowed as readonly string[]).includes(text)) {
    throw new TypeError(`${where}: '${text}' is not a valid value of ${typeName} (expected one of ${allowed.map((v) => `'${v}'`).join(', ')})`);
  }
  return text as T;
}

/**
 * ECMAScript ToNumber, where WebIDL's numeric conversions begin: a BigInt or a symbol is a TypeError (Number()
 * would take a BigInt), and so is an object whose valueOf gives one (unary plus throws for it; a valueOf that
 * throws is rethrown as it is, as WebIDL does).
 */
export function toNumber(where: string, value: unknown): number {
  if (typeof value === 'bigint' || typeof value === 'symbol') throw typeError(where, 'a number', value);
  return +(value as number);
}

/** WebIDL integer types with [EnforceRange]: non-finite or out-of-range values are a TypeError. */
export function enforceRange(where: string, value: unknown, min: number, max: number): number {
  const number = toNumber(where, value);
  if (!Number.isFinite(number)) throw typeError(where, `a finite number in [${min}, ${max}]`, value);
  const integer = Math.trunc(number) + 0; // + 0: no -0
  if (integer < min || integer > max) throw typeError(where, `an integer in [${min}, ${max}]`, value);
  return integer;
}

/** WebIDL's ConvertToInt without [EnforceRange] or [Clamp]: modulo 2^bits, as browsers do. */
function moduloInteger(where: string, value: unknown, bits: number, signed: boolean): number {
  const number = toNumber(where, value);
  if (!Number.isFinite(number)) return 0;
  let integer = Math.trunc(number) % 2 ** bits;
  if (integer < 0) integer += 2 ** bits;
  if (signed && integer >= 2 ** (bits - 1)) integer -= 2 ** bits;
  return integer + 0;
}

export function unsignedLong(value: unknown, where = 'unsigned long'): number {
  return moduloInteger(where, value, 32, false);
}

export function long(value: unknown, where = 'long'): number {
  return moduloInteger(where, value, 32, true);
}

export function unsignedShort(value: unknown, where = 'unsigned short'): number {
  return moduloInteger(where, value, 16, false);
}

/** WebIDL [Clamp] unsigned long: NaN is 0, out-of-range values the nearest bound, fractions round half to even. */
export function clampedUnsignedLong(value: unknown, where = 'unsigned long'): number {
  const number = toNumber(where, value);
  if (Number.isNaN(number)) return 0;
  const clamped = Math.min(Math.max(number, 0), 2 ** 32 - 1);
  const floor = Math.floor(clamped);
  const fraction = clamped - floor;
  return fraction > 0.5 || (fraction === 0.5 && floor % 2 === 1) ? floor + 1 : floor;
}

/**
 * EventInit's members, each read once in WebIDL's order (an inherited dictionary's members come first), so a
 * derived event's init can be converted in order and handed to Event's constructor as plain values.
 */
export function eventInit(dict: EventInit): EventInit {
  const bubbles = Boolean(dict.bubbles);
  const cancelable = Boolean(dict.cancelable);
  const composed = Boolean(dict.composed);
  return { bubbles, cancelable, composed };
}

export function sequence<T>(where: string, value: unknown, convert: (item: unknown, index: number) => T): T[] {
  if (value === null || typeof value !== 'object' || typeof (value as Iterable<unknown>)[Symbol.iterator] !== 'function') {
    throw typeError(where, 'a sequence (an iterable)', value);
  }
  return Array.from(value as Iterable<unknown>, (item, index) => convert(item, index));
}

/** Runs a synchronous argument check for a promise-returning method: a throw becomes a rejection. */
export function rejectOnThrow<T>(check: () => Promise<T>): Promise<T> {
  try {
    return check();
  } catch (error) {
    const rejected = Promise.reject(error);
    argumentRejections.add(rejected);
    return rejected;
  }
}

/** Promises that rejectOnThrow() made from a synchronous throw: the arguments failed before the operation began. */
const argumentRejections = new WeakSet<Promise<unknown>>();

/** Whether `promise` is rejectOnThrow()'s rejection for arguments that failed to convert or check. */
export function rejectedBeforeStart(promise: Promise<unknown>): boolean {
  return argumentRejections.has(promise);
}

export const illegalConstructor = Symbol('node-libwebrtc internal construction');

export function requireInternal(token: unknown, name: string): void {
  if (token !== illegalConstructor) throw new TypeError(`Illegal constructor: ${name} objects are created by node-libwebrtc`);
}

/** The RTCPriorityType enum (webrtc-priority): encodings' priorities and data channels'. */
export const PRIORITIES: readonly RTCPriorityType[] = ['very-low', 'low', 'medium', 'high'];

/**
 * WebIDL: an operation's or constructor's `length` is its number of required arguments (TypeScript's output
 * counts optional and defaulted parameters too). '' names the constructor itself.
 */
export function setLengths(target: object, lengths: Record<string, number>): void {
  for (const [name, length] of Object.entries(lengths)) {
    const fn = name === '' ? target : (target as { prototype: Record<string, unknown> }).prototype[name];
    Object.defineProperty(fn, 'length', { value: length });
  }
}

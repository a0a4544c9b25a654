// mediacapture-main's constraint processing ("SelectSettings" and its fitness distance), as pure functions:
// candidates are the settings a device can produce; the chosen one has the smallest distance to the
// constraints, or the first required constraint that no candidate meets is reported.

import { clampedUnsignedLong, dictionary, domString, toNumber } from './webidl';

export type SettingValue = number | string | boolean;
export type Settings = Record<string, SettingValue | undefined>;

export interface Candidate<T = unknown> {
  settings: Settings;
  /** What the caller needs to produce these settings (a device and a format, say). */
  detail: T;
}

type ConstraintValue =
  | SettingValue
  | SettingValue[]
  | { exact?: SettingValue | SettingValue[]; ideal?: SettingValue | SettingValue[]; min?: number; max?: number };

/** The properties this implementation can constrain (mediaDevices.getSupportedConstraints()). */
export const SUPPORTED_CONSTRAINTS = [
  'deviceId',
  'groupId',
  'width',
  'height',
  'aspectRatio',
  'frameRate',
  'facingMode',
  'resizeMode',
  'sampleRate',
  'sampleSize',
  'channelCount',
  'echoCancellation',
  'autoGainControl',
  'noiseSuppression',
  'latency',
  'displaySurface',
] as const;

// Constraints of one kind of source only: for a source of the other kind they do not apply, and are ignored
// however they are given (mediacapture-main's fitness distance; WPT GUM-non-applicable-constraint).
const VIDEO_ONLY = new Set(['width', 'height', 'aspectRatio', 'frameRate', 'facingMode', 'resizeMode', 'displaySurface']);
const AUDIO_ONLY = new Set(['sampleRate', 'sampleSize', 'channelCount', 'echoCancellation', 'autoGainControl', 'noiseSuppression', 'latency']);

// The WebIDL type of each constraint: ConstrainULong, ConstrainDouble, ConstrainBoolean or ConstrainDOMString.
const ULONG = new Set(['width', 'height', 'sampleRate', 'sampleSize', 'channelCount']);
const DOUBLE = new Set(['aspectRatio', 'frameRate', 'latency']);
const BOOLEAN = new Set(['echoCancellation', 'autoGainControl', 'noiseSuppression']);

function restrictedDouble(name: string, value: unknown): number {
  const number = toNumber(`constraint '${name}'`, value);
  if (!Number.isFinite(number)) throw new TypeError(`constraint '${name}': expected a finite number, received ${String(value)}`);
  return number;
}

function domStrings(name: string, value: unknown): string | string[] {
  const where = `constraint '${name}'`;
  return typeof value === 'object' && value !== null && Symbol.iterator in value
    ? Array.from(value as Iterable<unknown>, (item) => domString(where, item))
    : domString(where, value);
}

/** One constraint converted as its WebIDL union says: "15" from a form field is 15, as in a browser. */
function convertConstraint(name: string, value: unknown): unknown {
  const isDictionary = value === null || typeof value === 'object' || typeof value === 'function';
  const members = (convert: (member: unknown) => unknown, names: readonly string[]) => {
    const dict = Object(value ?? {}) as Record<string, unknown>;
    const result: Record<string, unknown> = {};
    for (const member of names) if (dict[member] !== undefined) result[member] = convert(dict[member]);
    return result;
  };
  // ConstrainULong's members and bare value are [Clamp] unsigned long: -1 is 0, 1e10 is 4294967295.
  if (ULONG.has(name)) {
    const convert = (member: unknown) => clampedUnsignedLong(member, `constraint '${name}'`);
    return isDictionary ? members(convert, ['max', 'min', 'exact', 'ideal']) : convert(value);
  }
  if (DOUBLE.has(name)) {
    const convert = (member: unknown) => restrictedDouble(name, member);
    return isDictionary ? members(convert, ['max', 'min', 'exact', 'ideal']) : convert(value);
  }
  if (BOOLEAN.has(name)) return isDictionary ? members(Boolean, ['exact', 'ideal']) : Boolean(value);
  // ConstrainDOMString: a sequence (any iterable), else a dictionary, else a string.
  if (typeof value === 'object' && value !== null && Symbol.iterator in value) return domStrings(name, value);
  return isDictionary ? members((member) => domStrings(name, member), ['exact', 'ideal']) : domString(`constraint '${name}'`, value);
}

/**
 * The constraints as WebIDL converts the dictionary: only the members this implementation knows (in the
 * basic set and each advanced set; unknown members are dropped, so an unknown constraint, even required,
 * is ignored), each converted to its type.
 */
export function knownConstraints(constraints: MediaTrackConstraints): MediaTrackConstraints {
  const known = (set: object) =>
    Object.fromEntries(
      Object.entries(set)
        .filter(([name, value]) => value !== undefined && (SUPPORTED_CONSTRAINTS as readonly string[]).includes(name))
        .map(([name, value]) => [name, convertConstraint(name, value)]),
    );
  const result: Record<string, unknown> = known(constraints);
  if (constraints.advanced !== undefined && constraints.advanced !== null) {
    if (typeof constraints.advanced !== 'object' || !(Symbol.iterator in constraints.advanced)) throw new TypeError('constraints: advanced must be a sequence of constraint sets');
    result.advanced = Array.from(constraints.advanced as Iterable<unknown>, (set) => known(dictionary('constraints: advanced[]', set)));
  }
  return result as MediaTrackConstraints;
}

function isRange(value: ConstraintValue): value is { exact?: SettingValue | SettingValue[]; ideal?: SettingValue | SettingValue[]; min?: number; max?: number } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a constraint (in the basic set; bare values are ideal there) is required. */
export function isRequired(value: ConstraintValue): boolean {
  return isRange(value) && ('exact' in value || 'min' in value || 'max' in value);
}

/** The fitness distance of one constraint against one setting (mediacapture-main §"fitness distance"). */
export function fitness(name: string, value: ConstraintValue, setting: SettingValue | undefined, bareIsExact = false): number {
  if (!(SUPPORTED_CONSTRAINTS as readonly string[]).includes(name)) return 0;
  const range = isRange(value) ? value : bareIsExact ? { exact: value } : { ideal: value };
  if (setting === undefined) return isRequired(range) ? Infinity : 1;
  const list = (v: SettingValue | SettingValue[]) => (Array.isArray(v) ? v : [v]);
  if (range.exact !== undefined && !list(range.exact).includes(setting)) return Infinity;
  if (typeof setting === 'number') {
    if (range.min !== undefined && setting < range.min) return Infinity;
    if (range.max !== undefined && setting > range.max) return Infinity;
    if (range.ideal !== undefined) {
      const ideal = Number(list(range.ideal)[0]);
      if (setting === ideal) return 0;
      return Math.abs(setting - ideal) / Math.max(Math.abs(setting), Math.abs(ideal));
    }
    return 0;
  }
  if (range.ideal !== undefined) return list(range.ideal).includes(setting) ? 0 : 1;
  return 0;
}

function distance(constraints: Record<string, ConstraintValue>, settings: Settings, bareIsExact: boolean, kind: 'audio' | 'video'): { total: number; failed: string | null } {
  const notApplicable = kind === 'audio' ? VIDEO_ONLY : AUDIO_ONLY;
  let total = 0;
  for (const [name, value] of Object.entries(constraints)) {
    if (name === 'advanced' || value === undefined || notApplicable.has(name)) continue;
    const d = fitness(name, value, settings[name], bareIsExact);
    if (d === Infinity) return { total: Infinity, failed: name };
    total += d;
  }
  return { total, failed: null };
}

export type Selection<T> = { candidate: Candidate<T> } | { failedConstraint: string };

/** SelectSettings for a source of `kind`: candidates are in the user agent's order of preference (defaults first). */
export function selectSettings<T>(constraints: MediaTrackConstraints, candidates: Candidate<T>[], kind: 'audio' | 'video'): Selection<T> {
  const basic = constraints as unknown as Record<string, ConstraintValue>;
  let remaining: { candidate: Candidate<T>; total: number }[] = [];
  let failedConstraint = '';
  for (const candidate of candidates) {
    const { total, failed } = distance(basic, candidate.settings, false, kind);
    if (failed) failedConstraint ||= failed;
    else remaining.push({ candidate, total });
  }
  if (remaining.length === 0) return { failedConstraint: failedConstraint || Object.keys(basic)[0] || 'deviceId' };
  // Advanced sets narrow the choice when they can be met, and are skipped when they cannot.
  for (const set of constraints.advanced ?? []) {
    const kept = remaining.filter(({ candidate }) => distance(set as unknown as Record<string, ConstraintValue>, candidate.settings, true, kind).failed === null);
    if (kept.length) remaining = kept;
  }
  let best = remaining[0];
  for (const entry of remaining) if (entry.total < best.total) best = entry;
  return { candidate: best.candidate };
}

/** The value a constraint asks to scale to (exact, else ideal, else max), or undefined. A min is a floor, not a target. */
export function target(value: unknown): number | undefined {
  if (typeof value === 'number') return value;
  if (typeof value === 'object' && value !== null) {
    const v = value as { ideal?: unknown; exact?: unknown; max?: unknown };
    for (const key of ['exact', 'ideal', 'max'] as const) if (typeof v[key] === 'number') return v[key] as number;
  }
  return undefined;
}

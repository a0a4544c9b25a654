"use strict";
// WebIDL argument conversions with one message shape: "<Interface>.<member>: expected X, received Y".
// Synchronous methods throw these; promise-returning methods turn them into rejections.
Object.defineProperty(exports, "__esModule", { value: true });
exports.illegalConstructor = void 0;
exports.describe = describe;
exports.typeError = typeError;
exports.requireArguments = requireArguments;
exports.dictionary = dictionary;
exports.domString = domString;
exports.optionalString = optionalString;
exports.nullableString = nullableString;
exports.enumValue = enumValue;
exports.enforceRange = enforceRange;
exports.unsignedLong = unsignedLong;
exports.unsignedShortClamped = unsignedShortClamped;
exports.sequence = sequence;
exports.rejectOnThrow = rejectOnThrow;
exports.requireInternal = requireInternal;
function describe(value) {
    if (value === null)
        return 'null';
    if (value === undefined)
        return 'undefined';
    if (typeof value === 'string')
        return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
    if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
        return `${typeof value} ${String(value)}`;
    if (typeof value === 'symbol')
        return 'a symbol';
    if (typeof value === 'function')
        return 'a function';
    if (Array.isArray(value))
        return 'an array';
    const name = value.constructor?.name;
    return name ? `an instance of ${name}` : 'an object';
}
function typeError(where, expected, value) {
    return new TypeError(`${where}: expected ${expected}, received ${describe(value)}`);
}
function requireArguments(where, count, required) {
    if (count < required) {
        throw new TypeError(`${where}: ${required} argument${required > 1 ? 's' : ''} required, but only ${count} present`);
    }
}
/** WebIDL dictionary: undefined and null become {}, other non-objects are a TypeError. */
function dictionary(where, value) {
    if (value === undefined || value === null)
        return {};
    if (typeof value !== 'object' && typeof value !== 'function')
        throw typeError(where, 'an object (dictionary)', value);
    return value;
}
/** WebIDL DOMString: anything but a symbol converts with String(). */
function domString(where, value) {
    if (typeof value === 'symbol')
        throw typeError(where, 'a string', value);
    return String(value);
}
function optionalString(where, value) {
    return value === undefined ? undefined : domString(where, value);
}
function nullableString(where, value) {
    return value === undefined || value === null ? null : domString(where, value);
}
function enumValue(where, value, allowed, typeName) {
    const text = domString(where, value);
    if (!allowed.includes(text)) {
        throw new TypeError(`${where}: '${text}' is not a valid value of ${typeName} (expected one of ${allowed.map((v) => `'${v}'`).join(', ')})`);
    }
    return text;
}
/** WebIDL integer types with [EnforceRange]: non-finite or out-of-range values are a TypeError. */
function enforceRange(where, value, min, max) {
    const number = Number(value);
    if (typeof value === 'symbol' || typeof value === 'bigint' || !Number.isFinite(number)) {
        throw typeError(where, `a finite number in [${min}, ${max}]`, value);
    }
    const integer = Math.trunc(number);
    if (integer < min || integer > max)
        throw typeError(where, `an integer in [${min}, ${max}]`, value);
    return integer;
}
/** WebIDL integer types without [EnforceRange]: modulo conversion, as browsers do. */
function unsignedLong(value) {
    const number = Number(value);
    if (!Number.isFinite(number))
        return 0;
    return ((Math.trunc(number) % 2 ** 32) + 2 ** 32) % 2 ** 32;
}
function unsignedShortClamped(value) {
    const number = Number(value);
    if (!Number.isFinite(number))
        return 0;
    return ((Math.trunc(number) % 65536) + 65536) % 65536;
}
function sequence(where, value, convert) {
    if (value === null || typeof value !== 'object' || typeof value[Symbol.iterator] !== 'function') {
        throw typeError(where, 'a sequence (an iterable)', value);
    }
    return Array.from(value, (item, index) => convert(item, index));
}
/** Runs a synchronous argument check for a promise-returning method: a throw becomes a rejection. */
function rejectOnThrow(check) {
    try {
        return check();
    }
    catch (error) {
        return Promise.reject(error);
    }
}
exports.illegalConstructor = Symbol('node-libwebrtc internal construction');
function requireInternal(token, name) {
    if (token !== exports.illegalConstructor)
        throw new TypeError(`Illegal constructor: ${name} objects are created by node-libwebrtc`);
}

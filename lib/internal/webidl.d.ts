export declare function describe(value: unknown): string;
export declare function typeError(where: string, expected: string, value: unknown): TypeError;
export declare function requireArguments(where: string, count: number, required: number): void;
/** WebIDL dictionary: undefined and null become {}, other non-objects are a TypeError. */
export declare function dictionary<T extends object>(where: string, value: unknown): Partial<T>;
/** WebIDL DOMString: anything but a symbol converts with String(). */
export declare function domString(where: string, value: unknown): string;
export declare function optionalString(where: string, value: unknown): string | undefined;
export declare function nullableString(where: string, value: unknown): string | null;
export declare function enumValue<T extends string>(where: string, value: unknown, allowed: readonly T[], typeName: string): T;
/** WebIDL integer types with [EnforceRange]: non-finite or out-of-range values are a TypeError. */
export declare function enforceRange(where: string, value: unknown, min: number, max: number): number;
/** WebIDL integer types without [EnforceRange]: modulo conversion, as browsers do. */
export declare function unsignedLong(value: unknown): number;
export declare function unsignedShortClamped(value: unknown): number;
export declare function sequence<T>(where: string, value: unknown, convert: (item: unknown, index: number) => T): T[];
/** Runs a synchronous argument check for a promise-returning method: a throw becomes a rejection. */
export declare function rejectOnThrow<T>(check: () => Promise<T>): Promise<T>;
export declare const illegalConstructor: unique symbol;
export declare function requireInternal(token: unknown, name: string): void;

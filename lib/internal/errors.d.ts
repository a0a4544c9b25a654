export declare function domException(name: string, message: string): DOMException;
export declare const invalidState: (message: string) => DOMException;
export declare const operationError: (message: string) => DOMException;
export declare const invalidAccess: (message: string) => DOMException;
export declare const invalidModification: (message: string) => DOMException;
export declare const syntaxError: (message: string) => DOMException;
export declare const notSupported: (message: string) => DOMException;
/** Builds the error native/ names: (name, message, detail) → the class the spec asks for. */
export declare function fromNative(name: string, message: string, detail: Record<string, unknown>): Error;

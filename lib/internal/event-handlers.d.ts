export declare function defineEventHandlers(target: {
    prototype: EventTarget;
}, types: readonly string[]): void;

"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.defineEventHandlers = defineEventHandlers;
const slots = new WeakMap();
function defineEventHandlers(target, types) {
    for (const type of types) {
        Object.defineProperty(target.prototype, `on${type}`, {
            configurable: true,
            enumerable: true,
            get() {
                return slots.get(this)?.get(type)?.handler ?? null;
            },
            set(value) {
                let map = slots.get(this);
                if (!map)
                    slots.set(this, (map = new Map()));
                const handler = typeof value === 'function' || (typeof value === 'object' && value !== null) ? value : null;
                const slot = map.get(type);
                if (handler === null) {
                    if (slot) {
                        this.removeEventListener(type, slot.listener);
                        map.delete(type);
                    }
                    return;
                }
                if (slot) {
                    slot.handler = handler;
                    return;
                }
                const entry = {
                    handler,
                    listener: (event) => {
                        const current = entry.handler;
                        if (typeof current === 'function') {
                            const result = current.call(this, event);
                            if (result === false)
                                event.preventDefault();
                        }
                    },
                };
                map.set(type, entry);
                this.addEventListener(type, entry.listener);
            },
        });
    }
}

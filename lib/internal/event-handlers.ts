// on<event> attributes (HTML "event handler IDL attributes"): one listener per attribute, registered when
// a handler is first set and removed when it is set to null; replacing a handler keeps its position.
type Handler = ((this: EventTarget, event: Event) => unknown) | null;

const slots = new WeakMap<EventTarget, Map<string, { handler: Handler; listener: (event: Event) => void }>>();

export function defineEventHandlers(target: { prototype: EventTarget }, types: readonly string[]): void {
  for (const type of types) {
    Object.defineProperty(target.prototype, `on${type}`, {
      configurable: true,
      enumerable: true,
      get(this: EventTarget): Handler {
        if (!(this instanceof (target as unknown as new () => EventTarget))) throw new TypeError('Illegal invocation');
        return slots.get(this)?.get(type)?.handler ?? null;
      },
      set(this: EventTarget, value: unknown) {
        if (!(this instanceof (target as unknown as new () => EventTarget))) throw new TypeError('Illegal invocation');
        let map = slots.get(this);
        if (!map) slots.set(this, (map = new Map()));
        const handler = typeof value === 'function' || (typeof value === 'object' && value !== null) ? (value as Handler) : null;
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
          listener: (event: Event) => {
            const current = entry.handler;
            if (typeof current === 'function') {
              const result = current.call(this, event);
              if (result === false) event.preventDefault();
            }
          },
        };
        map.set(type, entry);
        this.addEventListener(type, entry.listener);
      },
    });
  }
}

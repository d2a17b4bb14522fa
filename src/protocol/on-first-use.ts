// Zod schemas are built on first use, not at import. Well-formed traffic never needs them (the
// precompiled validators answer it, see compiled.ts); building them all took ~10 ms of every cold
// start, which a serverless host pays on CX's 5 s clock before its first answer.

/**
 * An object whose properties come from `build()`, run once on the first property read. The values
 * handed out are the built ones themselves (real zod schemas, never proxies).
 * @example export const requestSchemas = builtOnFirstUse(() => defineRequest(requestKit));
 */
export function builtOnFirstUse<T extends object>(build: () => T): T {
  let built: T | undefined;
  const target = (): T => (built ??= build());
  return new Proxy({} as T, {
    get: (_, key) => Reflect.get(target(), key),
    has: (_, key) => Reflect.has(target(), key),
    ownKeys: () => Reflect.ownKeys(target()),
    getOwnPropertyDescriptor: (_, key) => {
      const descriptor = Reflect.getOwnPropertyDescriptor(target(), key);
      // The proxy's own target is empty: a proxy may only report configurable properties for it.
      return descriptor ? { ...descriptor, configurable: true } : undefined;
    },
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
  });
}

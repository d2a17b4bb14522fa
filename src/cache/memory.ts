// The in-process engine: an LRU bounded in entries, with a TTL per entry (lru-cache). Each replica
// has its own copy, so N replicas make up to N loads per key.
import { CxhookError } from '../errors/index.ts';
import { invalidOption, wholeNumber } from '../errors/invalid-option.ts';
import { checkKey, DEFAULT_CACHE_TTL_MS, makeEntries, signalOf, ttlOf, type Cache, type CacheLoadOptions, type Entries } from './cache.ts';
import { SingleFlight, untilAborted } from './single-flight.ts';

export interface MemoryCacheOptions {
  /** Entries kept at most; the least recently used go first (default 1000). */
  max?: number;
  /** Default time to live of an entry in ms (default 5 minutes). */
  ttlMs?: number;
  /** A clock in ms, for tests that move time forward. */
  now?: () => number;
}

/**
 * An LRU + TTL cache in this process's memory.
 * @example
 * const cache = memoryCache({ max: 1000, ttlMs: 30 * 60_000 });
 * const report = await cache.getOrLoad(`weather:${place}`, () => fetchWeather(place), { signal: ctx.signal });
 */
export function memoryCache(options: MemoryCacheOptions = {}): Cache {
  const max = wholeNumber('memoryCache.max', options.max ?? 1000);
  const ttlMs = wholeNumber('memoryCache.ttlMs', options.ttlMs ?? DEFAULT_CACHE_TTL_MS);
  const { now } = options;
  if (now !== undefined && typeof now !== 'function') throw invalidOption('memoryCache.now', 'must be a function returning ms');
  const ready = makeEntries(max, ttlMs, now);
  // lru-cache loads asynchronously; `peek` can only answer once it has.
  let loaded: Entries | undefined;
  ready.then((entries) => (loaded = entries), () => {});
  const flights = new SingleFlight();

  return {
    engine: 'memory',
    async get<V>(key: string) {
      checkKey(key);
      return (await ready).get(key)?.value as V | undefined;
    },
    peek<V>(key: string) {
      checkKey(key);
      return loaded?.get(key)?.value as V | undefined;
    },
    async set(key, value, setOptions) {
      checkKey(key);
      const ttl = ttlOf(setOptions, ttlMs);
      if (value === undefined) throw new CxhookError('CXH_ERR_INVALID_CACHE_ENTRY', [key, 'undefined means "not cached" and cannot be stored']);
      (await ready).set(key, { value }, { ttl });
    },
    async delete(key) {
      checkKey(key);
      (await ready).delete(key);
    },
    async getOrLoad<V>(key: string, loader: () => Promise<V>, loadOptions: CacheLoadOptions = {}) {
      checkKey(key);
      const ttl = ttlOf(loadOptions, ttlMs);
      const entries = await ready;
      const hit = entries.get(key);
      if (hit) return hit.value as V;
      const signal = signalOf(loadOptions.signal);
      signal?.throwIfAborted();
      const flight = flights.run(key, async () => {
        const value = await loader();
        if (value !== undefined) entries.set(key, { value }, { ttl });
        return value;
      });
      return untilAborted(flight, signal);
    },
    async health() {
      return { status: 'ok' };
    },
  };
}

// Weather changes slowly and APIs bill per call: reuse an answer for the same place for a while,
// through cxhook's cache (this process by default, or Redis shared by every replica). Failures are
// not cached, so the next turn tries again.
import { memoryCache, type Cache } from 'cxhook';
import { normaliseLocation, signalOf, type WeatherProvider, type WeatherReport } from './provider.ts';

export interface CachedWeatherOptions {
  /** Where answers are kept, e.g. `redisCache(…)`. Default: a memory cache of `max` places. */
  cache?: Cache;
  /** How long an answer is reused (default 30 minutes). */
  ttlMs?: number;
  /** Places remembered at most by the default memory cache (default 1000). */
  max?: number;
  /** A clock in ms for the default memory cache, for tests that move time forward. */
  now?: () => number;
}

/**
 * Wraps a provider with a TTL cache keyed by the normalised location; concurrent questions for one
 * place make one provider call (across replicas with a Redis cache).
 * @example cachedWeather(httpWeather(options), { ttlMs: 30 * 60_000, cache: redisCache({ redis }) })
 */
export function cachedWeather(provider: WeatherProvider, options: CachedWeatherOptions = {}): WeatherProvider {
  const ttlMs = options.ttlMs ?? 30 * 60_000;
  const cache = options.cache ?? memoryCache({ max: options.max ?? 1000, ttlMs, ...(options.now ? { now: options.now } : {}) });
  const keyOf = (location: string) => `weather:${normaliseLocation(location)}`;
  return {
    cached(location) {
      return cache.peek<WeatherReport>(keyOf(location));
    },
    async current(location, signalSource) {
      const key = keyOf(location);
      // The provider gets the caller's deadline whole (signal and time left), so its retries fit in;
      // the cache asks for the signal only on a miss, so a hit costs no AbortController.
      return cache.getOrLoad<WeatherReport>(key, () => provider.current(location, signalSource), { ttlMs, signal: () => signalOf(signalSource) });
    },
  };
}

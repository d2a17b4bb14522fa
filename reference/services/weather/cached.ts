// Weather changes slowly and APIs bill per call: reuse an answer for the same place for a while.
// Failures are not cached, so the next turn tries again.
import { LRUCache } from 'lru-cache';
import { normaliseLocation, type WeatherProvider, type WeatherReport } from './provider.ts';

export interface CachedWeatherOptions {
  /** How long an answer is reused (default 30 minutes). */
  ttlMs?: number;
  /** Places remembered at most (default 1000). */
  max?: number;
  /** A clock in ms, for tests that move time forward. */
  now?: () => number;
}

/**
 * Wraps a provider with a TTL cache keyed by the normalised location.
 * @example cachedWeather(httpWeather(options), { ttlMs: 30 * 60_000 })
 */
export function cachedWeather(provider: WeatherProvider, options: CachedWeatherOptions = {}): WeatherProvider {
  const now = options.now;
  const cache = new LRUCache<string, WeatherReport>({
    max: options.max ?? 1000,
    ttl: options.ttlMs ?? 30 * 60_000,
    // lru-cache memoises the clock for ttlResolution ms; an injected clock must be read every time.
    ...(now ? { perf: { now }, ttlResolution: 0 } : {}),
  });
  return {
    async current(location, signal) {
      const key = normaliseLocation(location);
      const hit = cache.get(key);
      if (hit) return hit;
      const report = await provider.current(location, signal);
      cache.set(key, report);
      return report;
    },
  };
}

// The weather service chosen by configuration: offline or http, behind a cache unless turned off.
import type { Cache } from 'cxhook';
import type { Config } from '../../config.ts';
import { cachedWeather } from './cached.ts';
import { httpWeather } from './http.ts';
import { offlineWeather } from './offline.ts';
import type { WeatherProvider } from './provider.ts';

export { cachedWeather, type CachedWeatherOptions } from './cached.ts';
export { httpWeather, type HttpWeatherOptions } from './http.ts';
export { offlineWeather } from './offline.ts';
export * from './provider.ts';

/** The provider the configuration asks for, its answers kept in `cache` (default: this process's memory). */
export function weatherFromConfig(config: Config['weather'], cache?: Cache): WeatherProvider {
  const provider =
    config.provider === 'http'
      ? httpWeather({ apiUrl: config.apiUrl, apiKey: config.apiKey ?? '', timeoutMs: config.timeoutMs })
      : offlineWeather();
  return config.cacheTtlS > 0 ? cachedWeather(provider, { ttlMs: config.cacheTtlS * 1000, ...(cache ? { cache } : {}) }) : provider;
}

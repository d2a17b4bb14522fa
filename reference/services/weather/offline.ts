// A weather provider that needs no network or key: made-up but stable answers, so demos, tests and
// load runs see the same weather for the same place.
import { createHash } from 'node:crypto';
import { normaliseLocation, signalOf, type WeatherProvider, type WeatherReport } from './provider.ts';

const CONDITIONS = ['sunny', 'partly cloudy', 'cloudy', 'overcast', 'light rain', 'showers', 'windy', 'foggy', 'light snow', 'clear'];

/**
 * Deterministic weather derived from a hash of the normalised location. A "location" without a
 * single letter (e.g. "12345") is an unknown location, so that path can be tried offline too.
 * @example await offlineWeather().current('Paris', signal) // same answer every time
 */
export function offlineWeather(): WeatherProvider {
  return {
    async current(location, signal): Promise<WeatherReport> {
      signalOf(signal).throwIfAborted();
      const key = normaliseLocation(location);
      if (!/\p{L}/u.test(key)) return { kind: 'unknown-location', location: location.trim() };
      const digest = createHash('sha256').update(key).digest();
      const condition = CONDITIONS[digest.readUInt16BE(0) % CONDITIONS.length] as string;
      // -5.0 … 34.9 °C in tenths, like a real API.
      const temperatureC = (digest.readUInt16BE(2) % 400) / 10 - 5;
      return { kind: 'current', location: displayName(location), condition, temperatureC: Math.round(temperatureC * 10) / 10 };
    },
  };
}

/** "  new   york " → "New York" */
function displayName(location: string): string {
  return location
    .trim()
    .split(/\s+/)
    .map((word) => word.charAt(0).toUpperCase() + word.slice(1))
    .join(' ');
}

// The weather service as the handlers see it: one call, a typed "unknown location" answer, and one
// error type for "the service did not answer", so handlers never guess from an exception.

export interface CurrentWeather {
  kind: 'current';
  /** The place as the provider names it (e.g. "New York"). */
  location: string;
  /** Plain words, e.g. "partly cloudy". */
  condition: string;
  temperatureC: number;
}

export interface UnknownLocation {
  kind: 'unknown-location';
  /** The place as it was asked for. */
  location: string;
}

export type WeatherReport = CurrentWeather | UnknownLocation;

/**
 * The call's abort signal, or a function that gives it: a handler passes `() => ctx.signal` so the
 * signal (an AbortController, ~5 µs) is only made when a call really goes out, not on cache hits.
 */
export type SignalSource = AbortSignal | (() => AbortSignal);

export function signalOf(source: SignalSource): AbortSignal {
  return typeof source === 'function' ? source() : source;
}

export interface WeatherProvider {
  /** The current weather at `location`; rejects with WeatherUnavailableError when it cannot tell. */
  current(location: string, signal: SignalSource): Promise<WeatherReport>;
}

export type WeatherFailure = 'timeout' | 'aborted' | 'network' | 'status' | 'bad-response';

/** The provider could not answer (down, slow, or answering nonsense); worth a retry later. */
export class WeatherUnavailableError extends Error {
  readonly reason: WeatherFailure;
  /** The HTTP status, when the provider answered with one. */
  readonly status: number | undefined;

  constructor(reason: WeatherFailure, message: string, status?: number) {
    super(message);
    this.name = 'WeatherUnavailableError';
    this.reason = reason;
    this.status = status;
  }
}

/** One spelling per place, for cache keys and hashing: "  New   York " and "new york" are the same. */
export function normaliseLocation(location: string): string {
  return location.trim().toLowerCase().replace(/\s+/g, ' ');
}

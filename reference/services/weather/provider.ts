// The weather service as the handlers see it: one call, a typed "unknown location" answer, and one
// error type for "the service did not answer", so handlers never guess from an exception.
import type { CallDeadline, UpstreamFailure } from 'cxhook/outbound';

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
 * The call's abort signal, a function that gives it, or the handler's deadline (`ctx` itself: its
 * `signal` and `remainingMs()`). A handler passes `ctx` or `() => ctx.signal` so the signal (an
 * AbortController, ~5 µs) is only made when a call really goes out, not on cache hits; only the
 * deadline form lets an HTTP provider fit its attempts and retries into the time left.
 */
export type SignalSource = AbortSignal | (() => AbortSignal) | CallDeadline;

export function signalOf(source: SignalSource): AbortSignal {
  if (typeof source === 'function') return source();
  if (source instanceof AbortSignal) return source;
  return source.signal ?? new AbortController().signal;
}

/**
 * The source as a deadline for cxhook/outbound; a bare signal has no "time left".
 * @example api.call({ url, deadline: deadlineOf(signalSource) })
 */
export function deadlineOf(source: SignalSource): CallDeadline {
  if (typeof source === 'function') return { signal: source() };
  if (source instanceof AbortSignal) return { signal: source };
  return source;
}

export interface WeatherProvider {
  /** The current weather at `location`; rejects with WeatherUnavailableError when it cannot tell. */
  current(location: string, signal: SignalSource): Promise<WeatherReport>;
  /**
   * The report if it is at hand now (a cached answer in this process), without waiting; undefined
   * means "ask `current`". Lets a handler answer a hit synchronously.
   */
  cached?(location: string): WeatherReport | undefined;
}

/** How the weather API failed: the outbound call's own failure kinds. */
export type WeatherFailure = UpstreamFailure;

/** The provider could not answer (down, slow, answering nonsense, or its circuit open); worth a retry later. */
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

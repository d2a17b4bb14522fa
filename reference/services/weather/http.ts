// The weatherapi.com-style provider: GET <url>?key=…&q=… through cxhook/outbound, so a GET that
// fails transiently is retried within the webhook's deadline and a dead API fails fast. Everything
// that is not a usable answer becomes WeatherUnavailableError, with messages that never carry the key.
import { upstream, UpstreamError, type UpstreamOptions, type UpstreamResponse } from 'cxhook/outbound';
import { deadlineOf, WeatherUnavailableError, type WeatherProvider, type WeatherReport } from './provider.ts';

export interface HttpWeatherOptions extends Pick<UpstreamOptions, 'retry' | 'breaker' | 'reserveMs' | 'dispatcher' | 'log'> {
  /** e.g. https://api.weatherapi.com/v1/current.json */
  apiUrl: string;
  apiKey: string;
  /** Longest single attempt; each is also cut at the time left before the webhook's deadline. */
  timeoutMs: number;
}

interface ApiAnswer {
  error?: unknown;
  location?: { name?: unknown };
  current?: { temp_c?: unknown; condition?: { text?: unknown } };
}

/**
 * A provider for APIs shaped like weatherapi.com's `current.json`. Pass the handler's `ctx` as the
 * signal source so attempts and retries fit in the time the webhook has left.
 * @example httpWeather({ apiUrl, apiKey: process.env.WEATHER_API_KEY!, timeoutMs: 2000 })
 */
export function httpWeather(options: HttpWeatherOptions): WeatherProvider {
  const { apiUrl, apiKey, ...policy } = options;
  const api = upstream({ name: 'weather', ...policy, secrets: [apiKey] });
  return {
    async current(location, signalSource): Promise<WeatherReport> {
      const url = new URL(apiUrl);
      url.searchParams.set('key', apiKey);
      url.searchParams.set('q', location);
      try {
        return await api.call({ url, headers: { accept: 'application/json' }, deadline: deadlineOf(signalSource) }, (response) => readReport(response, location));
      } catch (error) {
        if (!(error instanceof UpstreamError)) throw error;
        throw new WeatherUnavailableError(error.kind, error.reason, error.upstreamStatus);
      }
    },
  };
}

function readReport(response: UpstreamResponse, location: string): WeatherReport {
  // weatherapi.com answers 400 with {"error":{"code":1006,…}} for a place it does not know.
  if (response.status === 400) return { kind: 'unknown-location', location };
  // A refused key or a spent quota (401/403) will not fix itself on a retry: fail without one.
  if (response.status !== 200) throw response.fail('status', `the API answered HTTP ${response.status}`, response.status);
  const answer = response.json() as ApiAnswer | null;
  if (answer === null || typeof answer !== 'object') throw response.fail('bad-response', 'the API answered with JSON that is not an object', 200);
  if (answer.error !== undefined) return { kind: 'unknown-location', location };
  const name = answer.location?.name;
  const temperatureC = answer.current?.temp_c;
  const condition = answer.current?.condition?.text;
  if (typeof name !== 'string' || typeof temperatureC !== 'number' || typeof condition !== 'string') {
    throw response.fail('bad-response', 'the API answer lacks location.name, current.temp_c or current.condition.text', 200);
  }
  return { kind: 'current', location: name, condition: condition.trim().toLowerCase(), temperatureC };
}

// The weatherapi.com-style provider: GET <url>?key=…&q=…. Everything that is not a usable answer
// becomes WeatherUnavailableError, with messages that never carry the API key.
import { signalOf, WeatherUnavailableError, type WeatherProvider, type WeatherReport } from './provider.ts';

export interface HttpWeatherOptions {
  /** e.g. https://api.weatherapi.com/v1/current.json */
  apiUrl: string;
  apiKey: string;
  /** Per-call limit, on top of the request's own deadline signal. */
  timeoutMs: number;
  /** For tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

interface ApiAnswer {
  error?: unknown;
  location?: { name?: unknown };
  current?: { temp_c?: unknown; condition?: { text?: unknown } };
}

/**
 * A provider for APIs shaped like weatherapi.com's `current.json`.
 * @example httpWeather({ apiUrl, apiKey: process.env.WEATHER_API_KEY!, timeoutMs: 2000 })
 */
export function httpWeather(options: HttpWeatherOptions): WeatherProvider {
  const fetchImpl = options.fetch ?? fetch;
  return {
    async current(location, signalSource): Promise<WeatherReport> {
      const signal = signalOf(signalSource);
      const url = new URL(options.apiUrl);
      url.searchParams.set('key', options.apiKey);
      url.searchParams.set('q', location);
      const timeout = AbortSignal.timeout(options.timeoutMs);
      const combined = AbortSignal.any([signal, timeout]);

      let status: number;
      let text: string;
      try {
        const response = await fetchImpl(url, { signal: combined, headers: { accept: 'application/json' } });
        status = response.status;
        text = await response.text();
      } catch (error) {
        if (signal.aborted) throw new WeatherUnavailableError('aborted', 'the request was abandoned (webhook deadline)');
        if (timeout.aborted) throw new WeatherUnavailableError('timeout', `no answer within ${options.timeoutMs} ms`);
        // undici puts the reason in `cause` (e.g. ECONNREFUSED); its messages hold host and port, not the query.
        const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
        throw new WeatherUnavailableError('network', `request failed: ${withoutKey(cause, options.apiKey)}`);
      }

      let answer: ApiAnswer | undefined;
      try {
        answer = JSON.parse(text) as ApiAnswer;
      } catch {
        answer = undefined;
      }
      // weatherapi.com answers 400 with {"error":{"code":1006,…}} for a place it does not know.
      if (status === 400 || (status === 200 && answer?.error !== undefined)) return { kind: 'unknown-location', location };
      if (status !== 200) throw new WeatherUnavailableError('status', `the API answered HTTP ${status}`, status);
      if (answer === undefined || typeof answer !== 'object') throw new WeatherUnavailableError('bad-response', 'the API answered with something that is not JSON', status);

      const name = answer.location?.name;
      const temperatureC = answer.current?.temp_c;
      const condition = answer.current?.condition?.text;
      if (typeof name !== 'string' || typeof temperatureC !== 'number' || typeof condition !== 'string') {
        throw new WeatherUnavailableError('bad-response', 'the API answer lacks location.name, current.temp_c or current.condition.text', status);
      }
      return { kind: 'current', location: name, condition: condition.trim().toLowerCase(), temperatureC };
    },
  };
}

function withoutKey(text: string, apiKey: string): string {
  return text.split(apiKey).join('[redacted]').split(encodeURIComponent(apiKey)).join('[redacted]');
}

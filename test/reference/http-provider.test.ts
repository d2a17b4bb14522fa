// The weatherapi.com-style provider against a fake API on a real socket: every way the API can
// answer, retries within the deadline, the circuit breaker, and the API key kept out of errors and
// logs; then the reference app in front of slow, refusing and garbage APIs answering before its deadline.
import assert from 'node:assert/strict';
import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { DEFAULT_FALLBACK_TEXT } from '../../src/index.ts';
import { buildApp } from '../../reference/app.ts';
import { describeConfig } from '../../reference/config.ts';
import { WEATHER_UNAVAILABLE } from '../../reference/handlers/weather.ts';
import { cachedWeather, httpWeather, WeatherUnavailableError, type HttpWeatherOptions, type SignalSource, type WeatherProvider } from '../../reference/services/weather/index.ts';
import { openDatabase } from '../../reference/storage/database.ts';
import { answer, answerLater, closedPort, deadlineIn, fakeUpstream, type FakeUpstream } from '../outbound/fake-upstream.ts';
import { cxRequest, memoryLogger, tempDir, testApp, testConfig, texts } from './helpers.ts';

const API_KEY = 'sekret-KEY-7f3a9c';
const SLOW_MS = 1500;

interface Seen {
  path: string;
  key: string | null;
  q: string | null;
}

/** A fake current.json: the answer depends on the place asked for. */
function fakeWeatherApi(seen: Seen[]): Server {
  let flaky = 0;
  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const q = url.searchParams.get('q');
    seen.push({ path: url.pathname, key: url.searchParams.get('key'), q });
    const json = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    switch (q) {
      case 'London':
        return json(200, { location: { name: 'London', country: 'UK' }, current: { temp_c: 14.3, condition: { text: 'Partly cloudy', code: 1003 } } });
      case 'Nowhere':
        return json(400, { error: { code: 1006, message: 'No matching location found.' } });
      case 'ErrorIn200':
        return json(200, { error: { code: 1006, message: 'No matching location found.' } });
      case 'Boom':
        return json(500, { error: { code: 9999, message: 'Internal application error.' } });
      case 'Garbage':
        return json(200, '<html>not json');
      case 'Partial':
        return json(200, { location: { name: 'Partial' }, current: {} });
      case 'Flaky': {
        // Fails the first two times it is asked, then answers.
        flaky += 1;
        if (flaky <= 2) return json(503, { error: { code: 9999, message: 'Try again.' } });
        return json(200, { location: { name: 'Flaky' }, current: { temp_c: 9, condition: { text: 'Drizzle' } } });
      }
      case 'Forbidden':
        return json(403, { error: { code: 2007, message: 'API key has exceeded calls per month quota.' } });
      case 'Slow': {
        const timer = setTimeout(() => json(200, { location: { name: 'Slow' }, current: { temp_c: 1, condition: { text: 'Late' } } }), SLOW_MS);
        res.on('close', () => clearTimeout(timer));
        return;
      }
      default:
        return json(404, {});
    }
  });
}

describe('http weather provider', () => {
  const seen: Seen[] = [];
  const server = fakeWeatherApi(seen);
  let apiUrl = '';
  let provider: WeatherProvider;
  const signal = new AbortController().signal;
  const calls = (q: string) => seen.filter((request) => request.q === q).length;
  // Without a breaker unless a test is about it: failures in one test must not open the circuit for the next.
  const makeProvider = (options: Partial<HttpWeatherOptions> = {}) =>
    httpWeather({ apiUrl, apiKey: API_KEY, timeoutMs: 300, retry: { initialDelayMs: 1, maxDelayMs: 5 }, breaker: false, ...options });

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/current.json`;
    provider = makeProvider();
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  async function failure(location: string, using = provider, callSignal: SignalSource = signal): Promise<WeatherUnavailableError> {
    try {
      await using.current(location, callSignal);
    } catch (error) {
      assert.ok(error instanceof WeatherUnavailableError, `expected WeatherUnavailableError, got ${error}`);
      assert.ok(!error.message.includes(API_KEY), 'the error message must not carry the API key');
      return error;
    }
    assert.fail(`current(${location}) should have failed`);
  }

  test('a 200 answer is read from location.name, current.temp_c and current.condition.text', async () => {
    const report = await provider.current('London', signal);
    assert.deepEqual(report, { kind: 'current', location: 'London', condition: 'partly cloudy', temperatureC: 14.3 });
  });

  test('the API key and the place are sent as the key and q query parameters', async () => {
    await provider.current('London', signal);
    assert.deepEqual(seen.at(-1), { path: '/v1/current.json', key: API_KEY, q: 'London' });
  });

  test('a 400 answer with an error object is an unknown location', async () => {
    assert.deepEqual(await provider.current('Nowhere', signal), { kind: 'unknown-location', location: 'Nowhere' });
  });

  test('a 200 answer holding an error field is an unknown location', async () => {
    assert.deepEqual(await provider.current('ErrorIn200', signal), { kind: 'unknown-location', location: 'ErrorIn200' });
  });

  test('a 500 answer is a failure carrying the status', async () => {
    const error = await failure('Boom');
    assert.equal(error.reason, 'status');
    assert.equal(error.status, 500);
  });

  test('a 403 answer (key refused or quota spent) is a failure, not an unknown location', async () => {
    const error = await failure('Forbidden');
    assert.equal(error.status, 403);
  });

  test('an answer that is not JSON is a failure', async () => {
    assert.equal((await failure('Garbage')).reason, 'bad-response');
  });

  test('JSON without the expected fields is a failure', async () => {
    assert.equal((await failure('Partial')).reason, 'bad-response');
  });

  test('an answer slower than the timeout is a timeout failure, after the GET was tried three times', async () => {
    const earlier = calls('Slow');
    const error = await failure('Slow');
    assert.equal(error.reason, 'timeout');
    assert.match(error.message, /no answer within 300 ms/);
    assert.equal(calls('Slow') - earlier, 3);
  });

  test('a 500 answer is retried (the GET is idempotent) before it becomes a failure', async () => {
    const earlier = calls('Boom');
    await failure('Boom');
    assert.equal(calls('Boom') - earlier, 3);
  });

  test('a flapping API that fails twice and then answers gives the answer', async () => {
    const report = await provider.current('Flaky', signal);
    assert.deepEqual(report, { kind: 'current', location: 'Flaky', condition: 'drizzle', temperatureC: 9 });
    assert.equal(calls('Flaky'), 3);
  });

  test('a refused key or spent quota (403) is not retried: asking again will not help', async () => {
    const earlier = calls('Forbidden');
    await failure('Forbidden');
    assert.equal(calls('Forbidden') - earlier, 1);
  });

  test('given the handler\'s deadline, attempts and retries stop within it', async () => {
    const patient = makeProvider({ timeoutMs: 10_000, reserveMs: 50 });
    const earlier = calls('Slow');
    const error = await failure('Slow', patient, deadlineIn(400));
    // The one attempt was cut at the time left minus the reserve, and nothing was left for a retry.
    assert.equal(error.reason, 'timeout');
    assert.equal(calls('Slow') - earlier, 1);
  });

  test('the request deadline signal cuts the call short too', async () => {
    const patient = makeProvider({ timeoutMs: 10_000 });
    const error = await failure('Slow', patient, AbortSignal.timeout(100));
    assert.equal(error.reason, 'aborted');
  });

  test('an API that cannot be reached is a network failure', async () => {
    const unreachable = makeProvider({ apiUrl: `http://127.0.0.1:${await closedPort()}/v1/current.json`, timeoutMs: 1000 });
    const error = await failure('London', unreachable);
    assert.equal(error.reason, 'network');
    assert.match(error.message, /ECONNREFUSED/);
  });

  test('after repeated failures the circuit opens and the API is not called until it half-opens', async () => {
    const guarded = makeProvider({ retry: false, breaker: { consecutiveFailures: 2, halfOpenAfterMs: 60_000 } });
    await failure('Boom', guarded);
    await failure('Garbage', guarded);
    const earlier = seen.length;
    const error = await failure('London', guarded);
    assert.equal(error.reason, 'circuit-open');
    assert.equal(seen.length, earlier, 'no call reached the API');
  });

  test('the app configured for the http provider answers through it and never logs the API key', async (t) => {
    const { dir, remove } = tempDir();
    const database = await openDatabase({ dataDir: dir });
    t.after(() => {
      return database.close().finally(remove);
    });
    const config = testConfig(dir, { WEATHER_PROVIDER: 'http', WEATHER_API_URL: apiUrl, WEATHER_API_KEY: API_KEY, WEATHER_TIMEOUT_MS: '300', LOG_LEVEL: 'debug' });
    const { logger, output } = memoryLogger('trace');
    logger.info({ config: describeConfig(config) }, 'configuration');
    const app = buildApp(config, { database, logger });

    const london = await app.inject(cxRequest({ tag: 'weather', params: { location: 'London' } }));
    assert.deepEqual(texts(london.body), ['The weather in London is partly cloudy with a temperature of 14°C.']);
    const nowhere = await app.inject(cxRequest({ tag: 'weather', params: { location: 'Nowhere' } }));
    assert.match(texts(nowhere.body)[0] ?? '', /couldn't find weather information for Nowhere/);
    for (const place of ['Boom', 'Garbage', 'Slow', 'Forbidden']) {
      const { body } = await app.inject(cxRequest({ tag: 'weather', params: { location: place } }));
      assert.deepEqual(texts(body), [WEATHER_UNAVAILABLE], place);
    }

    const logs = output();
    assert.match(logs, /weather unavailable/, 'the failures were logged');
    assert.ok(!logs.includes(API_KEY), 'the API key appears in the logs');
  });
});

describe('the reference app in front of a failing weather API', () => {
  // The provider's own timeout is longer than the webhook's deadline, so only the deadline bounds it.
  const env = { DEADLINE_MS: '800', WEATHER_TIMEOUT_MS: '500' };
  const paris = { location: { name: 'Paris' }, current: { temp_c: 18, condition: { text: 'Sunny' } } };
  const servers: FakeUpstream[] = [];
  // A started server has loaded undici and cockatiel before its first turn; so must these turns.
  before(() => Promise.all([import('undici'), import('cockatiel')]));
  after(() => Promise.all(servers.map((server) => server.close())));

  const failing: Record<string, (response: ServerResponse, n: number, done: AbortSignal) => void> = {
    slow: (response, _n, done) => answerLater(response, done, 10_000, 200, paris),
    stalling: (response) => {
      // Headers and half a body, then nothing.
      response.writeHead(200, { 'content-type': 'application/json' });
      response.write('{"location":');
    },
    garbage: (response) => answer(response, 200, '<html><body>Service Unavailable</body></html>'),
    'failing (503)': (response) => answer(response, 503, { error: { message: 'overloaded' } }),
  };

  async function ask(apiUrl: string, options: { cached?: boolean } = {}) {
    const provider = httpWeather({ apiUrl, apiKey: API_KEY, timeoutMs: 5000 });
    const { app, close } = testApp({ weather: options.cached ? cachedWeather(provider) : provider }, env);
    try {
      return (await app.inject(cxRequest({ tag: 'weather', params: { location: 'Paris' } }))).body;
    } finally {
      await close();
    }
  }

  for (const [kind, handle] of Object.entries(failing)) {
    test(`a ${kind} API gets the weather handler's "try again" answer, not the deadline fallback`, async () => {
      const api = await fakeUpstream((_request, response, n, done) => handle(response, n, done));
      servers.push(api);
      const body = await ask(`${api.origin}/v1/current.json`);
      assert.deepEqual(texts(body), [WEATHER_UNAVAILABLE]);
      assert.notEqual(texts(body)[0], DEFAULT_FALLBACK_TEXT);
      assert.equal(body.sessionInfo?.parameters?.webhook_error, undefined, 'no fallback marker');
    });
  }

  test('behind the cache (as the reference runs it) a slow API still gets the "try again" answer: the cache passes the time left on', async () => {
    const api = await fakeUpstream((_request, response, n, done) => failing.slow?.(response, n, done));
    servers.push(api);
    const body = await ask(`${api.origin}/v1/current.json`, { cached: true });
    assert.deepEqual(texts(body), [WEATHER_UNAVAILABLE]);
    assert.equal(body.sessionInfo?.parameters?.webhook_error, undefined, 'no fallback marker');
  });

  test('an API that refuses connections gets the "try again" answer too', async () => {
    const body = await ask(`http://127.0.0.1:${await closedPort()}/v1/current.json`);
    assert.deepEqual(texts(body), [WEATHER_UNAVAILABLE]);
  });

  test('an API that fails twice and then answers is retried within the deadline into the weather', async () => {
    const api = await fakeUpstream((_request, response, n) => (n <= 2 ? answer(response, 502, {}) : answer(response, 200, paris)));
    servers.push(api);
    const body = await ask(`${api.origin}/v1/current.json`);
    assert.deepEqual(texts(body), ['The weather in Paris is sunny with a temperature of 18°C.']);
    assert.equal(api.seen.length, 3);
  });

  test('once the circuit is open, later turns answer at once without calling the API', async () => {
    const api = await fakeUpstream((_request, response) => answer(response, 500, {}));
    servers.push(api);
    const weather = httpWeather({ apiUrl: `${api.origin}/v1/current.json`, apiKey: API_KEY, timeoutMs: 5000, retry: false, breaker: { consecutiveFailures: 2, halfOpenAfterMs: 60_000 } });
    const { app, close } = testApp({ weather }, env);
    try {
      for (let turn = 0; turn < 4; turn++) {
        const { body } = await app.inject(cxRequest({ tag: 'weather', params: { location: 'Paris' } }));
        assert.deepEqual(texts(body), [WEATHER_UNAVAILABLE], `turn ${turn + 1}`);
      }
    } finally {
      await close();
    }
    assert.equal(api.seen.length, 2);
  });
});

// The weatherapi.com-style provider against a fake API on a real socket: every way the API can
// answer, and the API key kept out of errors and logs.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { buildApp } from '../../reference/app.ts';
import { describeConfig } from '../../reference/config.ts';
import { WEATHER_UNAVAILABLE } from '../../reference/handlers/weather.ts';
import { httpWeather, WeatherUnavailableError, type WeatherProvider } from '../../reference/services/weather/index.ts';
import { openDatabase } from '../../reference/storage/database.ts';
import { cxRequest, memoryLogger, tempDir, testConfig, texts } from './helpers.ts';

const API_KEY = 'sekret-KEY-7f3a9c';
const SLOW_MS = 1500;

interface Seen {
  path: string;
  key: string | null;
  q: string | null;
}

/** A fake current.json: the answer depends on the place asked for. */
function fakeWeatherApi(seen: Seen[]): Server {
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

  before(async () => {
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    apiUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1/current.json`;
    provider = httpWeather({ apiUrl, apiKey: API_KEY, timeoutMs: 300 });
  });
  after(() => {
    server.closeAllConnections();
    server.close();
  });

  async function failure(location: string, using = provider, callSignal = signal): Promise<WeatherUnavailableError> {
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

  test('an answer slower than the timeout is a timeout failure, well before the slow answer arrives', async () => {
    const started = Date.now();
    assert.equal((await failure('Slow')).reason, 'timeout');
    assert.ok(Date.now() - started < SLOW_MS - 500, `gave up after ${Date.now() - started} ms`);
  });

  test('the request deadline signal cuts the call short too', async () => {
    const patient = httpWeather({ apiUrl, apiKey: API_KEY, timeoutMs: 10_000 });
    const error = await failure('Slow', patient, AbortSignal.timeout(100));
    assert.equal(error.reason, 'aborted');
  });

  test('an API that cannot be reached is a network failure', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = httpWeather({ apiUrl: `http://127.0.0.1:${port}/v1/current.json`, apiKey: API_KEY, timeoutMs: 1000 });
    assert.equal((await failure('London', unreachable)).reason, 'network');
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

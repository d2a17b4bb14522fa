// The weather tag, the offline provider and the cache in front of any provider.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { ASK_LOCATION, WEATHER_UNAVAILABLE, weatherHandler } from '../../reference/handlers/weather.ts';
import {
  cachedWeather,
  normaliseLocation,
  offlineWeather,
  WeatherUnavailableError,
  type WeatherProvider,
} from '../../reference/services/weather/index.ts';
import { createLogger, createWebhook, DEFAULT_FALLBACK_TEXT } from '../../src/index.ts';
import { countingWeather, cxRequest, testApp, texts } from './helpers.ts';

const signal = new AbortController().signal;

describe('weather tag', () => {
  const weather = countingWeather({ paris: { condition: 'sunny', temperatureC: 21.6 } });
  const { app, close } = testApp({ weather });
  after(close);

  test('a call without a location asks for one and sets no parameters', async () => {
    const { status, body } = await app.inject(cxRequest({ tag: 'weather' }));
    assert.equal(status, 200);
    assert.deepEqual(texts(body), [ASK_LOCATION]);
    assert.equal(body.sessionInfo, undefined);
  });

  test('a known location is answered and its condition and temperature become session parameters', async () => {
    const { body } = await app.inject(cxRequest({ tag: 'weather', params: { location: 'Paris' } }));
    assert.deepEqual(texts(body), ['The weather in Paris is sunny with a temperature of 22°C.']);
    assert.deepEqual(body.sessionInfo.parameters, { weather_condition: 'sunny', temperature: 21.6 });
  });

  test('the location is also read from session parameters and from @sys.location objects', async () => {
    const fromSession = await app.inject(cxRequest({ tag: 'weather', sessionParams: { location: 'paris' } }));
    assert.match(texts(fromSession.body)[0] ?? '', /^The weather in paris is sunny/);
    const fromObject = await app.inject(cxRequest({ tag: 'weather', params: { location: { city: 'Paris', original: 'in paris' } } }));
    assert.match(texts(fromObject.body)[0] ?? '', /^The weather in Paris is sunny/);
  });

  test('an unknown location gets a clear answer and no weather parameters', async () => {
    const { body } = await app.inject(cxRequest({ tag: 'weather', params: { location: 'Atlantis' } }));
    assert.deepEqual(texts(body), ["Sorry, I couldn't find weather information for Atlantis. Which city did you mean?"]);
    assert.deepEqual(body.sessionInfo.parameters, { location: null });
    assert.equal(body.pageInfo, undefined);
  });

  test('an unknown location collected by the page form is marked INVALID so CX asks again', async () => {
    const { body } = await app.inject(cxRequest({ tag: 'weather', form: { location: 'Atlantis' } }));
    assert.deepEqual(body.pageInfo.formInfo.parameterInfo, [{ displayName: 'location', required: true, state: 'INVALID' }]);
  });
});

describe('weather tag when the provider fails', () => {
  test('an unavailable provider yields a friendly "try again" answer, not the fallback', async (t) => {
    const failing: WeatherProvider = {
      current: async () => {
        throw new WeatherUnavailableError('status', 'the API answered HTTP 503', 503);
      },
    };
    const { app, close } = testApp({ weather: failing });
    t.after(close);
    const { status, body } = await app.inject(cxRequest({ tag: 'weather', params: { location: 'Paris' } }));
    assert.equal(status, 200);
    assert.deepEqual(texts(body), [WEATHER_UNAVAILABLE]);
    assert.equal(body.sessionInfo, undefined, 'no webhook_error parameter: this is an answer, not a failure');
  });

  test('a bug in the provider (any other error) still ends in the library fallback', async (t) => {
    const broken: WeatherProvider = {
      current: async () => {
        throw new TypeError('undefined is not a function');
      },
    };
    const { app, close } = testApp({ weather: broken });
    t.after(close);
    const { body } = await app.inject(cxRequest({ tag: 'weather', params: { location: 'Paris' } }));
    assert.deepEqual(texts(body), [DEFAULT_FALLBACK_TEXT]);
    assert.equal(body.sessionInfo.parameters.webhook_error, 'CXH_ERR_HANDLER_FAILED');
  });
});

describe('weather cache', () => {
  test('locations are normalised by trimming, lower-casing and collapsing spaces', () => {
    assert.equal(normaliseLocation('  New \t  YORK '), 'new york');
  });

  test('a second question for the same place is answered from the cache without calling the provider', async () => {
    const provider = countingWeather({ 'new york': { condition: 'cloudy', temperatureC: 12 } });
    const weather = cachedWeather(provider);
    const first = await weather.current('New York', signal);
    const second = await weather.current('  new   YORK ', signal);
    assert.deepEqual(second, first);
    assert.equal(provider.calls.length, 1);
  });

  test('the cache is used through the app: two webhook calls, one provider call', async (t) => {
    const provider = countingWeather({ rome: { condition: 'clear', temperatureC: 25 } });
    const { app, close } = testApp({ weather: cachedWeather(provider) });
    t.after(close);
    await app.inject(cxRequest({ tag: 'weather', params: { location: 'Rome' } }));
    const { body } = await app.inject(cxRequest({ tag: 'weather', params: { location: 'rome' } }));
    assert.equal(body.sessionInfo.parameters.weather_condition, 'clear');
    assert.equal(provider.calls.length, 1);
  });

  test('a cache hit never asks for the call\'s abort signal (it is only made when a call goes out)', async () => {
    const weather = cachedWeather(countingWeather({ oslo: { condition: 'light snow', temperatureC: -3 } }));
    let made = 0;
    const signalSource = () => (made++, new AbortController().signal);
    await weather.current('Oslo', signalSource);
    const afterMiss = made;
    await weather.current('oslo', signalSource);
    assert.equal(made, afterMiss, 'the hit did not make a signal');
  });

  test('cached() gives a report already held, however the place is spelled, and nothing before it is fetched', async () => {
    const provider = countingWeather({ 'new york': { condition: 'cloudy', temperatureC: 12 } });
    const weather = cachedWeather(provider);
    assert.equal(weather.cached?.('New York'), undefined);
    const fetched = await weather.current('New York', signal);
    assert.deepEqual(weather.cached?.('  new   YORK '), fetched);
    assert.equal(weather.cached?.('Boston'), undefined);
    assert.equal(provider.calls.length, 1, 'cached() never calls the provider');
  });

  test('the handler answers a cached place synchronously (no promise) and the same as when it had to wait', async () => {
    const weather = cachedWeather(countingWeather({ lima: { condition: 'foggy', temperatureC: 17 } }));
    const handler = weatherHandler({ weather });
    const returnedPromise: boolean[] = [];
    const app = createWebhook({ logger: createLogger({ level: 'silent' }) }).tag('weather', (ctx) => {
      const result = handler(ctx);
      returnedPromise.push(result instanceof Promise);
      return result;
    });
    const miss = await app.inject(cxRequest({ tag: 'weather', params: { location: 'Lima' } }));
    const hit = await app.inject(cxRequest({ tag: 'weather', params: { location: 'lima' } }));
    assert.deepEqual(returnedPromise, [true, false], 'the miss waits for the provider, the hit does not');
    assert.deepEqual(texts(hit.body), texts(miss.body));
    assert.deepEqual(hit.body.sessionInfo, miss.body.sessionInfo);
    assert.deepEqual(texts(hit.body), ['The weather in Lima is foggy with a temperature of 17°C.']);
  });

  test('an answer older than the TTL is fetched again', async () => {
    let now = 1_000_000;
    const provider = countingWeather({ oslo: { condition: 'light snow', temperatureC: -3 } });
    const weather = cachedWeather(provider, { ttlMs: 30 * 60_000, now: () => now });
    await weather.current('Oslo', signal);
    now += 30 * 60_000 - 1;
    await weather.current('Oslo', signal);
    assert.equal(provider.calls.length, 1, 'still fresh one millisecond before the TTL');
    now += 2;
    await weather.current('Oslo', signal);
    assert.equal(provider.calls.length, 2, 'fetched again after the TTL');
  });

  test('failures are not cached, so the next turn tries the provider again', async () => {
    let calls = 0;
    const flaky: WeatherProvider = {
      async current(location) {
        calls++;
        if (calls === 1) throw new WeatherUnavailableError('timeout', 'no answer within 2000 ms');
        return { kind: 'current', location, condition: 'sunny', temperatureC: 20 };
      },
    };
    const weather = cachedWeather(flaky);
    await assert.rejects(weather.current('Lima', signal), WeatherUnavailableError);
    assert.equal((await weather.current('Lima', signal)).kind, 'current');
    assert.equal(calls, 2);
  });
});

describe('offline weather provider', () => {
  const offline = offlineWeather();

  test('the same place always gets the same weather, however it is spelled', async () => {
    const a = await offline.current('New York', signal);
    const b = await offline.current('  new  york', signal);
    assert.equal(a.kind, 'current');
    assert.deepEqual(b, a);
  });

  test('answers are plausible and differ between places', async () => {
    const places = ['Paris', 'London', 'Tokyo', 'Lagos', 'Lima', 'Oslo', 'Cairo', 'Sydney', 'Delhi', 'Quito'];
    const reports = await Promise.all(places.map((place) => offline.current(place, signal)));
    for (const report of reports) {
      assert.equal(report.kind, 'current');
      if (report.kind === 'current') assert.ok(report.temperatureC >= -5 && report.temperatureC < 35, `${report.temperatureC}`);
    }
    assert.ok(new Set(reports.map((report) => JSON.stringify(report))).size > 1);
  });

  test('a location without letters is an unknown location', async () => {
    assert.deepEqual(await offline.current(' 12345 ', signal), { kind: 'unknown-location', location: '12345' });
  });

  test('an aborted signal stops the call', async () => {
    await assert.rejects(offline.current('Paris', AbortSignal.abort()));
  });
});

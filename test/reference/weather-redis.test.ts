// The weather tag with REDIS_URL's cache, wired as the reference wires it (buildApp → weatherFromConfig
// → the http provider against a fake weather API on 127.0.0.1): replicas, here two app instances with
// their own Redis clients, share one API call per place, and a Redis that is down costs the cache,
// never the answer. The shared part needs Redis on 127.0.0.1:6379 (skipped without it, failing under
// CXHOOK_REQUIRE_REDIS=1); the Redis-down part needs none.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createLogger, redisCache, type Cache } from '../../src/index.ts';
import { connectRedisCache } from '../../reference/services/cache.ts';
import { redisClients, refusedClient, REDIS_PORT, skipWithoutRedis } from '../cache/redis-helpers.ts';
import { freePort } from '../../tools/support/free-port.ts';
import { cxRequest, testApp, texts } from './helpers.ts';

const silent = createLogger({ level: 'silent' });
/** Generous: these tests are about sharing, and a loaded test machine can stall a process for 250 ms. */
const commandTimeoutMs = 2000;

/** A weatherapi.com look-alike that takes 80 ms per answer and counts its calls per place. */
async function fakeWeatherApi() {
  const calls: string[] = [];
  const server = http.createServer((req, res) => {
    const place = new URL(req.url ?? '/', 'http://x').searchParams.get('q') ?? '';
    calls.push(place);
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ location: { name: place.trim() }, current: { temp_c: 21.6, condition: { text: 'Sunny' } } }));
    }, 80);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    calls,
    env: { WEATHER_PROVIDER: 'http', WEATHER_API_KEY: 'test-key', WEATHER_API_URL: `http://127.0.0.1:${port}/v1/current.json` },
    close: () => {
      server.closeAllConnections(); // fetch keeps connections alive for seconds
      return new Promise((resolve) => server.close(resolve));
    },
  };
}

const weatherIn = (location: string) => cxRequest({ tag: 'weather', params: { location } });

describe('reference weather with the Redis cache', { skip: skipWithoutRedis, timeout: 20_000 }, () => {
  const redis = redisClients();
  const keyPrefix = `cxhook-test:reference:${randomUUID()}`;
  let api: Awaited<ReturnType<typeof fakeWeatherApi>>;
  before(async () => {
    api = await fakeWeatherApi();
  });
  after(async () => {
    await redis.clean(keyPrefix);
    redis.disconnectAll();
    await api.close();
  });

  test('two replicas asked about one place at once call the weather API once, and answer alike', async (t) => {
    const replicas = [
      testApp({ cache: redisCache({ redis: await redis.connect(), keyPrefix, logger: silent, commandTimeoutMs }) }, api.env),
      testApp({ cache: redisCache({ redis: await redis.connect(), keyPrefix, logger: silent, commandTimeoutMs }) }, api.env),
    ];
    t.after(() => Promise.all(replicas.map((replica) => replica.close())));
    const turns = ['Paris', ' paris', 'PARIS ', 'Paris', 'paris', 'Paris'];
    const answers = await Promise.all(turns.map((place, i) => replicas[i % 2]!.app.inject(weatherIn(place))));
    assert.equal(api.calls.length, 1);
    for (const { status, body } of answers) {
      assert.equal(status, 200);
      assert.match(texts(body)[0] ?? '', /^The weather in \S+ is sunny with a temperature of 22°C\.$/);
      assert.equal(body.sessionInfo.parameters.weather_condition, 'sunny');
    }
    // A later turn on either replica is answered from Redis.
    await replicas[1]!.app.inject(weatherIn('paris'));
    assert.equal(api.calls.length, 1);
    assert.deepEqual(await replicas[0]!.app.ready(), { ok: true, checks: { sqlite: 'ok', cache: 'ok' } });
  });

  test('connectRedisCache (what REDIS_URL starts) shares entries through a real connection and closes cleanly', async () => {
    const first = await connectRedisCache(`redis://127.0.0.1:${REDIS_PORT}`, silent, keyPrefix);
    const second = await connectRedisCache(`redis://127.0.0.1:${REDIS_PORT}/0`, silent, keyPrefix);
    try {
      await waitHealthy(first.cache);
      await waitHealthy(second.cache);
      await first.cache.set('weather:lima', { kind: 'current', location: 'Lima', condition: 'clear', temperatureC: 19 });
      assert.deepEqual(await second.cache.get('weather:lima'), { kind: 'current', location: 'Lima', condition: 'clear', temperatureC: 19 });
    } finally {
      await first.close();
      await second.close();
    }
  });
});

describe('reference weather when Redis is down (no Redis server needed)', { timeout: 10_000 }, () => {
  test('the weather tag still answers (each turn calling the API) and /readyz says degraded, naming the cache', async (t) => {
    const api = await fakeWeatherApi();
    const client = await refusedClient();
    const replica = testApp({ cache: redisCache({ redis: client, logger: silent }) }, api.env);
    t.after(async () => {
      await replica.close();
      client.disconnect();
      await api.close();
    });
    for (let turn = 1; turn <= 2; turn++) {
      const { status, body } = await replica.app.inject(weatherIn('Oslo'));
      assert.equal(status, 200);
      assert.deepEqual(texts(body), ['The weather in Oslo is sunny with a temperature of 22°C.']);
      assert.equal(api.calls.length, turn, 'no cache: every turn asks the API');
    }
    const readiness = await replica.app.ready();
    assert.equal(readiness.ok, true);
    assert.equal(readiness.checks.cache, 'degraded');
    assert.match(readiness.degraded?.cache ?? '', /^Redis: connection is/);
  });

  test('connectRedisCache on an unreachable REDIS_URL starts, answers through the loader, reports degraded, and closes', async () => {
    const shared = await connectRedisCache(`redis://127.0.0.1:${await freePort()}`, silent);
    try {
      assert.equal(await shared.cache.getOrLoad('k', async () => 'direct'), 'direct');
      assert.equal((await shared.cache.health()).status, 'degraded');
    } finally {
      await shared.close();
    }
  });
});

async function waitHealthy(cache: Cache): Promise<void> {
  for (let attempt = 0; attempt < 50; attempt++) {
    if ((await cache.health()).status === 'ok') return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  assert.fail('the cache never reached Redis');
}

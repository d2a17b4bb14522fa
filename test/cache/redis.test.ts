// The Redis cache against the real Redis on 127.0.0.1:6379: entries as JSON with a PX expiry, single
// flight across replicas (each with its own client), a dead lock holder, and Redis down or hung, which
// must never fail or stall the caller. The Redis-down tests need no Redis server.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, test } from 'node:test';
import type { Redis } from 'ioredis';
import { redisCache, type RedisCacheOptions } from '../../src/cache/index.ts';
import { CxhookError } from '../../src/errors/index.ts';
import { memoryLogger } from '../app/helpers.ts';
import { deferred } from '../app/helpers.ts';
import { redisClients, redisUp, refusedClient, silentRedis, skipWithoutRedis } from './redis-helpers.ts';

const silent = () => memoryLogger('silent').logger;

describe('redisCache against Redis', { skip: skipWithoutRedis, timeout: 20_000 }, () => {
  const redis = redisClients();
  const prefixes: string[] = [];
  /** A key prefix of its own per test, removed at the end. */
  const uniquePrefix = () => {
    const prefix = `cxhook-test:cache:${randomUUID()}`;
    prefixes.push(prefix);
    return prefix;
  };
  // A generous command timeout: a loaded test machine can stall a process for 250 ms, which is not what these test.
  const replica = async (options: Partial<RedisCacheOptions> & { keyPrefix: string }) => ({ redis: await redis.connect(), logger: silent(), commandTimeoutMs: 2000, ...options });
  after(async () => {
    for (const prefix of prefixes) await redis.clean(prefix);
    redis.disconnectAll();
  });

  test('set stores JSON under the prefix with a PX expiry; get and delete see it from another client', async () => {
    const keyPrefix = uniquePrefix();
    const a = redisCache(await replica({ keyPrefix, ttlMs: 60_000 }));
    const b = redisCache(await replica({ keyPrefix }));
    await a.set('weather:paris', { condition: 'sunny', temperatureC: 21.5, note: null });
    assert.deepEqual(await b.get('weather:paris'), { condition: 'sunny', temperatureC: 21.5, note: null });
    const raw = await redis.connect();
    assert.equal(await raw.get(`${keyPrefix}:v:weather:paris`), '{"condition":"sunny","temperatureC":21.5,"note":null}');
    const ttl = await raw.pttl(`${keyPrefix}:v:weather:paris`);
    assert.ok(ttl > 0 && ttl <= 60_000, `pttl ${ttl}`);
    await b.delete('weather:paris');
    assert.equal(await a.get('weather:paris'), undefined);
    assert.deepEqual(await a.health(), { status: 'ok' });
  });

  test('an entry expires in Redis after its per-call TTL', async () => {
    const keyPrefix = uniquePrefix();
    const cache = redisCache(await replica({ keyPrefix }));
    let loads = 0;
    await cache.getOrLoad('k', async () => ++loads, { ttlMs: 200 });
    const raw = await redis.connect();
    const ttl = await raw.pttl(`${keyPrefix}:v:k`);
    assert.ok(ttl > 0 && ttl <= 200, `pttl ${ttl}`);
    await sleep(250);
    assert.equal(await cache.get('k'), undefined);
    assert.equal(await cache.getOrLoad('k', async () => ++loads), 2);
  });

  test('two replicas with their own clients missing the same key concurrently make exactly one loader call', async () => {
    const keyPrefix = uniquePrefix();
    const replicas = [redisCache(await replica({ keyPrefix })), redisCache(await replica({ keyPrefix }))];
    let calls = 0;
    const loader = async () => {
      calls++;
      await sleep(100); // an upstream call: long enough for every caller to miss
      return { location: 'Lima', temperatureC: 19 };
    };
    const answers = await Promise.all(Array.from({ length: 12 }, (_, i) => replicas[i % 2]!.getOrLoad('weather:lima', loader)));
    assert.equal(calls, 1);
    for (const answer of answers) assert.deepEqual(answer, { location: 'Lima', temperatureC: 19 });
    const raw = await redis.connect();
    assert.equal(await raw.exists(`${keyPrefix}:lock:weather:lima`), 0, 'the lock is released');
  });

  test('a lock whose holder died is taken over when it expires, and the waiter loads', async () => {
    const keyPrefix = uniquePrefix();
    const raw = await redis.connect();
    // What a replica killed mid-load leaves behind: its lock, with lockMs to live, and no value.
    await raw.set(`${keyPrefix}:lock:k`, 'dead-replica', 'PX', 200);
    const cache = redisCache(await replica({ keyPrefix, maxWaitMs: 10_000, pollMs: 10 }));
    let calls = 0;
    assert.equal(await cache.getOrLoad('k', async () => (calls++, 'loaded by the survivor')), 'loaded by the survivor');
    assert.equal(calls, 1);
    assert.equal(await raw.get(`${keyPrefix}:v:k`), '"loaded by the survivor"');
  });

  test('a waiter loads itself after maxWaitMs when the lock holder is alive but slow', async () => {
    const keyPrefix = uniquePrefix();
    const raw = await redis.connect();
    await raw.set(`${keyPrefix}:lock:k`, 'slow-replica', 'PX', 10_000);
    const cache = redisCache(await replica({ keyPrefix, maxWaitMs: 100, pollMs: 10 }));
    assert.equal(await cache.getOrLoad('k', async () => 'mine'), 'mine');
    assert.equal(await raw.get(`${keyPrefix}:lock:k`), 'slow-replica', 'another replica’s lock is left alone');
  });

  test('a failed load on one replica is not cached: every waiter there sees it, and the other replica loads itself', async () => {
    const keyPrefix = uniquePrefix();
    const a = redisCache(await replica({ keyPrefix, pollMs: 10 }));
    const b = redisCache(await replica({ keyPrefix, pollMs: 10 }));
    const gate = deferred<string>();
    let calls = 0;
    const onA = [a.getOrLoad('k', () => (calls++, gate.promise)), a.getOrLoad('k', () => (calls++, gate.promise))];
    const raw = await redis.connect();
    while ((await raw.exists(`${keyPrefix}:lock:k`)) === 0) await sleep(5); // A holds the lock
    const onB = b.getOrLoad('k', async () => (calls++, 'from B'));
    await sleep(30);
    gate.reject(new Error('upstream 503'));
    for (const outcome of await Promise.allSettled(onA)) assert.equal(outcome.status === 'rejected' && (outcome.reason as Error).message, 'upstream 503');
    assert.equal(await onB, 'from B');
    assert.equal(calls, 2);
    assert.equal(await a.get('k'), 'from B');
  });

  test('a caller whose signal aborts stops waiting on another replica’s load', async () => {
    const keyPrefix = uniquePrefix();
    const raw = await redis.connect();
    await raw.set(`${keyPrefix}:lock:k`, 'other-replica', 'PX', 5000);
    const cache = redisCache(await replica({ keyPrefix, maxWaitMs: 5000 }));
    await assert.rejects(cache.getOrLoad('k', async () => 'never', { signal: AbortSignal.timeout(50) }), { name: 'TimeoutError' });
  });

  test('a value in Redis that is not JSON counts as a miss and is replaced by the load', async () => {
    const keyPrefix = uniquePrefix();
    const raw = await redis.connect();
    await raw.set(`${keyPrefix}:v:k`, 'not json {');
    const cache = redisCache(await replica({ keyPrefix }));
    assert.equal(await cache.get('k'), undefined);
    assert.deepEqual(await cache.getOrLoad('k', async () => ({ fresh: true })), { fresh: true });
    assert.equal(await raw.get(`${keyPrefix}:v:k`), '{"fresh":true}');
  });

  test('a value JSON cannot write is refused by set, and returned uncached by getOrLoad', async () => {
    const keyPrefix = uniquePrefix();
    const { logger, lines } = memoryLogger('warn');
    const cache = redisCache(await replica({ keyPrefix, logger }));
    await assert.rejects(cache.set('k', { big: 1n }), (error: unknown) => error instanceof CxhookError && error.code === 'CXH_ERR_INVALID_CACHE_ENTRY' && /BigInt/.test(error.message));
    assert.deepEqual(await cache.getOrLoad('k', async () => ({ big: 2n })), { big: 2n });
    assert.equal(await cache.get('k'), undefined);
    assert.ok(lines.some((line) => line.msg === 'loaded value not cached'));
    const raw = await redis.connect();
    assert.equal(await raw.exists(`${keyPrefix}:lock:k`), 0, 'the lock is released');
  });

  test('with an L1, a hit is answered in-process even after the entry is gone from Redis, until the L1 TTL', async () => {
    const keyPrefix = uniquePrefix();
    const cache = redisCache(await replica({ keyPrefix, l1: { max: 10, ttlMs: 60_000 } }));
    await cache.set('k', 'v');
    const raw = await redis.connect();
    await raw.del(`${keyPrefix}:v:k`);
    assert.equal(await cache.get('k'), 'v');
    await cache.delete('k');
    assert.equal(await cache.get('k'), undefined, 'a delete through the cache clears its own L1');
  });

  test('peek answers from the L1 only: never from Redis itself, and nothing without an L1', async () => {
    const keyPrefix = uniquePrefix();
    const withL1 = redisCache(await replica({ keyPrefix, l1: { max: 10, ttlMs: 60_000 } }));
    const withoutL1 = redisCache(await replica({ keyPrefix }));
    await withoutL1.set('k', 'v');
    assert.equal(await withoutL1.get('k'), 'v', 'the value is in Redis');
    assert.equal(withoutL1.peek('k'), undefined, 'no L1: peek never asks Redis');
    assert.equal(withL1.peek('k'), undefined, 'not in this L1 yet');
    assert.equal(await withL1.get('k'), 'v');
    assert.equal(withL1.peek('k'), 'v', 'the get filled the L1');
    await withL1.delete('k');
    assert.equal(withL1.peek('k'), undefined);
  });
});

describe('redisCache when Redis fails (no Redis server needed)', { timeout: 10_000 }, () => {
  test('a Redis that refuses connections: getOrLoad answers via the loader, health says degraded, and the failure is logged once', async () => {
    const client = await refusedClient();
    const { logger, lines } = memoryLogger('warn');
    try {
      const cache = redisCache({ redis: client, keyPrefix: 'cxhook-test:down', logger, retryAfterMs: 1 });
      let calls = 0;
      for (let i = 0; i < 5; i++) assert.equal(await cache.getOrLoad('k', async () => ++calls), i + 1);
      assert.equal(await cache.get('k'), undefined);
      await cache.set('k', 'v'); // resolves: the caller is not failed
      await cache.delete('k');
      const health = await cache.health();
      assert.equal(health.status, 'degraded');
      assert.match(health.status === 'degraded' ? health.reason : '', /^Redis: connection is (connecting|reconnecting|close|end)/);
      const warnings = lines.filter((line) => line.msg === 'cache store unavailable: loading without the shared cache');
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!.reason, /connection is/);
    } finally {
      client.disconnect();
    }
  });

  test('with an offline queue and a Redis that is down, commands are not queued: the loader answers at once', async () => {
    const client = await refusedClient({ enableOfflineQueue: true, maxRetriesPerRequest: 20 });
    try {
      const cache = redisCache({ redis: client, logger: silent() });
      assert.equal(await cache.getOrLoad('k', async () => 'direct'), 'direct');
      const queues = client as unknown as { commandQueue: { length: number }; offlineQueue: { length: number } };
      assert.equal(queues.commandQueue.length + queues.offlineQueue.length, 0, 'nothing waits in ioredis queues');
    } finally {
      client.disconnect();
    }
  });

  test('concurrent callers in one process still share one loader call while Redis is down', async () => {
    const client = await refusedClient();
    try {
      const cache = redisCache({ redis: client, logger: silent() });
      const gate = deferred<number>();
      let calls = 0;
      const waiting = Array.from({ length: 5 }, () => cache.getOrLoad('k', () => (calls++, gate.promise)));
      gate.resolve(7);
      assert.deepEqual(await Promise.all(waiting), [7, 7, 7, 7, 7]);
      assert.equal(calls, 1);
    } finally {
      client.disconnect();
    }
  });

  test('a Redis that accepts connections but never answers: the loader answers after commandTimeoutMs, and health says degraded', async () => {
    const hung = await silentRedis();
    const { logger, lines } = memoryLogger('warn');
    try {
      const cache = redisCache({ redis: hung.client, logger, commandTimeoutMs: 100 });
      assert.equal(await cache.getOrLoad('k', async () => 'direct'), 'direct');
      assert.equal(await cache.get('k'), undefined, 'skipped while Redis is being given time to recover');
      assert.deepEqual(await cache.health(), { status: 'degraded', reason: 'Redis: no answer within 100 ms' });
      assert.match(lines.find((line) => line.msg === 'cache store unavailable: loading without the shared cache')?.reason ?? '', /no answer within 100 ms/);
    } finally {
      await hung.close();
    }
  });

  test('a lazyConnect client is connected by the cache instead of leaving it degraded forever', { skip: skipWithoutRedis }, async () => {
    assert.ok(redisUp, 'CXHOOK_REQUIRE_REDIS=1 but Redis does not answer');
    const { Redis } = await import('ioredis');
    const { REDIS } = await import('./redis-helpers.ts');
    const client: Redis = new Redis({ ...REDIS, lazyConnect: true });
    client.on('error', () => {});
    try {
      const cache = redisCache({ redis: client, logger: silent() });
      assert.equal((await cache.health()).status, 'degraded', 'not connected yet');
      await new Promise((resolve) => client.once('ready', resolve));
      assert.deepEqual(await cache.health(), { status: 'ok' });
    } finally {
      client.disconnect();
    }
  });

  test('bad options are refused at creation with CXH_ERR_INVALID_OPTION naming the option', async () => {
    const client = await refusedClient({ lazyConnect: true });
    for (const [options, name] of [
      [{ redis: {} }, 'redisCache.redis'],
      [{ redis: client, keyPrefix: '' }, 'redisCache.keyPrefix'],
      [{ redis: client, ttlMs: 0 }, 'redisCache.ttlMs'],
      [{ redis: client, commandTimeoutMs: -5 }, 'redisCache.commandTimeoutMs'],
      [{ redis: client, lockMs: 1.5 }, 'redisCache.lockMs'],
      [{ redis: client, l1: { max: 0 } }, 'redisCache.l1.max'],
    ] as const) {
      assert.throws(() => redisCache(options as never), (error: unknown) => error instanceof CxhookError && error.code === 'CXH_ERR_INVALID_OPTION' && error.message.includes(name), name);
    }
    client.disconnect();
  });
});

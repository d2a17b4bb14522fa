// Rate limiting per session, per client or per custom key: 429 CXH_ERR_RATE_LIMITED with
// Retry-After once a key has used its points, counted after the request is parsed and before any
// handler runs. The Redis engine shares the count between replicas and lets calls through when Redis
// is down or hung. Redis tests need redis-server on 127.0.0.1:6379; without it they are skipped, or
// fail when CXHOOK_REQUIRE_REDIS=1 (as in CI).
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, describe, test } from 'node:test';
import type { RawRequest } from '../../src/app/handle.ts';
import { rateLimit, type RateLimitOptions } from '../../src/limits/rate-limit.ts';
import { makeApp, makeRequest, memoryLogger, AGENT } from '../app/helpers.ts';
import { redisClients, refusedClient, silentRedis, skipWithoutRedis } from '../cache/redis-helpers.ts';

const HEADERS = { 'content-type': 'application/json' };

function limitedApp(options: RateLimitOptions, logger = memoryLogger('warn').logger) {
  let handled = 0;
  const app = makeApp({ rateLimit: rateLimit(options), logger });
  app.fallback((ctx) => {
    handled++;
    ctx.reply.text('ok');
  });
  return { app, handled: () => handled };
}

/** A call in `session` from `remoteAddress`. */
function call(app: ReturnType<typeof makeApp>, session = 's-1', extra: Partial<RawRequest> = {}) {
  const body = JSON.stringify(makeRequest({ sessionInfo: { session: `${AGENT}/sessions/${session}`, parameters: {} } }));
  return app.handle({ body, headers: HEADERS, remoteAddress: '10.0.0.1', ...extra });
}

describe('rate limiting in memory', () => {
  test('by session: the call after `points` calls in one session gets 429 with Retry-After, and its handler does not run', async () => {
    const { app, handled } = limitedApp({ by: 'session', points: 2, durationS: 60 });
    assert.equal((await call(app)).status, 200);
    assert.equal((await call(app)).status, 200);
    const limited = await call(app);
    assert.equal(limited.status, 429);
    const retryAfter = Number(limited.headers['retry-after']);
    assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${limited.headers['retry-after']}`);
    const { error } = JSON.parse(limited.body);
    assert.equal(error.code, 'CXH_ERR_RATE_LIMITED');
    assert.match(error.message, new RegExp(`this session; retry in ${retryAfter} s`));
    assert.equal(handled(), 2);
  });

  test('by session: another session has its own count', async () => {
    const { app } = limitedApp({ by: 'session', points: 1, durationS: 60 });
    assert.equal((await call(app, 'a')).status, 200);
    assert.equal((await call(app, 'a')).status, 429);
    assert.equal((await call(app, 'b')).status, 200);
  });

  test('by client: counted per remote address whatever the session', async () => {
    const { app } = limitedApp({ by: 'client', points: 2, durationS: 60 });
    assert.equal((await call(app, 'a', { remoteAddress: '10.0.0.1' })).status, 200);
    assert.equal((await call(app, 'b', { remoteAddress: '10.0.0.1' })).status, 200);
    assert.equal((await call(app, 'c', { remoteAddress: '10.0.0.1' })).status, 429);
    assert.equal((await call(app, 'a', { remoteAddress: '10.0.0.2' })).status, 200);
  });

  test('by a function: the key it returns is counted, e.g. a header', async () => {
    const { app } = limitedApp({ by: (_request, source) => String(source.headers['x-tenant']), points: 1, durationS: 60 });
    const as = (tenant: string) => call(app, 's', { headers: { ...HEADERS, 'X-Tenant': tenant } });
    assert.equal((await as('one')).status, 200);
    assert.equal((await as('one')).status, 429);
    assert.equal((await as('two')).status, 200);
  });

  test('a key function that throws lets the call through and logs the error', async () => {
    const { logger, lines } = memoryLogger('warn');
    const { app } = limitedApp({ by: () => { throw new Error('boom'); }, points: 1, durationS: 60 }, logger);
    assert.equal((await call(app)).status, 200);
    assert.equal((await call(app)).status, 200);
    assert.ok(lines.some((line) => /key function failed/.test(line.msg)));
  });

  test('calls refused earlier (malformed JSON, invalid request) do not use points', async () => {
    const { app } = limitedApp({ by: 'client', points: 1, durationS: 60 });
    assert.equal((await app.handle({ body: '{', headers: HEADERS, remoteAddress: '10.0.0.1' })).status, 400);
    assert.equal((await app.handle({ body: '[]', headers: HEADERS, remoteAddress: '10.0.0.1' })).status, 400);
    assert.equal((await call(app)).status, 200);
  });

  test('bad options are refused at creation with CXH_ERR_INVALID_OPTION naming the option', () => {
    for (const [options, name] of [
      [{ by: 'ip', points: 1, durationS: 1 }, 'rateLimit.by'],
      [{ by: 'session', points: 0, durationS: 1 }, 'rateLimit.points'],
      [{ by: 'session', points: 1, durationS: 0.5 }, 'rateLimit.durationS'],
      [{ by: 'session', points: 1, durationS: 1, keyPrefix: '' }, 'rateLimit.keyPrefix'],
      [{ by: 'session', points: 1, durationS: 1, redis: {} }, 'rateLimit.redis'],
    ] as const) {
      assert.throws(() => rateLimit(options as any), (error: any) => error.code === 'CXH_ERR_INVALID_OPTION' && error.message.includes(name), name);
    }
    assert.throws(() => makeApp({ rateLimit: { points: 1 } as any }), (error: any) => error.code === 'CXH_ERR_INVALID_OPTION' && /rateLimit/.test(error.message));
  });
});

// ---------------------------------------------------------------------------------------------------
// Redis

describe('rate limiting in Redis', { skip: skipWithoutRedis, timeout: 10_000 }, () => {
  const redis = redisClients();
  const connect = () => redis.connect();
  after(() => redis.disconnectAll());

  test('two replicas with their own clients share one count per session', async () => {
    const keyPrefix = `cxhook-test:${randomUUID()}`;
    const replicaA = limitedApp({ by: 'session', points: 3, durationS: 60, redis: await connect(), keyPrefix });
    const replicaB = limitedApp({ by: 'session', points: 3, durationS: 60, redis: await connect(), keyPrefix });
    assert.equal((await call(replicaA.app)).status, 200);
    assert.equal((await call(replicaB.app)).status, 200);
    assert.equal((await call(replicaA.app)).status, 200);
    const limited = await call(replicaB.app);
    assert.equal(limited.status, 429);
    assert.equal(JSON.parse(limited.body).error.code, 'CXH_ERR_RATE_LIMITED');
    assert.ok(Number(limited.headers['retry-after']) >= 1);
    assert.equal((await call(replicaA.app, 'other-session')).status, 200);
    // The count lives in Redis under the prefix, with the window as its expiry.
    const ttl = await (await connect()).pttl(`${keyPrefix}:session:${AGENT}/sessions/s-1`);
    assert.ok(ttl > 0 && ttl <= 60_000, `ttl ${ttl}`);
  });
});

describe('rate limiting when Redis fails (no Redis server needed)', { timeout: 10_000 }, () => {
  test('a Redis that refuses connections lets every call through and is logged once per interval', async () => {
    const client = await refusedClient({ enableOfflineQueue: false });
    const { logger, lines } = memoryLogger('warn');
    try {
      const { app, handled } = limitedApp({ by: 'session', points: 1, durationS: 60, redis: client }, logger);
      for (let i = 0; i < 4; i++) assert.equal((await call(app)).status, 200);
      assert.equal(handled(), 4);
      const warnings = lines.filter((line) => /rate limit store unavailable/.test(line.msg));
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!.reason, /not ready/i);
    } finally {
      client.disconnect();
    }
  });

  test('a Redis that accepts connections but never answers lets calls through after redisTimeoutMs, even with an offline queue', async () => {
    const silent = await silentRedis();
    const client = silent.client;
    const { logger, lines } = memoryLogger('warn');
    try {
      const { app } = limitedApp({ by: 'session', points: 1, durationS: 60, redis: client, redisTimeoutMs: 100 }, logger);
      assert.equal((await call(app)).status, 200);
      assert.equal((await call(app)).status, 200);
      assert.match(lines.find((line) => /rate limit store unavailable/.test(line.msg))?.reason ?? '', /timed out/i);
    } finally {
      await silent.close();
    }
  });
});

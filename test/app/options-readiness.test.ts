// Options are validated when the app is created; readiness checks report per check, bounded in time.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createWebhook, DEFAULT_DEADLINE_MS, DEFAULT_FALLBACK_TEXT, MAX_DEADLINE_MS } from '../../src/app/index.ts';
import { CxhookError } from '../../src/errors/index.ts';
import { makeApp } from './helpers.ts';

const invalidOption = (pattern: RegExp) => (error: unknown) =>
  error instanceof CxhookError && error.code === 'CXH_ERR_INVALID_OPTION' && pattern.test(error.message);

describe('options', () => {
  test('defaults: 4500 ms deadline, the default fallback text, fallback on error, no redaction or readiness checks', () => {
    const { options } = makeApp();
    assert.equal(options.deadlineMs, DEFAULT_DEADLINE_MS);
    assert.equal(DEFAULT_DEADLINE_MS, 4500);
    assert.equal(options.fallbackText, DEFAULT_FALLBACK_TEXT);
    assert.deepEqual(options.fallbackParameters('CXH_ERR_X'), { webhook_error: 'CXH_ERR_X' });
    assert.equal(options.onError, 'fallback');
    assert.deepEqual(options.redactParams, []);
    assert.deepEqual(options.readiness, {});
  });

  for (const deadlineMs of [0, -1, 40000, MAX_DEADLINE_MS + 1, Number.NaN, Number.POSITIVE_INFINITY]) {
    test(`deadlineMs ${deadlineMs} throws CXH_ERR_INVALID_OPTION`, () => {
      assert.throws(() => createWebhook({ deadlineMs }), invalidOption(/deadlineMs/));
    });
  }

  for (const deadlineMs of [1, 50, MAX_DEADLINE_MS]) {
    test(`deadlineMs ${deadlineMs} is accepted`, () => {
      assert.equal(makeApp({ deadlineMs }).options.deadlineMs, deadlineMs);
    });
  }

  test('an unknown onError value throws CXH_ERR_INVALID_OPTION', () => {
    assert.throws(() => createWebhook({ onError: 'ignore' as never }), invalidOption(/onError/));
  });
});

describe('ready()', () => {
  test('is ok with no checks', async () => {
    assert.deepEqual(await makeApp().ready(), { ok: true, checks: {} });
  });

  test('is ok when every check passes (sync, async, or returning a value)', async () => {
    const app = makeApp({ readiness: { sync: () => undefined, async: async () => 'pong', truthy: () => true } });
    assert.deepEqual(await app.ready(), { ok: true, checks: { sync: 'ok', async: 'ok', truthy: 'ok' } });
  });

  test('reports a throwing or rejecting check with its message and the others as ok', async () => {
    const app = makeApp({
      readiness: {
        db: async () => {
          throw new Error('connection refused');
        },
        cache: () => {
          throw new Error('cache offline');
        },
        queue: () => Promise.reject('plain reason'),
        api: () => true,
      },
    });
    assert.deepEqual(await app.ready(), {
      ok: false,
      checks: { db: 'connection refused', cache: 'cache offline', queue: 'plain reason', api: 'ok' },
    });
  });

  test('a check returning { status: "degraded", reason } keeps the app ready and is listed with its reason', async () => {
    const app = makeApp({ readiness: { cache: async () => ({ status: 'degraded', reason: 'Redis: no answer within 250 ms' }), db: () => true } });
    assert.deepEqual(await app.ready(), {
      ok: true,
      checks: { cache: 'degraded', db: 'ok' },
      degraded: { cache: 'Redis: no answer within 250 ms' },
    });
  });

  test('a degraded check beside a failing one: the app is not ready, and both are reported', async () => {
    const app = makeApp({ readiness: { cache: () => ({ status: 'degraded', reason: 'no shared cache' }), db: () => false } });
    assert.deepEqual(await app.ready(), { ok: false, checks: { cache: 'degraded', db: 'failed' }, degraded: { cache: 'no shared cache' } });
  });

  test('reports a check returning false as failed', async () => {
    const app = makeApp({ readiness: { flag: () => false } });
    assert.deepEqual(await app.ready(), { ok: false, checks: { flag: 'failed' } });
  });

  test('reports a check that never answers after the 2 s timeout, without waiting for the others', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const app = makeApp({ readiness: { hangs: () => new Promise(() => {}), quick: async () => true } });
    const pending = app.ready();
    // Let the quick check settle before time moves on (setImmediate is not mocked).
    await new Promise((resolve) => setImmediate(resolve));
    t.mock.timers.tick(1999);
    let settled = false;
    void pending.then(() => {
      settled = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(settled, false, 'still waiting before 2 s');
    t.mock.timers.tick(1);
    assert.deepEqual(await pending, { ok: false, checks: { hangs: 'no answer within 2000 ms', quick: 'ok' } });
  });
});

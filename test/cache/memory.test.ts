// The in-process cache: LRU + TTL from lru-cache, and single flight so that concurrent misses for one
// key make one loader call, whose failure every waiter sees and which is not cached.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { memoryCache } from '../../src/cache/index.ts';
import { CxhookError } from '../../src/errors/index.ts';
import { deferred } from '../app/helpers.ts';

describe('memoryCache', () => {
  test('getOrLoad calls the loader on a miss and answers later calls from the cache', async () => {
    const cache = memoryCache();
    let calls = 0;
    const load = async () => ({ place: 'paris', calls: ++calls });
    assert.deepEqual(await cache.getOrLoad('weather:paris', load), { place: 'paris', calls: 1 });
    assert.deepEqual(await cache.getOrLoad('weather:paris', load), { place: 'paris', calls: 1 });
    assert.deepEqual(await cache.get('weather:paris'), { place: 'paris', calls: 1 });
    assert.equal(calls, 1);
  });

  test('set, get and delete; null, 0 and empty strings are values like any other', async () => {
    const cache = memoryCache();
    for (const [key, value] of [['a', null], ['b', 0], ['c', ''], ['d', false]] as const) {
      await cache.set(key, value);
      assert.equal(await cache.get(key), value, key);
    }
    await cache.delete('a');
    assert.equal(await cache.get('a'), undefined);
    assert.equal(await cache.getOrLoad('b', async () => 99), 0, 'a cached 0 is a hit');
  });

  test('an entry expires after its TTL (default or per call), read from an injected clock', async () => {
    let now = 1_000_000;
    const cache = memoryCache({ ttlMs: 1000, now: () => now });
    await cache.set('default', 'x');
    await cache.set('short', 'y', { ttlMs: 100 });
    let loads = 0;
    await cache.getOrLoad('loaded', async () => ++loads, { ttlMs: 500 });
    now += 99;
    assert.equal(await cache.get('short'), 'y', 'fresh one ms before its TTL');
    now += 2;
    assert.equal(await cache.get('short'), undefined);
    now += 400;
    assert.equal(await cache.getOrLoad('loaded', async () => ++loads), 2, 'loaded again after its 500 ms');
    assert.equal(await cache.get('default'), 'x');
    now += 500;
    assert.equal(await cache.get('default'), undefined);
  });

  test('peek answers what is held now without waiting, and nothing for a miss, an expired or a deleted entry', async () => {
    let now = 1_000_000;
    const cache = memoryCache({ ttlMs: 1000, now: () => now });
    await cache.set('kept', { condition: 'sunny' });
    await cache.set('falsy', 0);
    const peeked = cache.peek<{ condition: string }>('kept');
    assert.ok(!(peeked instanceof Promise), 'a plain value, not a promise');
    assert.deepEqual(peeked, { condition: 'sunny' });
    assert.equal(cache.peek('falsy'), 0, 'a cached 0 is a value');
    assert.equal(cache.peek('missing'), undefined);
    let loads = 0;
    await cache.getOrLoad('loaded', async () => ++loads);
    assert.equal(cache.peek('loaded'), 1, 'what getOrLoad stored');
    await cache.delete('kept');
    assert.equal(cache.peek('kept'), undefined);
    now += 1001;
    assert.equal(cache.peek('falsy'), undefined, 'expired');
    assert.throws(() => cache.peek(42 as unknown as string), (error: unknown) => error instanceof CxhookError && error.code === 'CXH_ERR_INVALID_CACHE_ENTRY');
  });

  test('past `max` entries the least recently used one is evicted', async () => {
    const cache = memoryCache({ max: 2 });
    await cache.set('a', 1);
    await cache.set('b', 2);
    assert.equal(await cache.get('a'), 1); // a is now more recent than b
    await cache.set('c', 3);
    assert.equal(await cache.get('b'), undefined);
    assert.equal(await cache.get('a'), 1);
    assert.equal(await cache.get('c'), 3);
  });

  test('concurrent misses for one key share one loader call; other keys load on their own', async () => {
    const cache = memoryCache();
    const gate = deferred<string>();
    let calls = 0;
    const load = () => (calls++, gate.promise);
    const waiting = Array.from({ length: 10 }, () => cache.getOrLoad('k', load));
    const other = cache.getOrLoad('other', async () => 'other value');
    gate.resolve('value');
    assert.deepEqual(await Promise.all(waiting), Array(10).fill('value'));
    assert.equal(await other, 'other value');
    assert.equal(calls, 1);
  });

  test('a failed load reaches every waiter, is not cached, and the next call loads again', async () => {
    const cache = memoryCache();
    const gate = deferred<string>();
    let calls = 0;
    const waiting = Array.from({ length: 3 }, () => cache.getOrLoad('k', () => (calls++, gate.promise)));
    const failure = new Error('upstream down');
    gate.reject(failure);
    for (const outcome of await Promise.allSettled(waiting)) assert.deepEqual(outcome, { status: 'rejected', reason: failure });
    assert.equal(await cache.get('k'), undefined);
    assert.equal(await cache.getOrLoad('k', async () => (calls++, 'recovered')), 'recovered');
    assert.equal(calls, 2);
  });

  test('a caller whose signal aborts stops waiting with the reason; the shared load still answers the others', async () => {
    const cache = memoryCache();
    const gate = deferred<string>();
    let calls = 0;
    const caller = new AbortController();
    const impatient = cache.getOrLoad('k', () => (calls++, gate.promise), { signal: caller.signal });
    const patient = cache.getOrLoad('k', () => (calls++, gate.promise));
    caller.abort(new Error('deadline'));
    await assert.rejects(impatient, /deadline/);
    gate.resolve('late value');
    assert.equal(await patient, 'late value');
    assert.equal(await cache.get('k'), 'late value', 'the load finished and was cached');
    assert.equal(calls, 1);
  });

  test('an already aborted signal rejects at once without calling the loader', async () => {
    const cache = memoryCache();
    let calls = 0;
    await assert.rejects(cache.getOrLoad('k', async () => ++calls, { signal: AbortSignal.abort() }), { name: 'AbortError' });
    assert.equal(calls, 0);
  });

  test('a signal given as a function is asked for only on a miss, never for a hit', async () => {
    const cache = memoryCache();
    let asked = 0;
    const signal = () => (asked++, new AbortController().signal);
    assert.equal(await cache.getOrLoad('k', async () => 'v', { signal }), 'v');
    assert.equal(asked, 1, 'a miss may have to wait, so it asks');
    assert.equal(await cache.getOrLoad('k', async () => 'other', { signal }), 'v');
    assert.equal(asked, 1, 'a hit does not');
    await assert.rejects(cache.getOrLoad('other', async () => 'x', { signal: () => AbortSignal.abort() }), { name: 'AbortError' });
  });

  test('a loader answering undefined is returned but not cached', async () => {
    const cache = memoryCache();
    let calls = 0;
    assert.equal(await cache.getOrLoad('k', async () => (calls++, undefined)), undefined);
    assert.equal(await cache.getOrLoad('k', async () => (calls++, undefined)), undefined);
    assert.equal(calls, 2);
  });

  test('bad options, keys and values get coded errors naming them', async () => {
    const coded = (code: string, pattern: RegExp) => (error: unknown) => error instanceof CxhookError && error.code === code && pattern.test(error.message);
    assert.throws(() => memoryCache({ max: 0 }), coded('CXH_ERR_INVALID_OPTION', /memoryCache\.max/));
    assert.throws(() => memoryCache({ ttlMs: 1.5 }), coded('CXH_ERR_INVALID_OPTION', /memoryCache\.ttlMs/));
    assert.throws(() => memoryCache({ now: 5 as never }), coded('CXH_ERR_INVALID_OPTION', /memoryCache\.now/));
    const cache = memoryCache();
    await assert.rejects(cache.get(42 as never), coded('CXH_ERR_INVALID_CACHE_ENTRY', /key must be a string, got number/));
    await assert.rejects(cache.set('k', undefined), coded('CXH_ERR_INVALID_CACHE_ENTRY', /undefined/));
    await assert.rejects(cache.set('k', 1, { ttlMs: -1 }), coded('CXH_ERR_INVALID_OPTION', /ttlMs/));
    await assert.rejects(cache.getOrLoad('k', async () => 1, { ttlMs: 0 }), coded('CXH_ERR_INVALID_OPTION', /ttlMs/));
  });

  test('is always healthy', async () => {
    assert.deepEqual(await memoryCache().health(), { status: 'ok' });
  });
});

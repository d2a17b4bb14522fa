// The shared engine: entries live in Redis as JSON with a PX expiry, so every replica sees one copy,
// and a short lock makes concurrent misses across replicas load once. Redis down or slow never fails
// a caller: commands are bounded in time and the loader is called directly instead.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { CxhookError } from '../errors/index.ts';
import { invalidOption, wholeNumber } from '../errors/invalid-option.ts';
import { createLogger, type Logger } from '../logging/logger.ts';
import { throttled } from '../logging/throttle.ts';
import { checkKey, DEFAULT_CACHE_TTL_MS, makeEntries, signalOf, ttlOf, type Cache, type CacheHealth, type CacheLoadOptions, type Entries } from './cache.ts';
import { SingleFlight, untilAborted } from './single-flight.ts';

export interface RedisCacheOptions {
  /** An ioredis client; best made with `enableOfflineQueue: false` so commands fail at once while it is down. */
  redis: Redis;
  /** Prefix of every key, so apps sharing a Redis keep apart (default `cxhook:cache`). */
  keyPrefix?: string;
  /** Default time to live of an entry in ms (default 5 minutes). */
  ttlMs?: number;
  /** A Redis answer slower than this counts as Redis being down (default 250 ms). */
  commandTimeoutMs?: number;
  /** How long a replica's load holds the key's lock; set it above the loader's own timeout (default 5000 ms). */
  lockMs?: number;
  /** How long a caller waits for another replica's load before loading itself (default 2000 ms). */
  maxWaitMs?: number;
  /** How often a waiting caller looks for the other replica's value (default 25 ms). */
  pollMs?: number;
  /** After a Redis failure, lookups skip Redis this long before trying it again (default 1000 ms). */
  retryAfterMs?: number;
  /** A small in-process cache in front of Redis; its entries may outlive a delete in Redis by `ttlMs`. */
  l1?: { max?: number; ttlMs?: number };
  /** Where Redis failures are logged (at most once per 30 s). Default: a pino logger. */
  logger?: Logger;
}

/** Redis failures are logged at most this often, with how many were not logged in between. */
const FAILURE_LOG_INTERVAL_MS = 30_000;

// The value, or the lock, atomically: no replica can miss, then lock after another stored and unlocked.
const GET_OR_LOCK = `local value = redis.call('GET', KEYS[1])
if value then return {1, value} end
if redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then return {2} end
return {0}`;
const STORE_AND_UNLOCK = `redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
if redis.call('GET', KEYS[2]) == ARGV[3] then redis.call('DEL', KEYS[2]) end
return 1`;
// Only our own lock: after lockMs it may already be another replica's.
const UNLOCK = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/**
 * A cache in Redis shared by every replica, with single-flight loading across them.
 * @example
 * import { Redis } from 'ioredis';
 * const cache = redisCache({ redis: new Redis(process.env.REDIS_URL!, { enableOfflineQueue: false }), keyPrefix: 'my-agent' });
 * createWebhook({ readiness: { cache: () => cache.health() } });
 */
export function redisCache(options: RedisCacheOptions): Cache {
  const { redis } = options;
  if (typeof redis?.eval !== 'function' || typeof redis.get !== 'function') throw invalidOption('redisCache.redis', 'must be an ioredis client');
  const keyPrefix = options.keyPrefix ?? 'cxhook:cache';
  if (typeof keyPrefix !== 'string' || keyPrefix === '') throw invalidOption('redisCache.keyPrefix', 'must be a non-empty string');
  const ttlMs = wholeNumber('redisCache.ttlMs', options.ttlMs ?? DEFAULT_CACHE_TTL_MS);
  const commandTimeoutMs = wholeNumber('redisCache.commandTimeoutMs', options.commandTimeoutMs ?? 250);
  const lockMs = wholeNumber('redisCache.lockMs', options.lockMs ?? 5000);
  const maxWaitMs = wholeNumber('redisCache.maxWaitMs', options.maxWaitMs ?? 2000);
  const pollMs = wholeNumber('redisCache.pollMs', options.pollMs ?? 25);
  const retryAfterMs = wholeNumber('redisCache.retryAfterMs', options.retryAfterMs ?? 1000);
  const l1Ttl = options.l1 ? wholeNumber('redisCache.l1.ttlMs', options.l1.ttlMs ?? 5000) : 0;
  const l1Ready = options.l1 ? makeEntries(wholeNumber('redisCache.l1.max', options.l1.max ?? 1000), l1Ttl) : undefined;
  let l1: Entries | undefined;
  // Set once lru-cache has loaded; until then `peek` answers undefined and every other call waits.
  l1Ready?.then((entries) => (l1 = entries), () => {});
  const l1Loaded = async () => {
    if (l1Ready && !l1) await l1Ready;
  };
  const logger = options.logger ?? createLogger();
  const flights = new SingleFlight();
  const valueKey = (key: string) => `${keyPrefix}:v:${key}`;
  const lockKey = (key: string) => `${keyPrefix}:lock:${key}`;

  // Health: why the last command failed, until one succeeds again.
  let degradedReason: string | undefined;
  let skipRedisUntil = 0;
  const reportFailure = throttled(FAILURE_LOG_INTERVAL_MS);

  const failed = (error: unknown) => {
    const reason = `Redis: ${error instanceof Error ? error.message : String(error)}`;
    degradedReason = reason;
    skipRedisUntil = Date.now() + retryAfterMs;
    reportFailure((unlogged) =>
      logger.warn({ engine: 'redis', keyPrefix, reason, alsoFailedSinceLastLog: unlogged }, 'cache store unavailable: loading without the shared cache'),
    );
  };
  const succeeded = () => {
    if (degradedReason === undefined) return;
    logger.info({ engine: 'redis', keyPrefix, was: degradedReason }, 'cache store reachable again');
    degradedReason = undefined;
  };
  /** Whether to send a command now: not while a client is (re)connecting, where it would queue. */
  const usable = (): boolean => {
    if (Date.now() < skipRedisUntil) return false;
    if (redis.status === 'ready') return true;
    // A lazyConnect client connects on its first command, which this engine would never send.
    if (redis.status === 'wait') redis.connect().catch(() => {});
    failed(new Error(`connection is ${redis.status}`));
    return false;
  };
  /** One command, bounded in time; a late answer is ignored. */
  const command = async <T>(send: () => Promise<T>): Promise<T> => {
    let timer: NodeJS.Timeout | undefined;
    const sent = send();
    sent.catch(() => {});
    const timeout = new Promise<never>((_, reject) => {
      // One more pass over I/O first: after a stalled event loop the answer may be waiting unread,
      // and a stall in this process is not Redis being slow.
      timer = setTimeout(() => setImmediate(() => reject(new Error(`no answer within ${commandTimeoutMs} ms`))), commandTimeoutMs);
    });
    try {
      return await Promise.race([sent, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };
  const decode = (text: string): unknown => {
    try {
      return JSON.parse(text);
    } catch {
      return undefined; // not written by this engine: a miss, overwritten by the next load
    }
  };
  const remember = (key: string, value: unknown, ttl: number) => {
    l1?.set(key, { value }, { ttl: Math.min(l1Ttl, ttl) });
  };
  const encode = (key: string, value: unknown): string => {
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch (error) {
      throw new CxhookError('CXH_ERR_INVALID_CACHE_ENTRY', [key, `the value is not JSON (${error instanceof Error ? error.message : String(error)})`]);
    }
    if (json === undefined) throw new CxhookError('CXH_ERR_INVALID_CACHE_ENTRY', [key, `a ${typeof value} is not JSON`]);
    return json;
  };
  const unlock = async (key: string, token: string) => {
    try {
      await command(() => redis.eval(UNLOCK, 1, lockKey(key), token));
    } catch (error) {
      failed(error); // the lock expires after lockMs anyway
    }
  };

  /** Loads, and stores the value in Redis (releasing `token`'s lock when given). */
  async function loadAndStore<V>(key: string, loader: () => Promise<V>, ttl: number, token: string | undefined): Promise<V> {
    let value: V;
    try {
      value = await loader();
    } catch (error) {
      // Not cached: other replicas waiting on the lock take it and load themselves.
      if (token) await unlock(key, token);
      throw error;
    }
    let json: string | undefined;
    if (value !== undefined) {
      remember(key, value, ttl);
      try {
        json = encode(key, value);
      } catch (error) {
        logger.warn({ engine: 'redis', key, reason: (error as Error).message }, 'loaded value not cached');
      }
    }
    if (json === undefined) {
      if (token) await unlock(key, token);
      return value;
    }
    try {
      await command(() => redis.eval(STORE_AND_UNLOCK, 2, valueKey(key), lockKey(key), json, ttl, token ?? ''));
      succeeded();
    } catch (error) {
      failed(error);
    }
    return value;
  }

  /** Without Redis: the caller still gets an answer, and this process's other callers share it. */
  async function loadDirectly<V>(key: string, loader: () => Promise<V>, ttl: number): Promise<V> {
    const value = await loader();
    if (value !== undefined) remember(key, value, ttl);
    return value;
  }

  async function loadShared<V>(key: string, loader: () => Promise<V>, ttl: number): Promise<V> {
    const token = randomUUID();
    const waitUntil = Date.now() + maxWaitMs;
    for (;;) {
      if (!usable()) return loadDirectly(key, loader, ttl);
      let answer: [number, string?];
      try {
        answer = (await command(() => redis.eval(GET_OR_LOCK, 2, valueKey(key), lockKey(key), token, lockMs))) as [number, string?];
        succeeded();
      } catch (error) {
        failed(error);
        return loadDirectly(key, loader, ttl);
      }
      if (answer[0] === 1) {
        const value = decode(answer[1] ?? '');
        if (value === undefined) return loadAndStore(key, loader, ttl, undefined);
        remember(key, value, ttl);
        return value as V;
      }
      if (answer[0] === 2) return loadAndStore(key, loader, ttl, token);
      // Another replica loads. Past maxWaitMs it is slow or gone: load without its lock.
      if (Date.now() >= waitUntil) return loadAndStore(key, loader, ttl, undefined);
      await sleep(pollMs);
    }
  }

  return {
    engine: 'redis',
    async get<V>(key: string) {
      checkKey(key);
      await l1Loaded();
      const hit = l1?.get(key);
      if (hit) return hit.value as V;
      if (!usable()) return undefined;
      let text: string | null;
      try {
        text = await command(() => redis.get(valueKey(key)));
        succeeded();
      } catch (error) {
        failed(error);
        return undefined;
      }
      if (text === null) return undefined;
      const value = decode(text);
      if (value !== undefined) remember(key, value, ttlMs);
      return value as V | undefined;
    },
    peek<V>(key: string) {
      checkKey(key);
      return l1?.get(key)?.value as V | undefined;
    },
    async set(key, value, setOptions) {
      checkKey(key);
      await l1Loaded();
      const ttl = ttlOf(setOptions, ttlMs);
      const json = encode(key, value);
      remember(key, value, ttl);
      if (!usable()) return;
      try {
        await command(() => redis.set(valueKey(key), json, 'PX', ttl));
        succeeded();
      } catch (error) {
        failed(error);
      }
    },
    async delete(key) {
      checkKey(key);
      await l1Loaded();
      l1?.delete(key);
      if (!usable()) return;
      try {
        await command(() => redis.del(valueKey(key)));
        succeeded();
      } catch (error) {
        failed(error);
      }
    },
    async getOrLoad<V>(key: string, loader: () => Promise<V>, loadOptions: CacheLoadOptions = {}) {
      checkKey(key);
      await l1Loaded();
      const ttl = ttlOf(loadOptions, ttlMs);
      const hit = l1?.get(key);
      if (hit) return hit.value as V;
      const signal = signalOf(loadOptions.signal);
      signal?.throwIfAborted();
      return untilAborted(flights.run(key, () => loadShared(key, loader, ttl)), signal);
    },
    async health(): Promise<CacheHealth> {
      if (redis.status !== 'ready') {
        usable(); // connects a lazy client, and logs
        return { status: 'degraded', reason: `Redis: connection is ${redis.status}` };
      }
      try {
        await command(() => redis.ping());
        succeeded();
        skipRedisUntil = 0;
        return { status: 'ok' };
      } catch (error) {
        failed(error);
        return { status: 'degraded', reason: degradedReason ?? 'Redis: unavailable' };
      }
    },
  };
}

// Per-session or per-client rate limiting, counted by rate-limiter-flexible: in this process's
// memory, or in Redis so that every replica shares one count. A limiter that cannot reach Redis lets
// calls through: a broken counter must never break the conversation.
import type { Redis } from 'ioredis';
import type { RateLimiterAbstract } from 'rate-limiter-flexible';
import type { Headers } from '../app/handle.ts';
import { CxhookError } from '../errors/index.ts';
import { invalidOption, wholeNumber } from '../errors/invalid-option.ts';
import type { Logger } from '../logging/logger.ts';
import { throttled } from '../logging/throttle.ts';
import type { WebhookRequest } from '../protocol/index.ts';

/** What the transport knows about a call besides its body. */
export interface RateLimitSource {
  remoteAddress?: string;
  /** Header names in lower case. */
  headers: Headers;
}

export interface RateLimitOptions {
  /**
   * What is counted: `session` (the CX session path, so one conversation cannot flood the webhook),
   * `client` (the remote address; behind a load balancer that is the balancer), or a function
   * returning the key.
   */
  by: 'session' | 'client' | ((request: WebhookRequest, source: RateLimitSource) => string);
  /** Calls allowed per key in each window. */
  points: number;
  /** The window, in whole seconds. */
  durationS: number;
  /** An ioredis client: the count is shared by every replica using it. Absent: this process's memory. */
  redis?: Redis;
  /** Prefix of the counter keys, so apps sharing a Redis keep apart (default `cxhook:rl`). */
  keyPrefix?: string;
  /** A Redis answer slower than this counts as Redis being down: the call goes through (default 250 ms). */
  redisTimeoutMs?: number;
}

export type RateLimitVerdict = { ok: true } | { ok: false; error: CxhookError; headers: Record<string, string> };

export interface RateLimiter {
  readonly engine: 'memory' | 'redis';
  /** Counts one call; called by the core after the request is parsed, before any handler runs. */
  check(request: WebhookRequest, source: RateLimitSource, logger: Logger): Promise<RateLimitVerdict>;
}

/** Redis failures are logged at most this often, with how many were not logged in between. */
const FAILURE_LOG_INTERVAL_MS = 30_000;


/**
 * A rate limiter for `createWebhook({ rateLimit })`. Over the limit a call gets 429
 * CXH_ERR_RATE_LIMITED with `Retry-After` in seconds.
 * @example
 * createWebhook({ rateLimit: rateLimit({ by: 'session', points: 30, durationS: 60 }) });
 * createWebhook({ rateLimit: rateLimit({ by: 'client', points: 600, durationS: 60, redis: new Redis(url, { enableOfflineQueue: false }) }) });
 */
export function rateLimit(options: RateLimitOptions): RateLimiter {
  const { by, redis } = options;
  if (by !== 'session' && by !== 'client' && typeof by !== 'function') throw invalidOption('rateLimit.by', `must be "session", "client" or a function, got ${String(by)}`);
  const points = wholeNumber('rateLimit.points', options.points);
  const duration = wholeNumber('rateLimit.durationS', options.durationS);
  const keyPrefix = options.keyPrefix ?? 'cxhook:rl';
  if (typeof keyPrefix !== 'string' || keyPrefix === '') throw invalidOption('rateLimit.keyPrefix', 'must be a non-empty string');
  const redisTimeoutMs = wholeNumber('rateLimit.redisTimeoutMs', options.redisTimeoutMs ?? 250);
  if (redis !== undefined && typeof redis?.defineCommand !== 'function') throw invalidOption('rateLimit.redis', 'must be an ioredis client');

  // Loaded here, not at import: the library costs ~25 ms of start-up that apps without limits skip.
  const loading = import('rate-limiter-flexible').then((library) => {
    const counter: RateLimiterAbstract = redis
      ? // Not ready → fail at once instead of queueing; a hung Redis → fail after the timeout.
        new library.RLWrapperTimeouts({
          limiter: new library.RateLimiterRedis({ storeClient: redis, points, duration, keyPrefix, rejectIfRedisNotReady: true }),
          timeoutMs: redisTimeoutMs,
        })
      : new library.RateLimiterMemory({ points, duration, keyPrefix });
    return { counter, isOverLimit: (outcome: unknown): outcome is InstanceType<typeof library.RateLimiterRes> => outcome instanceof library.RateLimiterRes };
  });
  // A failed load surfaces on the first check (and is let through there), not as an unhandled rejection.
  loading.catch(() => {});
  const who = by === 'session' ? 'this session' : by === 'client' ? 'this client' : 'this caller';

  const keyOf = (request: WebhookRequest, source: RateLimitSource): string => {
    if (typeof by === 'function') return String(by(request, source));
    if (by === 'session' && request.sessionInfo?.session) return `session:${request.sessionInfo.session}`;
    return `client:${source.remoteAddress ?? 'unknown'}`;
  };

  const reportFailure = throttled(FAILURE_LOG_INTERVAL_MS);
  const failedOpen = (error: unknown, logger: Logger) =>
    reportFailure((unlogged) => {
      const reason = error instanceof Error ? error.message : String(error);
      logger.warn({ engine: 'redis', reason, alsoFailedSinceLastLog: unlogged }, 'rate limit store unavailable: calls are let through');
    });

  return {
    engine: redis ? 'redis' : 'memory',
    async check(request, source, logger) {
      let key: string;
      try {
        key = keyOf(request, source);
      } catch (error) {
        logger.error({ err: error }, 'rate limit key function failed: the call is let through');
        return { ok: true };
      }
      try {
        const { counter, isOverLimit } = await loading;
        try {
          await counter.consume(key);
          return { ok: true };
        } catch (outcome) {
          if (!isOverLimit(outcome)) throw outcome;
          const retryAfterS = Math.max(1, Math.ceil(outcome.msBeforeNext / 1000));
          return { ok: false, error: new CxhookError('CXH_ERR_RATE_LIMITED', [who, retryAfterS]), headers: { 'retry-after': String(retryAfterS) } };
        }
      } catch (error) {
        failedOpen(error, logger);
        return { ok: true };
      }
    },
  };
}

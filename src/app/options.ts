// Options of createWebhook, with their defaults and limits in one place.
import type { Authenticator } from '../auth/authenticator.ts';
import { CxhookError } from '../errors/index.ts';
import { wholeNumber } from '../errors/invalid-option.ts';
import type { RateLimiter } from '../limits/rate-limit.ts';
import { DEFAULT_MAX_DEPTH, DEFAULT_MAX_KEYS, MAX_MAX_DEPTH, type JsonLimits } from '../limits/json-complexity.ts';
import type { JsonValue } from '../protocol/index.ts';
import { createLogger, type Logger } from '../logging/logger.ts';

/** CX gives a webhook 5 s by default and 30 s at most; answer this long before that. */
export const DEFAULT_DEADLINE_MS = 4500;
export const MAX_DEADLINE_MS = 29500;

export interface FallbackOptions {
  /** What the user hears when a handler fails or is too slow. */
  text?: string;
  /**
   * Session parameters the agent can branch on; `code` is the CXH_ERR_* code. Default:
   * `{ webhook_error: code }`.
   */
  parameters?: (code: string) => Record<string, JsonValue>;
}

export interface WebhookOptions {
  /** Answer within this many ms (default 4500, at most 29500); then the fallback is sent. */
  deadlineMs?: number;
  fallback?: FallbackOptions;
  /**
   * What a failed or late handler yields: `fallback` (HTTP 200 with the fallback response, default)
   * or `status` (HTTP 500/503, so the agent's own `webhook.error` handlers fire).
   */
  onError?: 'fallback' | 'status';
  /**
   * What an invalid response yields: `throw` (a coded CXH_ERR_INVALID_RESPONSE, the default outside
   * production) or `fallback` (logged, fallback sent; the default when NODE_ENV=production).
   */
  onInvalidResponse?: 'throw' | 'fallback';
  logger?: Logger;
  /** Parameter names masked in debug logs of request bodies. */
  redactParams?: string[];
  /**
   * Readiness checks for `/readyz` (e.g. a database ping), by name. A check that throws or returns
   * `false` fails (503); one returning `{ status: 'degraded', reason }` keeps the app ready (200,
   * status `degraded`), e.g. `cache.health()` while Redis is down.
   */
  readiness?: Record<string, () => unknown>;
  /**
   * Who may call: checked before the body is read. Combine schemes with `anyOf(...)`. Without it
   * every caller is let in (put the webhook behind something else that authenticates).
   */
  auth?: Authenticator;
  /**
   * Shape limits on request bodies, checked before the JSON is parsed: deeper or larger bodies get
   * 400 CXH_ERR_JSON_TOO_COMPLEX. Defaults: `maxDepth` 64 (at most 1000), `maxKeys` 10 000.
   */
  limits?: JsonLimits;
  /**
   * Calls per session or per client, counted after the request is parsed and before any handler
   * runs: `rateLimit({ by: 'session', points: 30, durationS: 60 })`. Over it: 429 CXH_ERR_RATE_LIMITED.
   */
  rateLimit?: RateLimiter;
}

export interface ResolvedOptions {
  deadlineMs: number;
  fallbackText: string;
  fallbackParameters: (code: string) => Record<string, JsonValue>;
  onError: 'fallback' | 'status';
  onInvalidResponse: 'throw' | 'fallback';
  logger: Logger;
  redactParams: string[];
  readiness: Record<string, () => unknown>;
  auth: Authenticator | undefined;
  limits: Required<JsonLimits>;
  rateLimit: RateLimiter | undefined;
}

export const DEFAULT_FALLBACK_TEXT = "Sorry, I can't help with that right now. Please try again in a moment.";

export function resolveOptions(options: WebhookOptions = {}): ResolvedOptions {
  const deadlineMs = options.deadlineMs ?? DEFAULT_DEADLINE_MS;
  if (!Number.isFinite(deadlineMs) || deadlineMs <= 0 || deadlineMs > MAX_DEADLINE_MS) {
    throw new CxhookError('CXH_ERR_INVALID_OPTION', ['deadlineMs', `must be between 1 and ${MAX_DEADLINE_MS} ms, got ${deadlineMs}`]);
  }
  if (options.onError !== undefined && !['fallback', 'status'].includes(options.onError)) {
    throw new CxhookError('CXH_ERR_INVALID_OPTION', ['onError', `must be "fallback" or "status", got ${options.onError}`]);
  }
  if (options.onInvalidResponse !== undefined && !['throw', 'fallback'].includes(options.onInvalidResponse)) {
    throw new CxhookError('CXH_ERR_INVALID_OPTION', ['onInvalidResponse', `must be "throw" or "fallback", got ${options.onInvalidResponse}`]);
  }
  if (options.rateLimit !== undefined && typeof options.rateLimit?.check !== 'function') {
    throw new CxhookError('CXH_ERR_INVALID_OPTION', ['rateLimit', 'must be made by rateLimit({ by, points, durationS })']);
  }
  return {
    limits: resolveJsonLimits(options.limits),
    rateLimit: options.rateLimit,
    deadlineMs,
    fallbackText: options.fallback?.text ?? DEFAULT_FALLBACK_TEXT,
    fallbackParameters: options.fallback?.parameters ?? ((code) => ({ webhook_error: code })),
    onError: options.onError ?? 'fallback',
    onInvalidResponse: options.onInvalidResponse ?? (process.env.NODE_ENV === 'production' ? 'fallback' : 'throw'),
    logger: options.logger ?? createLogger(),
    redactParams: options.redactParams ?? [],
    readiness: options.readiness ?? {},
    auth: options.auth,
  };
}

function resolveJsonLimits(limits: JsonLimits = {}): Required<JsonLimits> {
  const maxDepth = limits.maxDepth ?? DEFAULT_MAX_DEPTH;
  const maxKeys = limits.maxKeys ?? DEFAULT_MAX_KEYS;
  if (!Number.isInteger(maxDepth) || maxDepth < 1 || maxDepth > MAX_MAX_DEPTH) {
    throw new CxhookError('CXH_ERR_INVALID_OPTION', ['limits.maxDepth', `must be an integer from 1 to ${MAX_MAX_DEPTH}, got ${maxDepth}`]);
  }
  return { maxDepth, maxKeys: wholeNumber('limits.maxKeys', maxKeys) };
}

// The one shape every cache engine has, so code that caches (the weather service, a user's lookups)
// does not care whether entries live in this process or in Redis shared by every replica.
import type { LRUCache } from 'lru-cache';
import { CxhookError } from '../errors/index.ts';
import { wholeNumber } from '../errors/invalid-option.ts';

export interface CacheLoadOptions {
  /** How long the loaded value is kept; default: the engine's `ttlMs`. */
  ttlMs?: number;
  /**
   * The caller's deadline: when it aborts, this caller stops waiting (with the signal's reason)
   * while a load shared with other callers goes on for them. A function is asked only when the
   * caller may have to wait (not for a hit in this process), e.g. `() => ctx.signal`, whose
   * AbortController is made on first use.
   */
  signal?: AbortSignal | (() => AbortSignal);
}

/** The signal of `CacheLoadOptions.signal`, asking the function form for it. */
export function signalOf(signal: CacheLoadOptions['signal']): AbortSignal | undefined {
  return typeof signal === 'function' ? signal() : signal;
}

/** `degraded`: the cache answers, but without its shared store (every lookup goes to the loader). */
export type CacheHealth = { status: 'ok' } | { status: 'degraded'; reason: string };

/**
 * A key-value cache with TTL and single-flight loading. Values must survive `JSON.stringify` for
 * the Redis engine; `undefined` means "not cached" and is never stored.
 */
export interface Cache {
  readonly engine: 'memory' | 'redis';
  /** The cached value, or undefined on a miss (the type parameter is the caller's word for it). */
  get<V>(key: string): Promise<V | undefined>;
  /**
   * The value if this process holds it now, without waiting: the memory engine's entries, the
   * Redis engine's local copy (`l1`; always undefined without one). Redis itself is not asked, so
   * undefined does not mean a miss: follow it with `getOrLoad`. For handlers that answer a hit
   * synchronously, which skips the promise and the deadline race an async handler costs.
   */
  peek<V>(key: string): V | undefined;
  set<V>(key: string, value: V, options?: { ttlMs?: number }): Promise<void>;
  delete(key: string): Promise<void>;
  /**
   * The cached value, or the loader's, which is then cached. Concurrent misses for one key share one
   * loader call; a failed load is not cached and every caller waiting on it sees the failure.
   */
  getOrLoad<V>(key: string, loader: () => Promise<V>, options?: CacheLoadOptions): Promise<V>;
  /** For `/readyz`: pass it as a readiness check, `readiness: { cache: () => cache.health() }`. */
  health(): Promise<CacheHealth>;
}

export const DEFAULT_CACHE_TTL_MS = 5 * 60_000;


export function checkKey(key: unknown): string {
  if (typeof key !== 'string') throw new CxhookError('CXH_ERR_INVALID_CACHE_ENTRY', [String(key), `the key must be a string, got ${typeof key}`]);
  return key;
}

/** The per-call TTL, or the engine's default when none is given. */
export function ttlOf(options: { ttlMs?: number } | undefined, fallback: number): number {
  return options?.ttlMs === undefined ? fallback : wholeNumber('ttlMs', options.ttlMs);
}

/** A boxed entry, so that null, 0 and '' are cacheable values (lru-cache refuses nullish ones). */
export type Entries = LRUCache<string, { value: unknown }>;

let lruCache: Promise<typeof import('lru-cache')> | undefined;

/**
 * An LRU + TTL map. lru-cache is loaded when a cache is made, not when cxhook is imported: about
 * 7 ms of start-up that apps without a cache would pay.
 */
export function makeEntries(max: number, ttlMs: number, now?: () => number): Promise<Entries> {
  lruCache ??= import('lru-cache');
  const made = lruCache.then(({ LRUCache }) => new LRUCache<string, { value: unknown }>({
    max,
    ttl: ttlMs,
    // lru-cache memoises the clock for ttlResolution ms; an injected clock must be read every time.
    ...(now ? { perf: { now }, ttlResolution: 0 } : {}),
  }));
  made.catch(() => {}); // a failed load surfaces on the first call, not as an unhandled rejection
  return made;
}

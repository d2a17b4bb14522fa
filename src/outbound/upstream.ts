// Outbound HTTP calls that respect the webhook's deadline: each attempt gets what is left of it,
// idempotent calls retry while time remains, and a circuit breaker makes a dead upstream fail fast.
// undici does the HTTP; cockatiel's retry, breaker and timeout policies do the rest.
import type { CircuitBreakerPolicy, IBackoff } from 'cockatiel';
import type { Dispatcher } from 'undici';
import { CxhookError } from '../errors/index.ts';
import { wholeNumber } from '../errors/invalid-option.ts';
import { isTransientStatus, scrub, UpstreamError, type UpstreamFailure } from './upstream-error.ts';

export interface RetryOptions {
  /** Attempts in all, the first included (default 3); 1 turns retries off. */
  maxAttempts?: number;
  /** First backoff, before jitter (default 50 ms); later ones grow exponentially. */
  initialDelayMs?: number;
  /** Longest backoff (default 500 ms). */
  maxDelayMs?: number;
  /** A retry is made only if at least this long is left for it after the backoff (default min(100, timeoutMs)). */
  minAttemptMs?: number;
}

export interface BreakerOptions {
  /** Transient failures in a row that open the circuit (default 5). */
  consecutiveFailures?: number;
  /** How long an open circuit refuses calls before one trial call may pass (default 10 000 ms). */
  halfOpenAfterMs?: number;
}

export interface UpstreamOptions {
  /** Names the upstream in errors and logs, e.g. `weather`. */
  name: string;
  /** Longest single attempt; cut shorter when the deadline is nearer. */
  timeoutMs: number;
  /** `false` never retries. */
  retry?: RetryOptions | false;
  /** `false` has no breaker. One breaker per `upstream()`: share the object, not the options. */
  breaker?: BreakerOptions | false;
  /** Kept back from the deadline so the handler can still answer after a failure (default 100 ms). */
  reserveMs?: number;
  /** Largest answer read (default 1 MiB); a larger one is a `bad-response`. */
  maxResponseBytes?: number;
  /** Strings never to appear in error messages (API keys, tokens). */
  secrets?: readonly string[];
  /** undici dispatcher (an Agent with its own pool, a MockAgent in tests); default undici's global one. */
  dispatcher?: Dispatcher;
  /** Told when the circuit opens or closes. */
  log?: { warn(fields: object, message: string): void; info(fields: object, message: string): void };
}

/** The handler's deadline; a WebhookContext is one (`ctx.signal`, `ctx.remainingMs()`). */
export interface CallDeadline {
  readonly signal?: AbortSignal;
  remainingMs?(): number;
}

export interface UpstreamCall {
  url: string | URL;
  /** Default GET. */
  method?: string;
  headers?: Record<string, string>;
  /** Sent as JSON with `content-type: application/json`. */
  json?: unknown;
  body?: string;
  /** Declares a non-idempotent call (POST) safe to repeat: sent as `Idempotency-Key` and makes it retryable. */
  idempotencyKey?: string;
  deadline?: CallDeadline;
}

export interface UpstreamResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  /** The body parsed as JSON; throws a `bad-response` UpstreamError when it is not JSON. */
  json(): unknown;
  /** An UpstreamError of this upstream, for a reader to throw (e.g. `fail('status', 'HTTP 403', 403)`). */
  fail(kind: UpstreamFailure, reason: string, status?: number): UpstreamError;
}

export type CircuitStatus = 'closed' | 'open' | 'half-open' | 'disabled';

export interface Upstream {
  readonly name: string;
  /** `open` until the first call after `halfOpenAfterMs`, which is the trial. */
  readonly circuit: CircuitStatus;
  /**
   * One call with the policies applied. Answers with a 5xx, 408 or 429 are failures; every other
   * answer goes to `read`, whose result is the call's. An error thrown by `read` is a `bad-response`
   * (or the UpstreamError it threw), so unreadable answers are retried and counted like others.
   */
  call(call: UpstreamCall): Promise<UpstreamResponse>;
  call<T>(call: UpstreamCall, read: (response: UpstreamResponse) => T | Promise<T>): Promise<T>;
}

// RFC 9110 §9.2.2: repeating these has the same effect as sending them once.
const IDEMPOTENT = new Set(['GET', 'HEAD', 'OPTIONS', 'PUT', 'DELETE']);

// cockatiel's CircuitState, by value: Closed, Open, HalfOpen, Isolated.
const STATES: readonly CircuitStatus[] = ['closed', 'open', 'half-open', 'open'];

interface Libraries {
  undici: typeof import('undici');
  cockatiel: typeof import('cockatiel');
}
let libraries: Promise<Libraries> | undefined;

/**
 * undici and cockatiel load when the first upstream is made, not on import: together they take
 * several times what jose does to load, and an app whose upstreams are off (offline weather,
 * database bookings) should not pay that on every cold start.
 */
function load(): Promise<Libraries> {
  libraries ??= Promise.all([import('undici'), import('cockatiel')]).then(([undici, cockatiel]) => ({ undici, cockatiel }));
  return libraries;
}

const isTransient = (error: unknown) => error instanceof UpstreamError && error.transient;

/**
 * A named upstream with its timeout, retry and circuit-breaker policy. Make one per external
 * service and reuse it: the breaker remembers failures across calls.
 * @example
 * const weatherApi = upstream({ name: 'weather', timeoutMs: 2000, secrets: [apiKey] });
 * const answer = await weatherApi.call({ url, deadline: ctx }, (response) => response.json());
 */
export function upstream(options: UpstreamOptions): Upstream {
  const name = options.name;
  if (typeof name !== 'string' || name.trim() === '') throw new CxhookError('CXH_ERR_INVALID_OPTION', ['name', 'must name the upstream']);
  const timeoutMs = wholeNumber('timeoutMs', options.timeoutMs);
  const reserveMs = wholeNumber('reserveMs', options.reserveMs ?? 100, 0);
  const maxResponseBytes = wholeNumber('maxResponseBytes', options.maxResponseBytes ?? 1024 * 1024, 1);
  const retryOptions = options.retry === false ? { maxAttempts: 1 } : (options.retry ?? {});
  const maxAttempts = wholeNumber('retry.maxAttempts', retryOptions.maxAttempts ?? 3, 1);
  const initialDelayMs = wholeNumber('retry.initialDelayMs', retryOptions.initialDelayMs ?? 50, 0);
  const maxDelayMs = wholeNumber('retry.maxDelayMs', retryOptions.maxDelayMs ?? 500, initialDelayMs);
  const minAttemptMs = wholeNumber('retry.minAttemptMs', retryOptions.minAttemptMs ?? Math.min(100, timeoutMs), 1);
  const secrets = options.secrets ?? [];
  // Start loading now, at set-up, so the first call does not spend its deadline on it.
  load().catch(() => undefined);

  const breakerOptions = options.breaker === false ? undefined : {
    consecutiveFailures: wholeNumber('breaker.consecutiveFailures', options.breaker?.consecutiveFailures ?? 5, 1),
    halfOpenAfterMs: wholeNumber('breaker.halfOpenAfterMs', options.breaker?.halfOpenAfterMs ?? 10_000, 1),
  };
  // Made on the first call, once cockatiel is loaded; shared by every call after.
  let breaker: CircuitBreakerPolicy | undefined;
  const breakerOf = ({ circuitBreaker, handleWhen, ConsecutiveBreaker }: Libraries['cockatiel']) => {
    if (!breakerOptions || breaker) return breaker;
    const { consecutiveFailures, halfOpenAfterMs } = breakerOptions;
    breaker = circuitBreaker(handleWhen(isTransient), { halfOpenAfter: halfOpenAfterMs, breaker: new ConsecutiveBreaker(consecutiveFailures) });
    const log = options.log;
    if (log) {
      breaker.onBreak(() => log.warn({ upstream: name, halfOpenAfterMs }, 'circuit opened: calls fail fast'));
      breaker.onReset(() => log.info({ upstream: name }, 'circuit closed: calls go through again'));
    }
    return breaker;
  };

  async function call<T>(spec: UpstreamCall, read?: (response: UpstreamResponse) => T | Promise<T>): Promise<T | UpstreamResponse> {
    const method = (spec.method ?? 'GET').toUpperCase();
    const url = parseUrl(spec.url);
    // Credentials in the URL are secrets too, whatever the caller declared.
    const callSecrets = [...secrets, ...[url.username, url.password].filter(Boolean).map(decodeURIComponent)];
    const fail = (kind: UpstreamFailure, reason: string, status?: number) => new UpstreamError(name, kind, scrub(reason, callSecrets), status);
    const signal = spec.deadline?.signal;
    const remainingMs = spec.deadline?.remainingMs?.bind(spec.deadline);
    // Time an attempt may use from now; Infinity without a deadline (timeoutMs still bounds it).
    const budget = () => (remainingMs ? remainingMs() - reserveMs : Number.POSITIVE_INFINITY);
    const headers: Record<string, string> = { ...spec.headers };
    let body = spec.body;
    if (spec.json !== undefined) {
      body = JSON.stringify(spec.json);
      headers['content-type'] ??= 'application/json';
    }
    if (spec.idempotencyKey !== undefined) headers['idempotency-key'] = spec.idempotencyKey;
    const idempotent = IDEMPOTENT.has(method) || spec.idempotencyKey !== undefined;
    let attempts = 0;
    const { undici, cockatiel } = await load();
    const { timeout, TimeoutStrategy, TaskCancelledError, BrokenCircuitError } = cockatiel;
    const circuit = breakerOf(cockatiel);

    // One attempt, from request to read answer, bounded by `ms` and by the deadline's signal.
    const attempt = async (ms: number): Promise<T | UpstreamResponse> => {
      try {
        return await timeout(ms, TimeoutStrategy.Aggressive).execute(async ({ signal: attemptSignal }) => {
          attempts += 1;
          const answer = await undici.request(url, { method, headers, body, signal: attemptSignal, dispatcher: options.dispatcher });
          const text = await readText(answer.body, maxResponseBytes, fail);
          if (isTransientStatus(answer.statusCode)) throw fail('status', `answered HTTP ${answer.statusCode}`, answer.statusCode);
          const response: UpstreamResponse = {
            status: answer.statusCode,
            headers: answer.headers,
            text,
            json: () => {
              try {
                return JSON.parse(text) as unknown;
              } catch {
                throw fail('bad-response', `answered HTTP ${answer.statusCode} with a body that is not JSON`, answer.statusCode);
              }
            },
            fail,
          };
          if (!read) return response;
          try {
            return await read(response);
          } catch (error) {
            if (error instanceof UpstreamError) throw error;
            throw fail('bad-response', `the answer could not be read: ${error instanceof Error ? error.message : String(error)}`, answer.statusCode);
          }
        }, signal);
      } catch (error) {
        if (error instanceof UpstreamError) throw error;
        if (signal?.aborted) throw fail('aborted', 'the call was abandoned at the webhook deadline');
        if (error instanceof TaskCancelledError) throw fail('timeout', `no answer within ${ms} ms`);
        const code = (error as { code?: unknown }).code;
        // A header value undici refuses is the caller's bug, not the upstream's: never retried or counted.
        if (code === 'UND_ERR_INVALID_ARG') throw new CxhookError('CXH_ERR_INVALID_OPTION', ['call', scrub(String((error as Error).message), callSecrets)]);
        throw fail('network', describeNetworkError(error));
      }
    };

    const once = async (): Promise<T | UpstreamResponse> => {
      if (signal?.aborted) throw fail('aborted', 'the webhook deadline had passed before the call');
      const ms = Math.floor(Math.min(timeoutMs, budget()));
      if (ms < 1) throw fail('timeout', 'no time left before the webhook deadline');
      return circuit ? circuit.execute(() => attempt(ms)) : attempt(ms);
    };

    try {
      if (!idempotent || maxAttempts === 1) return await once();
      return await retryWithinDeadline(cockatiel, budget, { maxAttempts, initialDelayMs, maxDelayMs, minAttemptMs }).execute(once);
    } catch (error) {
      const failure = error instanceof BrokenCircuitError ? fail('circuit-open', 'the circuit is open after repeated failures; not calling until it half-opens') : error;
      if (failure instanceof UpstreamError) failure.attempts = attempts;
      throw failure;
    }
  }

  return {
    name,
    get circuit(): CircuitStatus {
      if (!breakerOptions) return 'disabled';
      return breaker ? (STATES[breaker.state] ?? 'open') : 'closed';
    },
    call: call as Upstream['call'],
  };
}

/**
 * cockatiel's retry with exponential backoff and jitter, made per call so each retry can be weighed
 * against the deadline: the backoff is drawn first, and the retry only happens if the backoff plus a
 * useful attempt still fit in what is left.
 */
function retryWithinDeadline({ retry, handleWhen, ExponentialBackoff, DelegateBackoff }: Libraries['cockatiel'], budget: () => number, options: Required<RetryOptions>) {
  const backoff = new ExponentialBackoff({ initialDelay: options.initialDelayMs, maxDelay: options.maxDelayMs });
  let next: IBackoff<unknown> | undefined;
  const worthRetrying = (error: Error) => {
    if (!isTransient(error)) return false;
    next = next ? next.next(undefined) : backoff.next();
    return budget() - next.duration >= options.minAttemptMs;
  };
  return retry(handleWhen(worthRetrying), { maxAttempts: options.maxAttempts - 1, backoff: new DelegateBackoff(() => next?.duration ?? 0) });
}

function parseUrl(input: string | URL): URL {
  let url: URL;
  try {
    url = new URL(input);
  } catch {
    // The URL itself may carry a key: never echo it.
    throw new CxhookError('CXH_ERR_INVALID_OPTION', ['url', 'must be an absolute http(s) URL']);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CxhookError('CXH_ERR_INVALID_OPTION', ['url', `must be http or https, got ${url.protocol}`]);
  return url;
}

async function readText(body: Dispatcher.ResponseData['body'], limit: number, fail: (kind: UpstreamFailure, reason: string) => UpstreamError): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += (chunk as Buffer).length;
    if (size > limit) {
      body.destroy();
      throw fail('bad-response', `the answer is larger than ${limit} bytes`);
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** undici wraps the socket's error (ECONNREFUSED, ECONNRESET…) in `cause`; its code says the most. */
function describeNetworkError(error: unknown): string {
  const inner = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  const code = (inner as { code?: unknown }).code;
  const message = inner instanceof Error ? inner.message : String(inner);
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}

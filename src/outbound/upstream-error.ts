// One error for every way an outbound call can fail, with a kind callers switch on. Its message
// names the upstream and the reason, never the URL, a header or a secret.
import { CxhookError } from '../errors/index.ts';

export type UpstreamFailure = 'timeout' | 'aborted' | 'network' | 'status' | 'bad-response' | 'circuit-open';

/**
 * Statuses that say "try again later" rather than "no": worth a retry and a mark against the upstream.
 * @example isTransientStatus(503) // true; isTransientStatus(404) // false
 */
export function isTransientStatus(status: number): boolean {
  return status >= 500 || status === 408 || status === 429;
}

/**
 * An outbound call that did not produce a usable answer; `kind` says why.
 * @example
 * try { await api.call({ url }) } catch (error) {
 *   if (error instanceof UpstreamError && error.kind === 'circuit-open') ctx.reply.text('Try again later.');
 * }
 */
export class UpstreamError extends CxhookError {
  readonly kind: UpstreamFailure;
  /** The upstream's name as given to `upstream({ name })`. */
  readonly upstream: string;
  /** The upstream's HTTP status, when it answered with one. */
  readonly upstreamStatus: number | undefined;
  /** The reason without the "Upstream … failed" prefix, for callers that word their own errors. */
  readonly reason: string;
  /** Attempts that reached the network (0 when the breaker or the deadline stopped the call first). */
  attempts = 0;

  constructor(upstream: string, kind: UpstreamFailure, reason: string, upstreamStatus?: number) {
    super('CXH_ERR_UPSTREAM_FAILED', [upstream, kind, reason], { details: { upstream, kind, upstreamStatus } });
    this.name = 'UpstreamError';
    this.kind = kind;
    this.upstream = upstream;
    this.reason = reason;
    this.upstreamStatus = upstreamStatus;
  }

  /** Worth another attempt, and counted by the circuit breaker: the upstream may answer next time. */
  get transient(): boolean {
    if (this.kind === 'status') return this.upstreamStatus !== undefined && isTransientStatus(this.upstreamStatus);
    return this.kind === 'timeout' || this.kind === 'network' || this.kind === 'bad-response';
  }
}

/**
 * Removes secrets (as given and URL-encoded) and query strings from text bound for a message.
 * @example scrub('GET /v1?key=abc failed for abc', ['abc']) // 'GET /v1?[redacted] failed for [redacted]'
 */
export function scrub(text: string, secrets: readonly string[], maxLength = 200): string {
  let clean = text;
  for (const secret of secrets) {
    if (secret.length === 0) continue;
    clean = clean.split(secret).join('[redacted]').split(encodeURIComponent(secret)).join('[redacted]');
  }
  // A URL's query string is where API keys usually travel.
  clean = clean.replace(/\?\S*/g, '?[redacted]');
  return clean.length > maxLength ? `${clean.slice(0, maxLength)}…` : clean;
}

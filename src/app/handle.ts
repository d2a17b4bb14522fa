// The transport-free core: raw body and headers in, status, headers and body out. Every transport
// (node:http, Lambda, Cloud Functions) is a thin translation over this one function.
//   auth → content type → JSON limits → parse JSON → parse WebhookRequest → rate limit → context → middleware → route → handler → check → serialize
import type { PeerCertificate, Principal } from '../auth/authenticator.ts';
import { checkAuth } from '../auth/check.ts';
import { exceededJsonLimit } from '../limits/json-complexity.ts';
import { CxhookError, isCxhookError } from '../errors/index.ts';
import { levelGate } from '../logging/level-gate.ts';
import { SECRET_HEADERS } from '../logging/logger.ts';
import { redactHeaders, redactRequestBody } from '../logging/redact.ts';
import { checkWebhookResponse, MAX_RESPONSE_BYTES, parseWebhookRequest, type WebhookRequest } from '../protocol/index.ts';
import { compose, type Middleware } from './compose.ts';
import { requestLogFields, WebhookContext } from './context.ts';
import { DeadlineQueue, type Settled } from './deadline.ts';
import { describeJsonError } from './json-error.ts';
import type { ResolvedOptions } from './options.ts';
import { requestIds } from './request-id.ts';
import type { Router } from './router.ts';

export type Headers = Record<string, string | string[] | undefined>;

export interface RawRequest {
  body: string | Uint8Array;
  /** Request headers; names in any case. */
  headers: Headers;
  /** The caller's address, for per-client limits and logs (transports fill it in when they know it). */
  remoteAddress?: string;
  /** The TLS client certificate, when the transport terminates TLS and the client sent one. */
  peerCertificate?: PeerCertificate;
}

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** How a call ended, as logged: `ok`, `fallback:error`, `fallback:deadline`, `fallback:invalid-response`, `rejected`… */
export type Outcome = string;

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' } as const;
const REQUEST_ID = /^[\w.:\-/]{1,128}$/;
const DONE: Settled<void> = { kind: 'done', value: undefined };

export function errorResponse(error: CxhookError, requestId?: string, extraHeaders?: Record<string, string>): RawResponse {
  const headers: Record<string, string> = { ...JSON_HEADERS, ...extraHeaders };
  if (requestId) headers['x-request-id'] = requestId;
  return { status: error.status, headers, body: JSON.stringify(error.toJSON()) };
}

/** Header names in lower case, whatever the host gave (node:http does already; API gateways may not). */
function lowerCaseNames(headers: Headers): Headers {
  for (const name in headers) {
    if (name !== name.toLowerCase()) {
      return Object.fromEntries(Object.entries(headers).map(([key, value]) => [key.toLowerCase(), value]));
    }
  }
  return headers;
}

function firstHeader(headers: Headers, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value instanceof Promise || (typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function');
}

function isJsonContentType(value: string | undefined): boolean {
  if (!value) return false;
  // What CX and most clients send, settled without splitting or lower-casing a copy.
  if (value === 'application/json' || value === 'application/json; charset=utf-8') return true;
  const type = value.split(';', 1)[0]?.trim().toLowerCase();
  return type === 'application/json' || (type?.startsWith('application/') === true && type.endsWith('+json'));
}

/**
 * The deadline as a call sees it. The AbortController is made only when someone asks for the
 * signal (it costs ~5 µs and most handlers never pass it on); at the deadline it is aborted.
 */
export class CallSignal {
  readonly deadlineAt: number;
  #controller: AbortController | undefined;
  #expired = false;
  readonly #tag: string | undefined;
  readonly #ms: number;

  constructor(tag: string | undefined, ms: number) {
    this.#tag = tag;
    this.#ms = ms;
    this.deadlineAt = Date.now() + ms;
  }

  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.#expired) this.#controller.abort(this.deadlineError());
    }
    return this.#controller.signal;
  }

  expire(): void {
    this.#expired = true;
    this.#controller?.abort(this.deadlineError());
  }

  deadlineError(): CxhookError {
    return new CxhookError('CXH_ERR_DEADLINE_EXCEEDED', [this.#tag ?? 'this request', this.#ms]);
  }
}

export interface Pipeline {
  options: ResolvedOptions;
  router: Router;
  middleware: Middleware<WebhookContext>[];
}

/** A call's response, or a promise of it when something on the way had to wait. */
export type MaybePromise<T> = T | Promise<T>;

export interface CallHandler {
  /** Always a promise. */
  handle(raw: RawRequest): Promise<RawResponse>;
  /** The response itself when the call finished synchronously, else a promise; never throws. */
  answer(raw: RawRequest): MaybePromise<RawResponse>;
}

export function createHandler(pipeline: Pipeline): CallHandler {
  const { options, router } = pipeline;
  const returned = new WeakMap<WebhookContext, unknown>();
  const keep = (ctx: WebhookContext, result: unknown): void => {
    // Returning the builder itself (`ctx => ctx.reply.text('hi')`) means "use the reply".
    if (result !== undefined && result !== ctx.reply) returned.set(ctx, result);
  };
  // Not async: a handler that answers synchronously costs no promise, an async one costs one `then`
  // (each async layer around a handler cost ~0.1 µs a call, and a call had four).
  const route = (ctx: WebhookContext): void | Promise<void> => {
    const match = router.match(ctx);
    ctx.state.via = match?.via ?? 'default-fallback';
    if (!match) {
      ctx.reply.text(options.fallbackText);
      return;
    }
    const result = match.handler(ctx);
    // Any thenable is awaited, as `await` would (a promise from another library included).
    if (isThenable(result)) return Promise.resolve(result).then((value: unknown) => keep(ctx, value));
    keep(ctx, result);
  };
  // Without middleware (most apps) the router runs alone.
  const chain = pipeline.middleware.length === 0 ? route : compose([...pipeline.middleware, route]);

  function fallbackBody(code: string): string {
    const check = checkWebhookResponse({
      fulfillmentResponse: { messages: [{ text: { text: [options.fallbackText] } }] },
      sessionInfo: { parameters: options.fallbackParameters(code) },
    });
    // A misconfigured fallback must not break the conversation either: drop its parameters.
    return check.ok ? check.body : JSON.stringify({ fulfillmentResponse: { messages: [{ text: { text: [options.fallbackText] } }] } });
  }

  const deadlines = new DeadlineQueue(options.deadlineMs);
  const newRequestId = requestIds();
  // Asked twice per call: the access line (info) and the request body (debug).
  const logsCalls = levelGate(options.logger, 'info');
  const logsBodies = levelGate(options.logger, 'debug');
  const secretHeaders = new Set([...SECRET_HEADERS, ...(options.auth?.secretHeaders ?? []).map((name) => name.toLowerCase())]);

  function run(request: WebhookRequest, requestId: string, started: number, auth: Principal | undefined): RawResponse | Promise<RawResponse> {
    const call = new CallSignal(request.fulfillmentInfo?.tag, options.deadlineMs);
    const ctx = new WebhookContext({ request, requestId, log: options.logger, call, auth });
    let work: void | Promise<void>;
    try {
      work = chain(ctx);
    } catch (error) {
      return respond(request, requestId, started, ctx, call, { kind: 'failed', error });
    }
    // Finished already: nothing left to race against the deadline.
    if (!(work instanceof Promise)) return respond(request, requestId, started, ctx, call, DONE);
    return deadlines
      .race(
        work,
        () => call.expire(),
        (late) => ctx.log.warn({ late: late.kind, err: late.kind === 'failed' ? late.error : undefined }, 'late handler result dropped'),
      )
      .then((settled) => respond(request, requestId, started, ctx, call, settled));
  }

  /** The call's answer once its work has settled: the reply checked and serialized, or the fallback. */
  function respond(request: WebhookRequest, requestId: string, started: number, ctx: WebhookContext, call: CallSignal, settled: Settled<void>): RawResponse {
    let failure: { error: CxhookError; kind: 'deadline' | 'error' | 'invalid-response'; cause?: unknown } | undefined;
    let body = '';
    if (settled.kind === 'deadline') {
      failure = { error: call.deadlineError(), kind: 'deadline' };
    } else if (settled.kind === 'failed' && !(isCxhookError(settled.error) && settled.error.code === 'CXH_ERR_INVALID_REPLY')) {
      const error = new CxhookError('CXH_ERR_HANDLER_FAILED', [String(ctx.state.via ?? ctx.tag)], { cause: settled.error });
      failure = { error, kind: 'error', cause: settled.error };
    } else {
      // A reply-builder misuse (CXH_ERR_INVALID_REPLY) is an invalid response, caught earlier.
      const check =
        settled.kind === 'failed'
          ? ({ ok: false, issues: [{ path: '', message: (settled.error as Error).message }] } as const)
          : checkWebhookResponse(returned.has(ctx) ? returned.get(ctx) : ctx.hasReply ? ctx.reply.build() : {}, request);
      if (check.ok) {
        body = check.body;
      } else {
        const details = check.issues;
        const summary = details.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ');
        const error =
          'tooLarge' in check && check.tooLarge
            ? new CxhookError('CXH_ERR_RESPONSE_TOO_LARGE', [check.tooLarge.bytes, MAX_RESPONSE_BYTES], { details })
            : new CxhookError('CXH_ERR_INVALID_RESPONSE', [summary], { details });
        failure = { error, kind: 'invalid-response' };
      }
    }

    // A literal rather than a spread of JSON_HEADERS: one per call, so its shape is fixed and cheap.
    let response: RawResponse = { status: 200, headers: { 'content-type': JSON_HEADERS['content-type'], 'x-request-id': requestId }, body };
    let outcome: Outcome = 'ok';
    if (failure) {
      const { error, kind, cause } = failure;
      ctx.log.error({ err: cause, code: error.code, via: ctx.state.via, details: error.details }, error.message);
      const asError = kind === 'invalid-response' ? options.onInvalidResponse === 'throw' : options.onError === 'status';
      if (asError) {
        outcome = `error:${kind}`;
        response = errorResponse(error, requestId);
      } else {
        outcome = `fallback:${kind}`;
        response.body = fallbackBody(error.code);
      }
    }
    if (logsCalls()) {
      const latencyMs = Math.round((performance.now() - started) * 100) / 100;
      // The fields ctx.log binds, given to the app's logger: a child logger made for this one line
      // cost more than the line (most handlers never ask for ctx.log).
      options.logger.info(Object.assign(requestLogFields(ctx), { status: response.status, outcome, via: ctx.state.via, latencyMs }), 'webhook call');
    }
    return response;
  }

  // The core never throws; should it, the call's promise rejects rather than the caller's stack unwinding.
  const safeAnswer = (raw: RawRequest): MaybePromise<RawResponse> => {
    try {
      return answer(raw);
    } catch (error) {
      return Promise.reject(error);
    }
  };
  return {
    answer: safeAnswer,
    handle(raw) {
      const response = safeAnswer(raw);
      return response instanceof Promise ? response : Promise.resolve(response);
    },
  };

  function reject(requestId: string, error: CxhookError, extraHeaders?: Record<string, string>, reason?: string): RawResponse {
    options.logger.warn({ reqId: requestId, status: error.status, outcome: 'rejected', code: error.code, reason }, error.message);
    return errorResponse(error, requestId, extraHeaders);
  }

  /**
   * Not async, so a call whose handler answers synchronously goes through without a promise; auth
   * and rate limits, when configured, are awaited through `then`.
   */
  function answer(raw: RawRequest): RawResponse | Promise<RawResponse> {
    const started = performance.now();
    const headers = lowerCaseNames(raw.headers);
    const given = firstHeader(headers, 'x-request-id');
    const requestId = given && REQUEST_ID.test(given) ? given : newRequestId();
    // Before the body is read: an unauthenticated caller never costs a JSON parse.
    if (!options.auth) return authenticated(raw, headers, requestId, started, undefined);
    return checkAuth(options.auth, { headers, remoteAddress: raw.remoteAddress, peerCertificate: raw.peerCertificate }).then((verdict) =>
      verdict.ok
        ? authenticated(raw, headers, requestId, started, verdict.principal)
        : reject(requestId, verdict.error, verdict.headers, verdict.reason),
    );
  }

  function authenticated(raw: RawRequest, headers: Headers, requestId: string, started: number, principal: Principal | undefined): RawResponse | Promise<RawResponse> {
    const contentType = firstHeader(headers, 'content-type');
    if (!isJsonContentType(contentType)) return reject(requestId, new CxhookError('CXH_ERR_UNSUPPORTED_MEDIA_TYPE', [contentType ?? '(none)']));
    // Decode in place: Buffer.from(buffer) would copy every body first. A Buffer (what node:http
    // gives) decodes itself; any other Uint8Array through a view of its bytes.
    const body = raw.body;
    const text =
      typeof body === 'string' ? body : Buffer.isBuffer(body) ? body.toString() : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString();
    // A flat scan first: everything after JSON.parse walks the value recursively.
    const tooComplex = exceededJsonLimit(text, options.limits.maxDepth, options.limits.maxKeys);
    if (tooComplex) return reject(requestId, new CxhookError('CXH_ERR_JSON_TOO_COMPLEX', [tooComplex]));
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      return reject(requestId, new CxhookError('CXH_ERR_MALFORMED_JSON', [describeJsonError(text)]));
    }
    if (logsBodies()) {
      options.logger.debug({ reqId: requestId, headers: redactHeaders(headers, secretHeaders), body: redactRequestBody(json, options.redactParams) }, 'webhook request');
    }
    // JSON.parse just made `json`: the parser may strip unknown fields from it in place.
    const parsed = parseWebhookRequest(json, { mayModify: true });
    if (!parsed.ok) {
      const summary = parsed.issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ');
      return reject(requestId, new CxhookError('CXH_ERR_INVALID_REQUEST', [summary], { details: parsed.issues }));
    }
    const request = parsed.request;
    // Counted once the session is known, before any handler spends anything on the call.
    if (!options.rateLimit) return run(request, requestId, started, principal);
    return options.rateLimit
      .check(request, { remoteAddress: raw.remoteAddress, headers }, options.logger)
      .then((verdict) => (verdict.ok ? run(request, requestId, started, principal) : reject(requestId, verdict.error, verdict.headers)));
  }
}

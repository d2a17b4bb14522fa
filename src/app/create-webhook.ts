// createWebhook: the app users build. It registers handlers and middleware and exposes the
// transport-free `handle` that every server adapter calls.
import { CxhookError } from '../errors/index.ts';
import type { Middleware } from './compose.ts';
import type { WebhookContext } from './context.ts';
import { createHandler, type CallHandler, type MaybePromise, type RawRequest, type RawResponse } from './handle.ts';
import { resolveOptions, type ResolvedOptions, type WebhookOptions } from './options.ts';
import { Router, type Handler, type ParamDeclaration, type RouteTable } from './router.ts';

export interface Readiness {
  /** False when a check failed; a degraded check keeps the app ready. */
  ok: boolean;
  /** Per check: `ok`, `degraded`, or why it failed. */
  checks: Record<string, 'ok' | 'degraded' | string>;
  /** The checks that answered degraded (the app answers, with less), with why; absent when none did. */
  degraded?: Record<string, string>;
}

/**
 * What a readiness check returns when the app still answers but without something it prefers to
 * have (e.g. a shared cache): `/readyz` stays 200 and says `degraded`.
 */
export interface DegradedCheck {
  status: 'degraded';
  reason: string;
}

type CheckOutcome = { state: 'ok' } | { state: 'degraded' | 'failed'; reason: string };

export interface InjectResult {
  status: number;
  headers: Record<string, string>;
  /** The parsed JSON body (a WebhookResponse on 200, an `{ error }` otherwise). */
  body: any;
}

export interface WebhookApp {
  /** Adds middleware `(ctx, next) => …`; it runs in the order added, before routing. */
  use(middleware: Middleware<WebhookContext>): WebhookApp;
  /**
   * Handles calls whose `fulfillmentInfo.tag` is `tag` (the primary routing key). `params` declares
   * the session parameters the handler reads and writes, for `cxhook check`; the same holds for
   * `intent`, `page` and `fallback`.
   */
  tag(tag: string, handler: Handler, params?: ParamDeclaration): WebhookApp;
  /** Handles calls whose matched intent has this display name (when no tag handler matched). */
  intent(displayName: string, handler: Handler, params?: ParamDeclaration): WebhookApp;
  /** Handles calls made from the page with this display name (when no tag or intent handler matched). */
  page(displayName: string, handler: Handler, params?: ParamDeclaration): WebhookApp;
  /** Handles everything else. Without one, unrouted calls get the fallback text. */
  fallback(handler: Handler, params?: ParamDeclaration): WebhookApp;
  /** The transport-free core: raw body and headers in, status, headers and body out. */
  handle(raw: RawRequest): Promise<RawResponse>;
  /**
   * `handle` without the promise when there is nothing to wait for: the response itself when the
   * call finished synchronously (no auth or rate limit configured, a handler that did not return a
   * promise), else a promise. For transports that can write at once (the node:http adapter); the
   * microtask a promise costs was ~1 µs of a loaded server's CPU per call. A wrapper that replaces
   * `handle` alone is still called: see `answersDirectly`.
   */
  answer(raw: RawRequest): MaybePromise<RawResponse>;
  /**
   * Runs the whole pipeline in-process on a request object, for tests. Throws the coded error when
   * the app built an invalid response and `onInvalidResponse` is `throw`.
   */
  inject(request: unknown, headers?: Record<string, string>): Promise<InjectResult>;
  /** What the app handles, so an agent can be checked against it. */
  routes(): RouteTable;
  /** Runs the readiness checks (each bounded to 2 s); a check returning `{ status: 'degraded', reason }` is degraded. */
  ready(): Promise<Readiness>;
  readonly options: Readonly<ResolvedOptions>;
}

const READINESS_TIMEOUT_MS = 2000;

/** On the `answer` createWebhook makes: the `handle` made with it. */
const PAIRED_HANDLE = Symbol('cxhook.pairedHandle');

/**
 * Whether a transport may call `app.answer` (else it calls `app.handle`). A wrapper made as
 * `{ ...app, handle: wrapped }` keeps the app's own `answer`, which would skip `wrapped`: an
 * `answer` whose `handle` has been replaced is not used. A wrapper's own `answer` is.
 */
export function answersDirectly(app: WebhookApp): boolean {
  const paired = (app.answer as { [PAIRED_HANDLE]?: unknown } | undefined)?.[PAIRED_HANDLE];
  return app.answer !== undefined && (paired === undefined || paired === app.handle);
}

function isDegraded(result: unknown): result is DegradedCheck {
  return typeof result === 'object' && result !== null && (result as { status?: unknown }).status === 'degraded';
}

async function runCheck(check: () => unknown): Promise<CheckOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${READINESS_TIMEOUT_MS} ms`)), READINESS_TIMEOUT_MS);
  });
  try {
    const result = await Promise.race([Promise.resolve().then(check), timeout]);
    if (result === false) return { state: 'failed', reason: 'failed' };
    if (isDegraded(result)) return { state: 'degraded', reason: String(result.reason ?? 'degraded') };
    return { state: 'ok' };
  } catch (error) {
    return { state: 'failed', reason: error instanceof Error ? error.message : String(error) };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Creates a webhook app.
 * @example
 * const app = createWebhook({ deadlineMs: 4000 });
 * app.tag('weather', async (ctx) => { ctx.reply.text(`Sunny in ${ctx.param('location')}`); });
 */
export function createWebhook(options: WebhookOptions = {}): WebhookApp {
  const resolved = resolveOptions(options);
  const router = new Router();
  const middleware: Middleware<WebhookContext>[] = [];
  // Made on the first call, once every handler and middleware is registered.
  let calls: CallHandler | undefined;
  const handler = () => (calls ??= createHandler({ options: resolved, router, middleware }));
  const handle = (raw: RawRequest) => handler().handle(raw);
  const answer = (raw: RawRequest) => handler().answer(raw);
  Object.defineProperty(answer, PAIRED_HANDLE, { value: handle });
  const app: WebhookApp = {
    options: resolved,
    use(fn) {
      if (calls) throw new CxhookError('CXH_ERR_INVALID_OPTION', ['use()', 'middleware must be added before the first request']);
      middleware.push(fn);
      return app;
    },
    tag: (key, fn, params) => (router.add('tag', key, fn, params), app),
    intent: (key, fn, params) => (router.add('intent', key, fn, params), app),
    page: (key, fn, params) => (router.add('page', key, fn, params), app),
    fallback: (fn, params) => (router.setFallback(fn, params), app),
    handle,
    answer,
    async inject(request, headers = {}) {
      const raw = await handle({ body: JSON.stringify(request), headers: { 'content-type': 'application/json', ...headers } });
      const body = JSON.parse(raw.body);
      if (body?.error?.code === 'CXH_ERR_INVALID_RESPONSE' || body?.error?.code === 'CXH_ERR_RESPONSE_TOO_LARGE') {
        const error = new CxhookError(body.error.code, [], { details: body.error.details });
        Object.defineProperty(error, 'message', { value: body.error.message });
        throw error;
      }
      return { status: raw.status, headers: raw.headers, body };
    },
    routes: () => router.table(),
    async ready() {
      const entries = await Promise.all(
        Object.entries(resolved.readiness).map(async ([name, check]) => [name, await runCheck(check)] as const),
      );
      const checks = Object.fromEntries(entries.map(([name, outcome]) => [name, outcome.state === 'ok' ? 'ok' : outcome.state === 'degraded' ? 'degraded' : outcome.reason]));
      const degraded = entries.flatMap(([name, outcome]) => (outcome.state === 'degraded' ? [[name, outcome.reason] as const] : []));
      const readiness: Readiness = { ok: entries.every(([, outcome]) => outcome.state !== 'failed'), checks };
      if (degraded.length > 0) readiness.degraded = Object.fromEntries(degraded);
      return readiness;
    },
  };
  return app;
}

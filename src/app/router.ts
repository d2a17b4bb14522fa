// Picks the handler for a request: by webhook tag first, then intent display name, then page
// display name, then the fallback.
import { CxhookError } from '../errors/index.ts';
import type { WebhookContext } from './context.ts';

/** A handler fills `ctx.reply`, or returns a complete WebhookResponse object. */
export type Handler = (ctx: WebhookContext) => unknown;

export type RouteKind = 'tag' | 'intent' | 'page';

export interface RouteTable {
  tags: string[];
  intents: string[];
  pages: string[];
  hasFallback: boolean;
}

export interface RouteMatch {
  handler: Handler;
  /** How the handler was found, for logs: `tag:weather`, `intent:booking.create`, `fallback`. */
  via: string;
}

export class Router {
  readonly #routes: Record<RouteKind, Map<string, Handler>> = { tag: new Map(), intent: new Map(), page: new Map() };
  #fallback: Handler | undefined;

  add(kind: RouteKind, key: string, handler: Handler): void {
    if (typeof handler !== 'function') throw new CxhookError('CXH_ERR_INVALID_OPTION', [`${kind} handler`, 'must be a function']);
    const routes = this.#routes[kind];
    if (routes.has(key)) throw new CxhookError('CXH_ERR_DUPLICATE_ROUTE', [`${kind} "${key}"`]);
    routes.set(key, handler);
  }

  setFallback(handler: Handler): void {
    if (this.#fallback) throw new CxhookError('CXH_ERR_DUPLICATE_ROUTE', ['the fallback']);
    this.#fallback = handler;
  }

  match(ctx: WebhookContext): RouteMatch | undefined {
    const candidates: [RouteKind, string | undefined][] = [
      ['tag', ctx.tag],
      ['intent', ctx.intent?.displayName],
      ['page', ctx.page.displayName],
    ];
    for (const [kind, key] of candidates) {
      const handler = key === undefined ? undefined : this.#routes[kind].get(key);
      if (handler) return { handler, via: `${kind}:${key}` };
    }
    return this.#fallback ? { handler: this.#fallback, via: 'fallback' } : undefined;
  }

  table(): RouteTable {
    return {
      tags: [...this.#routes.tag.keys()],
      intents: [...this.#routes.intent.keys()],
      pages: [...this.#routes.page.keys()],
      hasFallback: this.#fallback !== undefined,
    };
  }
}

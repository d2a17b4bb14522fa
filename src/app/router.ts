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
    // Keys are read from the raw request: building the context's views here would cost every call.
    const { request } = ctx;
    return (
      this.#find('tag', request.fulfillmentInfo?.tag) ??
      this.#find('intent', request.intentInfo?.displayName) ??
      this.#find('page', request.pageInfo?.displayName) ??
      (this.#fallback ? { handler: this.#fallback, via: 'fallback' } : undefined)
    );
  }

  #find(kind: RouteKind, key: string | undefined): RouteMatch | undefined {
    const handler = key === undefined ? undefined : this.#routes[kind].get(key);
    return handler ? { handler, via: `${kind}:${key}` } : undefined;
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

// Picks the handler for a request: by webhook tag first, then intent display name, then page
// display name, then the fallback.
import { CxhookError } from '../errors/index.ts';
import type { WebhookContext } from './context.ts';

/** A handler fills `ctx.reply`, or returns a complete WebhookResponse object. */
export type Handler = (ctx: WebhookContext) => unknown;

export type RouteKind = 'tag' | 'intent' | 'page';

/**
 * The session parameters a handler reads and writes, declared so `cxhook check` can compare them
 * with the agent's (a handler's code cannot be read for them).
 * @example app.tag('weather', weatherHandler, { reads: ['location'], writes: ['temperature'] });
 */
export interface ParamDeclaration {
  reads?: string[];
  writes?: string[];
}

/** One route's declaration; `route` is named as in logs: `tag:weather`, `intent:booking.create`, `fallback`. */
export interface DeclaredParams {
  route: string;
  reads: string[];
  writes: string[];
}

export interface RouteTable {
  tags: string[];
  intents: string[];
  pages: string[];
  hasFallback: boolean;
  /** The routes registered with a parameter declaration, in registration order (the others declared nothing). */
  declared: DeclaredParams[];
}

export interface RouteMatch {
  readonly handler: Handler;
  /** How the handler was found, for logs: `tag:weather`, `intent:booking.create`, `fallback`. */
  readonly via: string;
}

export class Router {
  // The match itself is kept, so routing a call allocates nothing.
  readonly #routes: Record<RouteKind, Map<string, RouteMatch>> = { tag: new Map(), intent: new Map(), page: new Map() };
  #fallback: RouteMatch | undefined;
  readonly #declared: DeclaredParams[] = [];

  add(kind: RouteKind, key: string, handler: Handler, params?: ParamDeclaration): void {
    if (typeof handler !== 'function') throw new CxhookError('CXH_ERR_INVALID_OPTION', [`${kind} handler`, 'must be a function']);
    const routes = this.#routes[kind];
    if (routes.has(key)) throw new CxhookError('CXH_ERR_DUPLICATE_ROUTE', [`${kind} "${key}"`]);
    // Checked before anything is kept, so a refused registration leaves no trace.
    const declared = declaration(`${kind}:${key}`, params);
    routes.set(key, { handler, via: `${kind}:${key}` });
    if (declared) this.#declared.push(declared);
  }

  setFallback(handler: Handler, params?: ParamDeclaration): void {
    if (this.#fallback) throw new CxhookError('CXH_ERR_DUPLICATE_ROUTE', ['the fallback']);
    const declared = declaration('fallback', params);
    this.#fallback = { handler, via: 'fallback' };
    if (declared) this.#declared.push(declared);
  }

  match(ctx: WebhookContext): RouteMatch | undefined {
    // Keys are read from the raw request: building the context's views here would cost every call.
    const { request } = ctx;
    return (
      this.#find('tag', request.fulfillmentInfo?.tag) ??
      this.#find('intent', request.intentInfo?.displayName) ??
      this.#find('page', request.pageInfo?.displayName) ??
      this.#fallback
    );
  }

  #find(kind: RouteKind, key: string | undefined): RouteMatch | undefined {
    return key === undefined ? undefined : this.#routes[kind].get(key);
  }

  table(): RouteTable {
    return {
      tags: [...this.#routes.tag.keys()],
      intents: [...this.#routes.intent.keys()],
      pages: [...this.#routes.page.keys()],
      hasFallback: this.#fallback !== undefined,
      declared: this.#declared.map((entry) => ({ route: entry.route, reads: [...entry.reads], writes: [...entry.writes] })),
    };
  }
}

function names(route: string, field: 'reads' | 'writes', value: unknown): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every((name) => typeof name === 'string' && name.trim() !== '')) {
    throw new CxhookError('CXH_ERR_INVALID_OPTION', [`${route} ${field}`, 'must be a list of parameter names']);
  }
  return [...new Set(value as string[])];
}

/** The declaration as kept, or undefined when none was given; a malformed one is refused. */
function declaration(route: string, params: ParamDeclaration | undefined): DeclaredParams | undefined {
  if (params === undefined) return undefined;
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new CxhookError('CXH_ERR_INVALID_OPTION', [route, 'the parameter declaration must be { reads?, writes? }']);
  }
  return { route, reads: names(route, 'reads', params.reads), writes: names(route, 'writes', params.writes) };
}

// A typed view of a webhook app for one agent: the tags, form parameters and session parameters
// `cxhook gen` found in the agent's export. Types only: at runtime `typed(app)` returns `app` itself.
import type { JsonValue } from '../protocol/index.ts';
import type { Middleware } from './compose.ts';
import type { FormParamView, PageView, WebhookContext } from './context.ts';
import type { WebhookApp } from './create-webhook.ts';
import type { ReplyBuilder } from './reply.ts';

/**
 * What `cxhook gen` emits as `<Name>Agent`: per tag its pages and form parameters (name → entity
 * type), and the union of session parameter names.
 */
export interface AgentTypes {
  tags: object;
  sessionParams: string;
}

/** The tags of an agent. */
export type TagOf<A extends AgentTypes> = keyof A['tags'] & string;

/** The form parameter names of the pages that call `T`. */
export type FormParamOf<A extends AgentTypes, T> = T extends keyof A['tags']
  ? A['tags'][T] extends { formParams: infer F }
    ? keyof F & string
    : never
  : never;

// The methods that take a parameter name; every other chaining method keeps its signature.
type ParamMethod = 'setParam' | 'setParams' | 'deleteParam' | 'invalidate';

/** ReplyBuilder's other methods, returning the typed reply so a chain stays typed. */
type Chained<R> = {
  [K in Exclude<keyof ReplyBuilder, ParamMethod>]: ReplyBuilder[K] extends (...args: infer P) => ReplyBuilder ? (...args: P) => R : ReplyBuilder[K];
};

/**
 * `ctx.reply` that accepts only the agent's session parameter names, and for `invalidate` only the
 * form parameters of the pages that call the handler's tag.
 */
export interface TypedReply<S extends string, F extends string> extends Chained<TypedReply<S, F>> {
  /** Sets (creates or updates) a session parameter. */
  setParam(name: S, value: JsonValue): TypedReply<S, F>;
  /** Sets several session parameters. */
  setParams(params: Partial<Record<S, JsonValue>>): TypedReply<S, F>;
  /** Deletes session parameters (sends `null`, CX's delete). */
  deleteParam(...names: S[]): TypedReply<S, F>;
  /** Rejects a form parameter the user just filled; CX then re-prompts for it. */
  invalidate(formParam: F, reprompt?: string): TypedReply<S, F>;
}

/** `ctx.page` whose form holds the given form parameter names (each may be absent on a given call). */
export interface TypedPageView<F extends string> extends Omit<PageView, 'form'> {
  readonly form: Readonly<Partial<Record<F, FormParamView>>>;
}

/**
 * The handler context for tag `T` of agent `A` (`T` = `undefined` for intent, page and fallback
 * handlers, whose page is not known: their form stays keyed by any name).
 */
export interface TypedContext<A extends AgentTypes, T extends TagOf<A> | undefined = undefined>
  extends Omit<WebhookContext, 'sessionParams' | 'page' | 'reply' | 'param'> {
  /** Session parameters as they were before this call (change them through `reply`). */
  readonly sessionParams: Readonly<Partial<Record<A['sessionParams'], JsonValue>>>;
  readonly page: T extends string ? TypedPageView<FormParamOf<A, T>> : PageView;
  /** Collects the response; see ReplyBuilder. */
  readonly reply: TypedReply<A['sessionParams'], T extends string ? FormParamOf<A, T> : string>;
  /** A parameter by name: the matched intent's value first, then the session's, then the page form's. */
  param(name: A['sessionParams'] | (T extends string ? FormParamOf<A, T> : never)): JsonValue | undefined;
}

/** A handler of a typed app. */
export type TypedHandler<A extends AgentTypes, T extends TagOf<A> | undefined = undefined> = (ctx: TypedContext<A, T>) => unknown;

/** A route's parameter declaration, limited to the agent's session parameter names. */
export interface TypedParamDeclaration<A extends AgentTypes> {
  reads?: A['sessionParams'][];
  writes?: A['sessionParams'][];
}

/**
 * A webhook app whose `tag()` knows the agent's tags and whose handlers see its parameter names. It
 * is the app `typed()` was given, seen through narrower types; hand that app (not this view) to
 * `serve()`, whose handlers expect a plain `WebhookContext`.
 */
export interface TypedWebhookApp<A extends AgentTypes> extends Omit<WebhookApp, 'use' | 'tag' | 'intent' | 'page' | 'fallback'> {
  /** Adds middleware `(ctx, next) => …`; it runs in the order added, before routing. */
  use(middleware: Middleware<WebhookContext>): TypedWebhookApp<A>;
  /** Handles calls whose `fulfillmentInfo.tag` is `tag`: one of the agent's tags. */
  tag<T extends TagOf<A>>(tag: T, handler: TypedHandler<A, T>, params?: TypedParamDeclaration<A>): TypedWebhookApp<A>;
  /** Handles calls whose matched intent has this display name (when no tag handler matched). */
  intent(displayName: string, handler: TypedHandler<A>, params?: TypedParamDeclaration<A>): TypedWebhookApp<A>;
  /** Handles calls made from the page with this display name (when no tag or intent handler matched). */
  page(displayName: string, handler: TypedHandler<A>, params?: TypedParamDeclaration<A>): TypedWebhookApp<A>;
  /** Handles everything else. */
  fallback(handler: TypedHandler<A>, params?: TypedParamDeclaration<A>): TypedWebhookApp<A>;
}

/**
 * The same app, typed for an agent: unknown tags and parameter names become compile errors. No
 * runtime cost: it returns `app`.
 * @example
 * import type { GoodbyeGraffitiAgent } from './agent-types.ts'; // from `cxhook gen`
 * export const app = createWebhook();
 * typed<GoodbyeGraffitiAgent>(app).tag('geocode', (ctx) => {
 *   ctx.reply.setParam('formatted_address', lookUp(ctx.param('location')));
 * });
 */
export function typed<A extends AgentTypes>(app: WebhookApp): TypedWebhookApp<A> {
  return app as unknown as TypedWebhookApp<A>;
}

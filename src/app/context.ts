// The handler context: a read-only view of one WebhookRequest in CX words, plus the reply collector,
// the deadline's AbortSignal and a logger bound to the request.
import type { Principal } from '../auth/authenticator.ts';
import type { Logger } from 'pino';
import type { JsonValue, ParameterState, WebhookRequest } from '../protocol/index.ts';
import { flowOfPage, parseSessionPath, type SessionPath } from '../protocol/resource-names.ts';
import { ReplyBuilder, type ReplyScope } from './reply.ts';

/** What the user did this turn (the `query` oneof of the request). */
export type Query =
  | { kind: 'text'; text: string }
  | { kind: 'transcript'; transcript: string }
  | { kind: 'intent'; intent: string }
  | { kind: 'event'; event: string }
  | { kind: 'dtmf'; digits: string }
  | { kind: 'none' };

export interface IntentView {
  /** Resource name of the matched intent. */
  readonly name: string | undefined;
  readonly displayName: string | undefined;
  readonly confidence: number | undefined;
  /** Resolved values by parameter id. */
  readonly params: Readonly<Record<string, JsonValue>>;
  /** What the user said for a parameter (`originalValue`). */
  original(name: string): string | undefined;
}

export interface FormParamView {
  readonly displayName: string;
  readonly state: ParameterState;
  readonly required: boolean;
  readonly value: JsonValue | undefined;
  readonly justCollected: boolean;
}

export interface PageView {
  readonly name: string | undefined;
  readonly displayName: string | undefined;
  /** Resource name of the flow hosting the current page. */
  readonly flow: string | undefined;
  /** Form parameters by display name. */
  readonly form: Readonly<Record<string, FormParamView>>;
}

export interface SessionView extends Partial<Omit<SessionPath, 'agentName'>> {
  /** The full session resource name. */
  readonly path: string | undefined;
  /** The session id (last segment of the path). */
  readonly id: string | undefined;
  readonly agentName: string | undefined;
}

const EMPTY: Readonly<Record<string, never>> = Object.freeze({});

export interface ContextInit {
  request: WebhookRequest;
  requestId: string;
  /** The app's logger; the context binds a child to the request on first use. */
  log: Logger;
  /** The call's deadline and its signal (created on first use). */
  call: { readonly signal: AbortSignal; readonly deadlineAt: number };
  /** Who called, when the app has an `auth` option. */
  auth?: Principal;
}

/**
 * Everything a handler or middleware sees about one webhook call. Views are computed on first use:
 * most handlers read two or three of them, and this object is built on every call.
 */
export class WebhookContext {
  /** The parsed request, as CX sent it (unknown fields dropped). */
  readonly request: Readonly<WebhookRequest>;
  readonly requestId: string;
  /** Scratch space for middleware to hand values to handlers. */
  readonly state: Record<string, unknown> = {};
  readonly #init: ContextInit;
  #session: SessionView | undefined;
  #intent: IntentView | null | undefined;
  #page: PageView | undefined;
  #reply: ReplyBuilder | undefined;
  #log: Logger | undefined;

  constructor(init: ContextInit) {
    this.#init = init;
    this.request = init.request;
    this.requestId = init.requestId;
  }

  /** Who called (scheme and subject, never the secret), when the app has an `auth` option. */
  get auth(): Principal | undefined {
    return this.#init.auth;
  }

  /** The `Fulfillment.tag` that called the webhook; the primary routing key. */
  get tag(): string | undefined {
    return this.request.fulfillmentInfo?.tag;
  }

  get languageCode(): string | undefined {
    return this.request.languageCode ?? this.request.languageInfo?.resolvedLanguageCode;
  }

  /** What the user did this turn (text, transcript, intent, event, DTMF or nothing). */
  get query(): Query {
    return queryOf(this.request);
  }

  /** The session path and its parts. */
  get session(): SessionView {
    if (!this.#session) {
      const path = this.request.sessionInfo?.session;
      const parts = parseSessionPath(path);
      this.#session = { ...parts, path, id: parts?.session ?? path?.split('/').pop(), agentName: parts?.agentName };
    }
    return this.#session;
  }

  /** Session parameters as they were before this call (change them through `reply`). */
  get sessionParams(): Readonly<Record<string, JsonValue>> {
    return this.request.sessionInfo?.parameters ?? EMPTY;
  }

  /** The matched intent, when there is one. */
  get intent(): IntentView | undefined {
    if (this.#intent === undefined) this.#intent = this.request.intentInfo ? intentOf(this.request.intentInfo) : null;
    return this.#intent ?? undefined;
  }

  get page(): PageView {
    this.#page ??= pageOf(this.request);
    return this.#page;
  }

  get sentiment(): { readonly score: number; readonly magnitude: number } | undefined {
    const sentiment = this.request.sentimentAnalysisResult;
    return sentiment ? { score: sentiment.score ?? 0, magnitude: sentiment.magnitude ?? 0 } : undefined;
  }

  /** `QueryParameters.payload` of the detectIntent caller (e.g. `telephony.caller_id`). */
  get payload(): Readonly<Record<string, JsonValue>> {
    return this.request.payload ?? EMPTY;
  }

  /** Aborts when the deadline passes: hand it to fetch, database calls and timers. */
  get signal(): AbortSignal {
    return this.#init.call.signal;
  }

  /** A logger bound to this request (request id, tag, session). */
  get log(): Logger {
    this.#log ??= this.#init.log.child(requestLogFields(this));
    return this.#log;
  }

  /** Collects the response; see ReplyBuilder. */
  get reply(): ReplyBuilder {
    this.#reply ??= new ReplyBuilder(new ContextReplyScope(this));
    return this.#reply;
  }

  /** Whether a handler touched the reply (an untouched one is an empty response). */
  get hasReply(): boolean {
    return this.#reply !== undefined;
  }

  /** Milliseconds left before the deadline (never negative). */
  remainingMs(): number {
    return Math.max(0, this.#init.call.deadlineAt - Date.now());
  }

  /**
   * A parameter by name: the matched intent's resolved value first, then the session's, then the
   * current page form's. Undefined when none has it.
   */
  param(name: string): JsonValue | undefined {
    // Read straight from the request: building the intent view for one value cost more than the lookup.
    const { intentInfo, sessionInfo } = this.request;
    return ownValue(intentInfo?.parameters, name)?.resolvedValue ?? ownValue(sessionInfo?.parameters, name) ?? this.page.form[name]?.value;
  }
}

/** `map[name]` when the map itself has it: a parameter named `toString` is not Object.prototype's. */
function ownValue<V>(map: Readonly<Record<string, V>> | undefined, name: string): V | undefined {
  return map !== undefined && Object.hasOwn(map, name) ? map[name] : undefined;
}

/** What ties a log line to its call: ctx.log binds these, and the core's access line carries them. */
export function requestLogFields(ctx: WebhookContext): { reqId: string; tag: string | undefined; session: string | undefined } {
  return { reqId: ctx.requestId, tag: ctx.tag, session: ctx.request.sessionInfo?.session };
}

/** The reply builder's view of the request, read only when a builder method needs it. */
class ContextReplyScope implements ReplyScope {
  readonly #ctx: WebhookContext;
  constructor(ctx: WebhookContext) {
    this.#ctx = ctx;
  }
  agentName(): string | undefined {
    return this.#ctx.session.agentName;
  }
  currentPage(): string | undefined {
    return this.#ctx.request.pageInfo?.currentPage;
  }
  formParams(): readonly string[] {
    return Object.keys(this.#ctx.page.form);
  }
}

function queryOf(request: WebhookRequest): Query {
  if (request.text !== undefined) return { kind: 'text', text: request.text };
  if (request.transcript !== undefined) return { kind: 'transcript', transcript: request.transcript };
  if (request.triggerIntent !== undefined) return { kind: 'intent', intent: request.triggerIntent };
  if (request.triggerEvent !== undefined) return { kind: 'event', event: request.triggerEvent };
  if (request.dtmfDigits !== undefined) return { kind: 'dtmf', digits: request.dtmfDigits };
  return { kind: 'none' };
}

function intentOf(info: NonNullable<WebhookRequest['intentInfo']>): IntentView {
  const raw = info.parameters ?? {};
  const params: Record<string, JsonValue> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (value.resolvedValue !== undefined) params[name] = value.resolvedValue;
  }
  return {
    name: info.lastMatchedIntent,
    displayName: info.displayName,
    confidence: info.confidence,
    params,
    original: (name) => raw[name]?.originalValue,
  };
}

function pageOf(request: WebhookRequest): PageView {
  const info = request.pageInfo;
  // No prototype: `name in ctx.page.form` must not find `toString`.
  const form: Record<string, FormParamView> = Object.create(null);
  for (const parameter of info?.formInfo?.parameterInfo ?? []) {
    form[parameter.displayName] = {
      displayName: parameter.displayName,
      state: parameter.state,
      required: parameter.required ?? false,
      value: parameter.value,
      justCollected: parameter.justCollected ?? false,
    };
  }
  return { name: info?.currentPage, displayName: info?.displayName, flow: flowOfPage(info?.currentPage), form };
}

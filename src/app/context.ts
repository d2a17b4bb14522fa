// The handler context: a read-only view of one WebhookRequest in CX words, plus the reply collector,
// the deadline's AbortSignal and a logger bound to the request.
import type { Logger } from 'pino';
import type { JsonValue, ParameterState, WebhookRequest } from '../protocol/index.ts';
import { flowOfPage, parseSessionPath, type SessionPath } from '../protocol/resource-names.ts';
import { ReplyBuilder } from './reply.ts';

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
  log: Logger;
  signal: AbortSignal;
  deadlineAt: number;
}

/** Everything a handler or middleware sees about one webhook call. */
export class WebhookContext {
  /** The parsed request, as CX sent it (unknown fields dropped). */
  readonly request: Readonly<WebhookRequest>;
  readonly requestId: string;
  /** The `Fulfillment.tag` that called the webhook; the primary routing key. */
  readonly tag: string | undefined;
  readonly languageCode: string | undefined;
  readonly query: Query;
  readonly session: SessionView;
  /** Session parameters as they were before this call (change them through `reply`). */
  readonly sessionParams: Readonly<Record<string, JsonValue>>;
  readonly intent: IntentView | undefined;
  readonly page: PageView;
  readonly sentiment: { readonly score: number; readonly magnitude: number } | undefined;
  /** `QueryParameters.payload` of the detectIntent caller (e.g. `telephony.caller_id`). */
  readonly payload: Readonly<Record<string, JsonValue>>;
  /** Aborts when the deadline passes: hand it to fetch, database calls and timers. */
  readonly signal: AbortSignal;
  /** A logger bound to this request (request id, tag, session). */
  readonly log: Logger;
  /** Collects the response; see ReplyBuilder. */
  readonly reply: ReplyBuilder;
  /** Scratch space for middleware to hand values to handlers. */
  readonly state: Record<string, unknown> = {};
  readonly #deadlineAt: number;

  constructor(init: ContextInit) {
    const { request } = init;
    this.request = request;
    this.requestId = init.requestId;
    this.tag = request.fulfillmentInfo?.tag;
    this.languageCode = request.languageCode ?? request.languageInfo?.resolvedLanguageCode;
    this.query = queryOf(request);
    const sessionPath = request.sessionInfo?.session;
    const parts = parseSessionPath(sessionPath);
    this.session = {
      ...parts,
      path: sessionPath,
      id: parts?.session ?? sessionPath?.split('/').pop(),
      agentName: parts?.agentName,
    };
    this.sessionParams = request.sessionInfo?.parameters ?? EMPTY;
    this.intent = request.intentInfo ? intentOf(request.intentInfo) : undefined;
    this.page = pageOf(request);
    const sentiment = request.sentimentAnalysisResult;
    this.sentiment = sentiment ? { score: sentiment.score ?? 0, magnitude: sentiment.magnitude ?? 0 } : undefined;
    this.payload = request.payload ?? EMPTY;
    this.signal = init.signal;
    this.log = init.log;
    this.#deadlineAt = init.deadlineAt;
    this.reply = new ReplyBuilder({
      agentName: this.session.agentName,
      currentPage: this.page.name,
      formParams: Object.keys(this.page.form),
    });
  }

  /** Milliseconds left before the deadline (never negative). */
  remainingMs(): number {
    return Math.max(0, this.#deadlineAt - Date.now());
  }

  /**
   * A parameter by name: the matched intent's resolved value first, then the session's, then the
   * current page form's. Undefined when none has it.
   */
  param(name: string): JsonValue | undefined {
    return this.intent?.params[name] ?? this.sessionParams[name] ?? this.page.form[name]?.value;
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

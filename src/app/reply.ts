// The reply collector: every response capability a webhook has, each checked as it is added, so
// a mistake points at the line that made it rather than at the serialized response.
import { CxhookError } from '../errors/index.ts';
import {
  isJsonValue,
  type JsonObject,
  type JsonValue,
  type MergeBehavior,
  type ResponseMessage,
  type WebhookResponse,
} from '../protocol/index.ts';
import { isPlainObject } from '../protocol/json.ts';
import { resolveFlowName, resolvePageName, type SymbolicPage } from '../protocol/resource-names.ts';
import { parseRichElement, type RichElement } from '../protocol/rich-content.ts';

/** What the builder needs to know about the request; read only when a method needs it. */
export interface ReplyScope {
  /** `projects/P/locations/L/agents/A`, from the session path. */
  agentName(): string | undefined;
  /** `pageInfo.currentPage` */
  currentPage(): string | undefined;
  /** Display names of the current page's form parameters. */
  formParams(): readonly string[];
}

export interface MessageOptions {
  /** Only callers asking for this channel get the message (`QueryParameters.channel`). */
  channel?: string;
}

function invalid(reason: string): CxhookError {
  return new CxhookError('CXH_ERR_INVALID_REPLY', [reason]);
}

function requireJson(value: unknown, what: string): asserts value is JsonValue {
  if (!isJsonValue(value)) throw invalid(`${what} must be a JSON value (finite numbers, plain objects, arrays)`);
}

function requireObject(value: unknown, what: string): asserts value is JsonObject {
  if (!isPlainObject(value) || !isJsonValue(value)) throw invalid(`${what} must be a plain JSON object`);
}

/**
 * Builds the WebhookResponse. Handlers reach it as `ctx.reply`; every method returns the builder.
 * @example ctx.reply.text('Booked!').setParam('confirmation_id', id).goToPage('Confirmation')
 */
export class ReplyBuilder {
  readonly #scope: ReplyScope;
  readonly #messages: ResponseMessage[] = [];
  #mergeBehavior: MergeBehavior | undefined;
  // A Map: a parameter named `__proto__` is a key like any other, and building the response copies
  // it faster than spreading a prototype-less object (which V8 keeps in dictionary mode).
  readonly #params = new Map<string, JsonValue>();
  // Made on first use: most replies mark no form parameter.
  #invalid: Map<string, { displayName: string; required: true; state: 'INVALID' }> | undefined;
  #target: { targetPage: string } | { targetFlow: string } | undefined;
  #callerPayload: JsonObject | undefined;

  constructor(scope: ReplyScope) {
    this.#scope = scope;
  }

  #push(message: ResponseMessage, options?: MessageOptions): this {
    if (options?.channel !== undefined) message.channel = options.channel;
    this.#messages.push(message);
    return this;
  }

  /** One text message. Several arguments are variants: CX shows one of them. */
  text(text: string, ...variants: string[]): this {
    // One text (most replies) without building a second list.
    const all = variants.length === 0 ? [text] : [text, ...variants];
    if (all.some((item) => typeof item !== 'string')) throw invalid('text variants must be strings');
    return this.#push({ text: { text: all } });
  }

  /** One text message per argument, in order. */
  texts(...texts: string[]): this {
    for (const text of texts) this.text(text);
    return this;
  }

  /** A text message for one channel only. */
  channelText(channel: string, text: string): this {
    return this.#push({ text: { text: [text] } }, { channel });
  }

  /** Speech for voice channels as SSML (`<speak>…</speak>`). */
  ssml(ssml: string, options?: MessageOptions): this {
    if (!ssml.trim()) throw invalid('ssml must not be empty');
    return this.#push({ outputAudioText: { ssml } }, options);
  }

  /** Speech for voice channels as plain text. */
  audioText(text: string, options?: MessageOptions): this {
    return this.#push({ outputAudioText: { text } }, options);
  }

  /** Plays an audio file on clients that support it (telephony). */
  playAudio(audioUri: string, options?: MessageOptions): this {
    if (!audioUri) throw invalid('playAudio needs an audio URI');
    return this.#push({ playAudio: { audioUri } }, options);
  }

  /** A custom payload message for the channel (Messenger, a custom client…). */
  payload(payload: JsonObject, options?: MessageOptions): this {
    requireObject(payload, 'payload');
    return this.#push({ payload }, options);
  }

  /**
   * Dialogflow Messenger rich content: each argument is one card (a list of elements), each element
   * checked against the Messenger schema. Build elements with `rich.*`.
   * @example ctx.reply.richContent([rich.info({ title: 'Paris' }), rich.chips(['Book', 'Cancel'])])
   */
  richContent(...cards: RichElement[][]): this {
    if (cards.length === 0) throw invalid('richContent needs at least one card');
    cards.forEach((card, cardIndex) => {
      if (!Array.isArray(card) || card.length === 0) throw invalid(`richContent card ${cardIndex} must be a non-empty list of elements`);
      card.forEach((element, elementIndex) => {
        const result = parseRichElement(element);
        if (!result.success) {
          const detail = result.error.issues.map((issue) => `${issue.path.join('.') || 'type'}: ${issue.message}`).join('; ');
          throw invalid(`rich element ${cardIndex}.${elementIndex}: ${detail}`);
        }
      });
    });
    return this.#push({ payload: { richContent: cards as unknown as JsonValue[] } });
  }

  /** Marks the conversation as successful for analytics. */
  conversationSuccess(metadata: JsonObject = {}): this {
    requireObject(metadata, 'conversationSuccess metadata');
    return this.#push({ conversationSuccess: { metadata } });
  }

  /** Asks the integration to hand the conversation to a human agent. */
  liveAgentHandoff(metadata: JsonObject = {}): this {
    requireObject(metadata, 'liveAgentHandoff metadata');
    return this.#push({ liveAgentHandoff: { metadata } });
  }

  /** Asks the telephony client to transfer the call (E.164 number, e.g. +14155550100). */
  transferCall(phoneNumber: string): this {
    if (!/^\+[1-9]\d{1,14}$/.test(phoneNumber)) throw invalid(`transferCall needs an E.164 number, got "${phoneNumber}"`);
    return this.#push({ telephonyTransferCall: { phoneNumber } });
  }

  /** Whether these messages go after the ones CX queued this turn (APPEND, the default) or replace them. */
  merge(behavior: 'APPEND' | 'REPLACE'): this {
    this.#mergeBehavior = behavior;
    return this;
  }

  /** Sets (creates or updates) a session parameter. */
  setParam(name: string, value: JsonValue): this {
    if (!name) throw invalid('a session parameter needs a name');
    if (value === undefined) throw invalid(`session parameter "${name}" is undefined; use deleteParam to remove it`);
    requireJson(value, `session parameter "${name}"`);
    this.#params.set(name, value);
    return this;
  }

  /** Sets several session parameters. */
  setParams(params: Record<string, JsonValue>): this {
    for (const name in params) if (Object.hasOwn(params, name)) this.setParam(name, params[name] as JsonValue);
    return this;
  }

  /** Deletes session parameters (sends `null`, CX's delete). */
  deleteParam(...names: string[]): this {
    for (const name of names) this.#params.set(name, null);
    return this;
  }

  /**
   * Rejects a form parameter the user just filled: marks it INVALID (and required, or CX will not ask
   * again), clears its session value and, with `reprompt`, says why. CX then re-prompts for it.
   */
  invalidate(formParam: string, reprompt?: string): this {
    const formParams = this.#scope.formParams();
    if (!formParams.includes(formParam)) {
      const names = formParams.length ? formParams.join(', ') : 'none';
      throw invalid(`"${formParam}" is not a form parameter of the current page (it has: ${names})`);
    }
    (this.#invalid ??= new Map()).set(formParam, { displayName: formParam, required: true, state: 'INVALID' });
    this.deleteParam(formParam);
    if (reprompt !== undefined) this.text(reprompt);
    return this;
  }

  /** Transitions to a page of the current flow: a full name, a page id, or a symbolic page. */
  goToPage(page: string | SymbolicPage): this {
    if (this.#target) throw invalid('a reply has one transition; goToPage/goToFlow/endSession was already called');
    const name = resolvePageName(page, { currentPage: this.#scope.currentPage() });
    if (!name) throw invalid(`cannot build a page name from "${page}": the request has no current page to take the flow from`);
    this.#target = { targetPage: name };
    return this;
  }

  /** Transitions to another flow: a full flow name or a flow id. */
  goToFlow(flow: string): this {
    if (this.#target) throw invalid('a reply has one transition; goToPage/goToFlow/endSession was already called');
    const name = resolveFlowName(flow, { agentName: this.#scope.agentName() });
    if (!name) throw invalid(`cannot build a flow name from "${flow}": the request has no session path to take the agent from`);
    this.#target = { targetFlow: name };
    return this;
  }

  /** Ends the conversation (a transition to END_SESSION; CX then emits `endInteraction`). */
  endSession(): this {
    return this.goToPage('END_SESSION');
  }

  /** Data for the detectIntent caller (`QueryResult.webhookPayloads`), never shown to the user. */
  callerPayload(payload: JsonObject): this {
    requireObject(payload, 'callerPayload');
    this.#callerPayload = payload;
    return this;
  }

  /** Whether anything was added yet. */
  get isEmpty(): boolean {
    return this.#messages.length === 0 && this.#params.size === 0 && !this.#invalid && !this.#target && !this.#callerPayload;
  }

  /** The WebhookResponse collected so far. */
  build(): WebhookResponse {
    const response: WebhookResponse = {};
    if (this.#messages.length > 0 || this.#mergeBehavior) {
      response.fulfillmentResponse = { messages: [...this.#messages] };
      if (this.#mergeBehavior) response.fulfillmentResponse.mergeBehavior = this.#mergeBehavior;
    }
    if (this.#invalid) response.pageInfo = { formInfo: { parameterInfo: [...this.#invalid.values()] } };
    if (this.#params.size > 0) response.sessionInfo = { parameters: parametersObject(this.#params) };
    if (this.#callerPayload) response.payload = this.#callerPayload;
    if (this.#target) Object.assign(response, this.#target);
    return response;
  }
}

/** The parameters as a plain JSON object; `__proto__` becomes an own key, never the prototype. */
function parametersObject(params: ReadonlyMap<string, JsonValue>): Record<string, JsonValue> {
  const object: Record<string, JsonValue> = {};
  for (const [name, value] of params) {
    if (name === '__proto__') Object.defineProperty(object, name, { value, enumerable: true, writable: true, configurable: true });
    else object[name] = value;
  }
  return object;
}

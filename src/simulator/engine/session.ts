// One simulated conversation: the state CX keeps for a session (flow stack, current page, form,
// parameters) and the turn loop that moves it: match the input, fire a route or an event handler,
// run fulfillments (webhook calls included), transition, fill forms, until the agent waits again.
import { randomUUID } from 'node:crypto';
import type { Agent, EventHandler, ExportMessage, Flow, FormParameter, Fulfillment, FulfillmentGenerator, Intent, Page, Target, TransitionRoute } from '../../agent/model.ts';
import { findPage, flowById } from '../../agent/load/index.ts';
import { CxhookError } from '../../errors/index.ts';
import { SYMBOLIC_PAGES, type SymbolicPage, type WebhookResponse } from '../../protocol/index.ts';
import { isPlainObject } from '../../protocol/json.ts';
import { evaluateCondition, evaluateValue, interpolate, parameterTarget, type ParameterTarget, type Scope } from '../expression/index.ts';
import type { Nlu } from '../nlu/index.ts';
import { conditionRoutes, findHandler, intentRoutes } from './handlers.ts';
import { END_PAGE_NAMES, type ResourceNames } from './names.ts';
import type { SessionStart, SimSession, SimulatorOptions, TextResponse, TurnMatch, TurnOptions, TurnResult, UserTurn, WebhookCall } from './types.ts';
import { callWebhook } from './webhook-call.ts';

export interface SessionDeps {
  options: SimulatorOptions;
  agent: Agent;
  /** Loaded and trained on the first text turn: event- and intent-driven sessions never pay for it. */
  nlu: () => Promise<Nlu>;
  names: ResourceNames;
  languageCode: string;
  now: () => Date;
  random: () => number;
}

type FormState = 'EMPTY' | 'FILLED' | 'INVALID';

interface FormSlot {
  state: FormState;
  value?: unknown;
  justCollected: boolean;
}

/** One flow on the stack; the caller's frame stays below it until END_FLOW. */
interface Frame {
  flow: Flow;
  page: Page;
  previousPage?: Page;
  flowParams: Record<string, unknown>;
}

interface FormValue {
  parameter: FormParameter;
  value: { original: string; resolved: unknown };
}

interface MatchedIntent {
  intent: Intent;
  confidence: number;
  parameters: Record<string, { original: string; resolved: unknown }>;
}

/** What one turn collects while it runs. */
class TurnLog {
  messages: Record<string, unknown>[] = [];
  texts: TextResponse[] = [];
  events: string[] = [];
  webhookCalls: WebhookCall[] = [];
  transitions = 0;
  match: TurnMatch = { kind: 'no-match' };
  userText?: string;
  triggerEvent?: string;
  webhooks = true;
  /** `$request.generative.*`: generator answers, which live for one turn. */
  generative: Record<string, unknown> = {};

  replaceMessages(): void {
    this.messages = [];
    this.texts = [];
  }
}

/** How a fulfillment ended: a webhook may ask for a transition, or an event handler took over. */
interface FulfillmentOutcome {
  target?: Target;
  /** An event handler ran and transitioned: the caller's own target no longer applies. */
  redirected?: boolean;
}

const DEFAULT_MAX_TRANSITIONS = 100;
const MAX_NUMBERED_EVENTS = 6;

function simulationError(what: string, why: string): CxhookError {
  return new CxhookError('CXH_ERR_SIMULATION', [what, why]);
}

function wordCount(text: string): number {
  return text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0;
}

/** A copy of `base` with `value` at `fields` (objects created on the way; null deletes the field). */
function withField(base: unknown, fields: readonly string[], value: unknown): unknown {
  const [field, ...rest] = fields as [string, ...string[]];
  const copy: Record<string, unknown> = isPlainObject(base) ? { ...base } : {};
  const inner = rest.length === 0 ? value : withField(copy[field], rest, value);
  if (inner === null) delete copy[field];
  else copy[field] = inner;
  return copy;
}

export class Session implements SimSession {
  readonly id: string;
  readonly #deps: SessionDeps;
  readonly #stack: Frame[] = [];
  #params: Record<string, unknown> = Object.create(null);
  #form = new Map<string, FormSlot>();
  /** The required form parameter the agent last asked for. */
  #pending: string | undefined;
  #noMatch = 0;
  #noInput = 0;
  #lastIntent: MatchedIntent | undefined;
  #ended = false;
  #endPage: keyof typeof END_PAGE_NAMES | undefined;
  #turn = 0;
  #calls = 0;
  #log = new TurnLog();

  constructor(deps: SessionDeps, start: SessionStart, id: string) {
    this.#deps = deps;
    this.id = id;
    const { agent } = deps;
    const flowName = start.flow ?? agent.startFlow;
    if (flowName === undefined) throw simulationError('this agent', 'it has no start flow (playbook agents are not simulated)');
    const flow = this.#flow(flowName);
    const page = start.page === undefined ? flow.startPage : this.#page(flow, start.page);
    for (const [name, value] of Object.entries(start.parameters ?? {})) this.#params[name] = value;
    this.#stack.push({ flow, page, flowParams: Object.create(null) });
    this.#loadForm(page);
  }

  get state(): SimSession['state'] {
    return { flow: this.#frame.flow.displayName, page: this.#pageName(), parameters: { ...this.#params }, ended: this.#ended };
  }

  async send(turn: UserTurn, options: TurnOptions = {}): Promise<TurnResult> {
    if (this.#ended) throw simulationError('this turn', 'the conversation has ended');
    this.#turn += 1;
    this.#log = new TurnLog();
    this.#log.webhooks = options.webhooks !== false;
    for (const [name, value] of Object.entries(options.parameters ?? {})) this.#setSessionParam(name, value);
    for (const slot of this.#form.values()) slot.justCollected = false;

    if ('event' in turn) await this.#onEvent(turn.event);
    else if ('intent' in turn) await this.#onDirectIntent(turn.intent, turn.parameters ?? {});
    else if ('dtmf' in turn) await this.#onText(turn.dtmf);
    else await this.#onText(turn.text);
    return this.#result();
  }

  // ---- input matching ------------------------------------------------------------------------

  async #onEvent(event: string): Promise<void> {
    this.#log.match = { kind: 'event', event };
    this.#log.triggerEvent = event;
    await this.#raise(event);
  }

  async #onDirectIntent(name: string, parameters: Record<string, unknown>): Promise<void> {
    const intent = this.#deps.agent.intents.get(name);
    if (!intent) throw simulationError(`intent "${name}"`, 'the agent has no intent of that name');
    const params: MatchedIntent['parameters'] = {};
    for (const [id, value] of Object.entries(parameters)) params[id] = { original: typeof value === 'string' ? value : JSON.stringify(value), resolved: value };
    await this.#onIntent({ intent, confidence: 1, parameters: params });
  }

  async #onText(text: string): Promise<void> {
    this.#log.userText = text;
    if (text.trim() === '') {
      this.#noInput += 1;
      this.#log.match = { kind: 'no-input' };
      await this.#raise(this.#numbered('sys.no-input', this.#noInput));
      return;
    }
    const { flow, page } = this.#frame;
    const candidates = [...new Set(intentRoutes(this.#deps.agent, flow, page).map((route) => route.intent as string))];
    const nlu = await this.#deps.nlu();
    const found = nlu.matchIntent(text, { threshold: flow.classificationThreshold, candidates });
    const intent = found.intent === undefined ? undefined : this.#deps.agent.intents.get(found.intent);
    const values = this.#formValues(nlu, text);
    // The form competes with the intent: an intent wins only when it is more certain than the share
    // of the text a value for a missing parameter covers ("10 people" → 0.5, an e-mail → 1).
    const total = wordCount(text);
    const coverage = Math.max(0, ...values.map(({ value }) => Math.min(1, wordCount(value.original) / total)));
    if (intent && found.confidence > coverage) {
      await this.#onIntent({ intent, confidence: found.confidence, parameters: found.parameters });
      return;
    }
    const filled = this.#fill(values);
    if (filled.length > 0) {
      this.#log.match = { kind: 'parameter-filling', parameters: filled };
      this.#noMatch = 0;
      await this.#settle();
      return;
    }
    this.#noMatch += 1;
    this.#log.match = { kind: 'no-match' };
    await this.#raise(this.#numbered('sys.no-match', this.#noMatch));
  }

  async #onIntent(matched: MatchedIntent): Promise<void> {
    this.#log.match = { kind: 'intent', intent: matched.intent.displayName, confidence: matched.confidence };
    this.#lastIntent = matched;
    this.#noMatch = 0;
    this.#noInput = 0;
    for (const [id, value] of Object.entries(matched.parameters)) {
      this.#writeSession(id, value.resolved);
      const slot = this.#form.get(id);
      if (slot) slot.justCollected = true;
    }
    await this.#routeIntent(matched.intent.displayName);
  }

  /** Fires the first intent route for `intent` in scope, then lets the page settle. */
  async #routeIntent(intent: string): Promise<void> {
    const { flow, page } = this.#frame;
    const route = intentRoutes(this.#deps.agent, flow, page).find((candidate) => candidate.intent === intent && this.#holds(candidate.condition));
    if (route && (await this.#fireRoute(route))) return;
    await this.#settle();
  }

  /**
   * What `text` holds for the form's missing parameters, extracted once per turn: the pending one
   * first, then the others whose entity type does not take any text.
   */
  #formValues(nlu: Nlu, text: string): FormValue[] {
    const order = this.#frame.page.form.filter(
      (parameter) => this.#form.get(parameter.displayName)?.state !== 'FILLED' && (parameter.displayName === this.#pending || parameter.entityType !== '@sys.any'),
    );
    order.sort((a, b) => Number(b.displayName === this.#pending) - Number(a.displayName === this.#pending));
    const values: FormValue[] = [];
    for (const parameter of order) {
      const value = nlu.extract(text, parameter.entityType, { now: this.#deps.now(), timeZone: this.#deps.agent.timeZone });
      if (value) values.push({ parameter, value });
    }
    return values;
  }

  /** Fills parameters from the values found; one value fills one parameter ("34" answers "how old are you?", not also the weight question). */
  #fill(values: readonly FormValue[]): string[] {
    const filled: string[] = [];
    const usedTypes = new Set<string>();
    for (const { parameter, value } of values) {
      if (usedTypes.has(parameter.entityType)) continue;
      const resolved = parameter.isList ? [value.resolved] : value.resolved;
      this.#form.set(parameter.displayName, { state: 'FILLED', value: resolved, justCollected: true });
      this.#setSessionParam(parameter.displayName, resolved);
      filled.push(parameter.displayName);
      usedTypes.add(parameter.entityType);
    }
    return filled;
  }

  // ---- routes, events, transitions -----------------------------------------------------------

  /** Runs a route's fulfillment and transition; true when the conversation moved (or ended). */
  async #fireRoute(route: TransitionRoute | EventHandler): Promise<boolean> {
    const outcome = route.triggerFulfillment ? await this.#fulfill(route.triggerFulfillment) : {};
    if (outcome.redirected) return true;
    const target = outcome.target ?? route.target;
    if (!target) return false;
    await this.#transition(target);
    return true;
  }

  /** Raises an event: the pending parameter's reprompt handlers, then the page's, then the flow's. */
  async #raise(event: string): Promise<boolean> {
    this.#log.events.push(event);
    const handler = this.#handlerFor(event);
    if (!handler) return false;
    await this.#fireRoute(handler);
    return true;
  }

  #handlerFor(event: string): EventHandler | undefined {
    const { flow, page } = this.#frame;
    const parameter = this.#pending === undefined ? undefined : page.form.find((candidate) => candidate.displayName === this.#pending);
    const scopes = [parameter?.repromptEventHandlers ?? [], page === flow.startPage ? [] : page.eventHandlers, flow.eventHandlers];
    for (const handlers of scopes) {
      const handler = findHandler(handlers, event);
      if (handler) return handler;
    }
    return undefined;
  }

  #numbered(prefix: string, count: number): string {
    return count <= MAX_NUMBERED_EVENTS ? `${prefix}-${count}` : `${prefix}-default`;
  }

  async #transition(target: Target): Promise<void> {
    this.#log.transitions += 1;
    const limit = this.#deps.options.maxTransitionsPerTurn ?? DEFAULT_MAX_TRANSITIONS;
    if (this.#log.transitions > limit) {
      throw simulationError(`page "${this.#frame.page.displayName}"`, `more than ${limit} transitions in one turn (a route loop?)`);
    }
    const frame = this.#frame;
    switch (target.kind) {
      case 'page': {
        // Routes of agent-level groups have no owning flow: their pages are the current flow's.
        const flow = target.flow === '' ? frame.flow : this.#flow(target.flow);
        if (flow !== frame.flow) this.#stack.push({ flow, page: flow.startPage, flowParams: Object.create(null) });
        return this.#enter(this.#page(flow, target.page));
      }
      case 'flow': {
        const flow = this.#flow(target.flow);
        this.#stack.push({ flow, page: flow.startPage, flowParams: Object.create(null) });
        return this.#enter(flow.startPage, { carriedIntent: this.#log.match.kind === 'intent' ? this.#log.match.intent : undefined });
      }
      case 'playbook':
        throw simulationError(`playbook "${target.playbook}"`, 'playbooks are not simulated; stub the page that calls it');
      case 'special':
        switch (target.special) {
          case 'START_PAGE':
            return this.#enter(frame.flow.startPage);
          case 'CURRENT_PAGE':
            return this.#enter(frame.page);
          case 'PREVIOUS_PAGE':
            return this.#enter(frame.previousPage ?? frame.flow.startPage);
          case 'END_SESSION':
            return this.#end('END_SESSION');
          case 'END_FLOW':
            return this.#endFlow(undefined);
          case 'END_FLOW_WITH_FAILURE':
            return this.#endFlow('flow.failed');
          case 'END_FLOW_WITH_HUMAN_ESCALATION':
            return this.#endFlow('flow.failed.human-escalation');
          case 'END_FLOW_WITH_CANCELLATION':
            return this.#endFlow('flow.cancelled');
        }
    }
  }

  #end(page: keyof typeof END_PAGE_NAMES): void {
    this.#ended = true;
    this.#endPage = page;
    this.#pending = undefined;
    this.#log.messages.push({ endInteraction: {} });
  }

  /** Ends the current flow: back to the page that entered it, which is evaluated again (or raises `event`). */
  async #endFlow(event: string | undefined): Promise<void> {
    if (this.#stack.length === 1) return this.#end('END_FLOW');
    this.#stack.pop();
    // The caller's form comes back from the session parameters it wrote.
    this.#loadForm(this.#frame.page);
    if (event !== undefined && (await this.#raise(event))) return;
    await this.#settle();
  }

  /** Makes `page` current: entry fulfillment, then its routes and form. */
  async #enter(page: Page, options: { carriedIntent?: string } = {}): Promise<void> {
    const frame = this.#frame;
    if (frame.page !== page) frame.previousPage = frame.page;
    frame.page = page;
    this.#loadForm(page);
    this.#noMatch = 0;
    this.#noInput = 0;
    if (page.entryFulfillment) {
      const outcome = await this.#fulfill(page.entryFulfillment);
      if (outcome.redirected) return;
      if (outcome.target) return this.#transition(outcome.target);
    }
    if (options.carriedIntent !== undefined) {
      // An intent that led into a flow can match that flow's start-page routes too (spec §10).
      const route = intentRoutes(this.#deps.agent, frame.flow, page).find(
        (candidate) => candidate.intent === options.carriedIntent && this.#holds(candidate.condition),
      );
      if (route && (await this.#fireRoute(route))) return;
    }
    await this.#settle();
  }

  /**
   * Evaluates the page's condition routes in order, then asks for the next missing parameter. A
   * route without a target runs its fulfillment and evaluation goes on with the routes after it,
   * on the state it left: Google's own agents call a webhook from one route and branch on its
   * result in the next ones.
   */
  async #settle(): Promise<void> {
    if (this.#ended) return;
    this.#applyDefaults();
    const { flow, page } = this.#frame;
    for (const route of conditionRoutes(this.#deps.agent, flow, page)) {
      if (!this.#holds(route.condition)) continue;
      if (await this.#fireRoute(route)) return;
      if (this.#ended) return;
    }
    await this.#promptPending();
  }

  async #promptPending(): Promise<void> {
    const next = this.#frame.page.form.find((parameter) => parameter.required && this.#form.get(parameter.displayName)?.state !== 'FILLED');
    this.#pending = next?.displayName;
    if (!next?.initialPrompt) return;
    const outcome = await this.#fulfill(next.initialPrompt);
    if (!outcome.redirected && outcome.target) await this.#transition(outcome.target);
  }

  // ---- fulfillment ---------------------------------------------------------------------------

  async #fulfill(fulfillment: Fulfillment): Promise<FulfillmentOutcome> {
    for (const action of fulfillment.setParameterActions) this.#setScoped(action.parameter, evaluateValue(action.value, this.#scope()));
    for (const generator of fulfillment.generators ?? []) await this.#generate(generator);
    for (const message of fulfillment.messages) this.#say(message);
    for (const group of fulfillment.conditionalCases) this.#sayCases(group.cases);
    if (fulfillment.webhook === undefined || !this.#log.webhooks) return {};
    return this.#callWebhook(fulfillment.webhook, fulfillment.tag ?? '');
  }

  /** A generator's answer comes from the user's stub; it lands in `$request.generative.<name>` for this turn. */
  async #generate(generator: FulfillmentGenerator): Promise<void> {
    const name = this.#deps.agent.generators.get(generator.generator) ?? generator.generator;
    const stub = this.#deps.options.generators?.[name];
    const output = /^\$request\.generative\.(.+)$/.exec(generator.outputParameter ?? '')?.[1];
    if (stub === undefined || output === undefined) return;
    const scope = this.#scope();
    const inputs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(generator.inputParameters)) inputs[key] = evaluateValue(value, scope);
    this.#log.generative[output] = typeof stub === 'function' ? await stub(inputs) : stub;
  }

  #sayCases(cases: Fulfillment['conditionalCases'][number]['cases']): void {
    const chosen = cases.find((candidate) => !candidate.condition || this.#holds(candidate.condition));
    for (const content of chosen?.caseContent ?? []) {
      if ('message' in content) this.#say(content.message);
      else this.#sayCases(content.additionalCases.cases);
    }
  }

  #speaksLanguage(message: ExportMessage): boolean {
    const code = message.languageCode;
    if (code === undefined) return true;
    const language = this.#deps.languageCode.toLowerCase();
    return code.toLowerCase() === language || code.toLowerCase() === language.split('-')[0];
  }

  #say(message: ExportMessage): void {
    if (!this.#speaksLanguage(message)) return;
    const { languageCode: _languageCode, ...wire } = message;
    const variants = message.text?.text;
    if (variants && variants.length > 0) {
      const scope = this.#scope();
      const all = variants.map((variant) => interpolate(variant, scope));
      const text = all[Math.floor(this.#deps.random() * all.length)] ?? all[0] ?? '';
      this.#log.texts.push({ text, variants: all });
      this.#log.messages.push({ ...wire, text: { ...message.text, text: [text] } });
      return;
    }
    this.#log.messages.push(wire);
  }

  async #callWebhook(name: string, tag: string): Promise<FulfillmentOutcome> {
    const webhook = this.#deps.agent.webhooks.get(name);
    if (!webhook) throw simulationError(`webhook "${name}"`, 'the agent has no webhook of that name');
    if (webhook.disabled) return {};
    this.#calls += 1;
    const request = this.#webhookRequest(tag);
    const { call, response } = await callWebhook({
      webhook,
      tag,
      request,
      stubs: this.#deps.options.stubs ?? {},
      target: this.#deps.options.webhook,
    });
    this.#log.webhookCalls.push(call);
    if (!response) {
      const handled = call.event !== undefined && (await this.#raiseWebhookError(call.event));
      return handled ? { redirected: true } : {};
    }
    const applied = this.#apply(response);
    if (!applied.invalid) return applied;
    // A parameter marked INVALID is asked for again: its `sys.invalid-parameter` handler, else its prompt.
    if (!(await this.#raise('sys.invalid-parameter'))) await this.#promptPending();
    return { redirected: true };
  }

  /** A webhook failure: the specific event (e.g. `webhook.error.not-found`) falls back to `webhook.error`. */
  async #raiseWebhookError(event: string): Promise<boolean> {
    const frame = this.#frame;
    const before = { page: frame.page, depth: this.#stack.length };
    const handled = await this.#raise(event);
    // The handler redirected the conversation only when it moved it; otherwise the route goes on.
    return handled && (this.#ended || this.#stack.length !== before.depth || this.#frame.page !== before.page);
  }

  /** Applies a (contract-checked) WebhookResponse: messages by merge behaviour, parameters, form states, a transition. */
  #apply(response: WebhookResponse): FulfillmentOutcome & { invalid?: boolean } {
    const { fulfillmentResponse, sessionInfo, pageInfo } = response;
    if (fulfillmentResponse?.mergeBehavior === 'REPLACE') this.#log.replaceMessages();
    for (const message of fulfillmentResponse?.messages ?? []) this.#say(message as ExportMessage);
    for (const [name, value] of Object.entries(sessionInfo?.parameters ?? {})) this.#writeSession(name, value);
    let invalid = false;
    for (const info of pageInfo?.formInfo?.parameterInfo ?? []) {
      if (info.state !== 'INVALID' || info.displayName === undefined) continue;
      this.#form.set(info.displayName, { state: 'INVALID', justCollected: false });
      delete this.#params[info.displayName];
      this.#pending = info.displayName;
      invalid = true;
    }
    const target = this.#targetOf(response);
    if (target) return { target };
    return invalid ? { invalid } : {};
  }

  /** `targetPage`/`targetFlow` of a response (full names or bare ids) as a simulator target. */
  #targetOf({ targetPage, targetFlow }: WebhookResponse): Target | undefined {
    const { agent } = this.#deps;
    if (targetPage !== undefined) {
      const segments = targetPage.split('/');
      const pageId = segments.at(-1) ?? '';
      if ((SYMBOLIC_PAGES as readonly string[]).includes(pageId)) return { kind: 'special', special: pageId as SymbolicPage };
      const flowId = segments.at(-4) === 'flows' ? segments.at(-3) : undefined;
      const flow = flowId === undefined ? this.#frame.flow : flowById(agent, flowId);
      if (!flow) throw simulationError(`targetPage "${targetPage}"`, 'no flow of the agent has that id');
      const page = [...flow.pages.values()].find((candidate) => candidate.id === pageId);
      if (!page) {
        const byName = flow.pages.get(pageId);
        const hint = byName ? `; "${pageId}" is a display name, and CX needs the page id (${byName.id})` : '';
        throw simulationError(`targetPage "${targetPage}"`, `flow "${flow.displayName}" has no page with that id${hint}`);
      }
      return { kind: 'page', flow: flow.displayName, page: page.displayName };
    }
    if (targetFlow !== undefined) {
      const flow = flowById(agent, targetFlow.split('/').at(-1) ?? '');
      if (!flow) throw simulationError(`targetFlow "${targetFlow}"`, 'the agent has no flow with that id');
      return { kind: 'flow', flow: flow.displayName };
    }
    return undefined;
  }

  #webhookRequest(tag: string): Record<string, unknown> {
    const { names, languageCode } = this.#deps;
    const { flow, page } = this.#frame;
    const request: Record<string, unknown> = {
      detectIntentResponseId: `${this.id}-${this.#turn}-${this.#calls}`,
      fulfillmentInfo: { tag },
      pageInfo: {
        currentPage: names.page(flow, page),
        displayName: page.displayName,
        formInfo: {
          parameterInfo: page.form.map((parameter) => {
            const slot = this.#form.get(parameter.displayName);
            const info: Record<string, unknown> = {
              displayName: parameter.displayName,
              required: parameter.required,
              state: slot?.state ?? 'EMPTY',
            };
            if (slot?.value !== undefined) info.value = slot.value;
            if (slot?.justCollected) info.justCollected = true;
            return info;
          }),
        },
      },
      sessionInfo: { session: names.session(this.id), parameters: { ...this.#params } },
      messages: this.#log.messages.filter((message) => !('endInteraction' in message)),
      languageCode,
    };
    if (this.#lastIntent) {
      const parameters: Record<string, unknown> = {};
      for (const [id, value] of Object.entries(this.#lastIntent.parameters)) parameters[id] = { originalValue: value.original, resolvedValue: value.resolved };
      request.intentInfo = {
        lastMatchedIntent: names.intent(this.#lastIntent.intent),
        displayName: this.#lastIntent.intent.displayName,
        parameters,
        confidence: this.#lastIntent.confidence,
      };
    }
    if (this.#log.userText !== undefined) request.text = this.#log.userText;
    if (this.#log.triggerEvent !== undefined) request.triggerEvent = this.#log.triggerEvent;
    return request;
  }

  // ---- parameters and scope ------------------------------------------------------------------

  #setSessionParam(name: string, value: unknown): void {
    if (value === null) delete this.#params[name];
    else this.#params[name] = value;
  }

  /** A `setParameterActions` write: plain or `$session.params.x`, `$flow.x`, `$page.params.x`, or a NESTED_FIELD inside one. */
  #setScoped(parameter: string, value: unknown): void {
    let target: ParameterTarget;
    try {
      target = parameterTarget(parameter);
    } catch (error) {
      throw simulationError(`parameter preset "${parameter}" on page "${this.#frame.page.displayName}"`, error instanceof Error ? error.message : String(error));
    }
    const [name, ...fields] = target.path.map(String) as [string, ...string[]];
    if (target.scope === 'flow') {
      const flowParams = this.#frame.flowParams;
      const written = fields.length === 0 ? value : withField(flowParams[name], fields, value);
      if (written === null) delete flowParams[name];
      else flowParams[name] = written;
      return;
    }
    this.#writeSession(name, fields.length === 0 ? value : withField(this.#params[name], fields, value));
  }

  /** A session parameter written by a preset or a webhook: a form parameter of the same name follows it. */
  #writeSession(name: string, value: unknown): void {
    this.#setSessionParam(name, value);
    const slot = this.#form.get(name);
    if (slot) Object.assign(slot, value === null ? { state: 'EMPTY', value: undefined } : { state: 'FILLED', value });
  }

  /** A page's form starts from the session: a session parameter of the same name fills it. */
  #loadForm(page: Page): void {
    this.#form = new Map();
    this.#pending = undefined;
    for (const parameter of page.form) {
      const value = this.#params[parameter.displayName];
      this.#form.set(parameter.displayName, value === undefined ? { state: 'EMPTY', justCollected: false } : { state: 'FILLED', value, justCollected: false });
    }
  }

  #applyDefaults(): void {
    for (const parameter of this.#frame.page.form) {
      const slot = this.#form.get(parameter.displayName);
      if (parameter.required || parameter.defaultValue === undefined || slot?.state === 'FILLED') continue;
      const value = evaluateValue(parameter.defaultValue, this.#scope());
      this.#form.set(parameter.displayName, { state: 'FILLED', value, justCollected: false });
      this.#setSessionParam(parameter.displayName, value);
    }
  }

  #scope(): Scope {
    const { page } = this.#frame;
    const pageParams: Record<string, unknown> = {};
    const updated = new Set<string>();
    let complete = true;
    for (const parameter of page.form) {
      const slot = this.#form.get(parameter.displayName);
      if (slot?.state === 'FILLED') pageParams[parameter.displayName] = slot.value;
      else if (parameter.required) complete = false;
      if (slot?.justCollected) updated.add(parameter.displayName);
    }
    const scope: Scope = {
      session: this.#params,
      flow: this.#frame.flowParams,
      page: { params: pageParams, updated, ...(complete ? { status: 'FINAL' as const } : {}) },
      request: { generative: this.#log.generative },
      now: this.#deps.now,
      random: this.#deps.random,
    };
    if (this.#deps.agent.timeZone !== undefined) scope.timeZone = this.#deps.agent.timeZone;
    if (this.#lastIntent) scope.intent = { displayName: this.#lastIntent.intent.displayName, params: this.#lastIntent.parameters };
    return scope;
  }

  #holds(condition: string | undefined): boolean {
    if (condition === undefined || condition.trim() === '') return true;
    try {
      return evaluateCondition(condition, this.#scope());
    } catch (error) {
      throw simulationError(`condition "${condition}" on page "${this.#frame.page.displayName}"`, error instanceof Error ? error.message : String(error));
    }
  }

  // ---- lookups and result --------------------------------------------------------------------

  get #frame(): Frame {
    return this.#stack[this.#stack.length - 1] as Frame;
  }

  #flow(name: string): Flow {
    const flow = this.#deps.agent.flows.get(name);
    if (!flow) throw simulationError(`flow "${name}"`, 'the agent has no flow of that name');
    return flow;
  }

  #page(flow: Flow, name: string): Page {
    const page = findPage(this.#deps.agent, flow, name);
    if (!page) throw simulationError(`page "${name}"`, `flow "${flow.displayName}" has no page of that name`);
    return page;
  }

  #pageName(): string {
    if (this.#endPage !== undefined) return END_PAGE_NAMES[this.#endPage];
    return this.#frame.page.displayName;
  }

  #result(): TurnResult {
    const log = this.#log;
    return {
      match: log.match,
      texts: log.texts,
      messages: log.messages,
      flow: this.#frame.flow.displayName,
      page: this.#pageName(),
      sessionParameters: structuredClone(this.#params),
      webhookCalls: log.webhookCalls,
      events: log.events,
      ended: this.#ended,
    };
  }
}

/** A session id that is unique but readable in logs and requests. */
export function newSessionId(): string {
  return `sim-${randomUUID().slice(0, 8)}`;
}

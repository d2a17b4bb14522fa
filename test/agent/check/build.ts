// Hand-built agents for the check rules' tests: a few calls build a flow with pages, routes,
// handlers, webhooks and intents, with sources filled in as the loader would (file and JSON path).
import type { AppDescription } from '../../../src/agent/check/index.ts';
import type { Agent, EventHandler, FormParameter, Flow, Fulfillment, Intent, Page, RouteGroup, SourceRef, Target, TransitionRoute, Webhook } from '../../../src/agent/model.ts';
import { emptyAgent } from '../empty-agent.ts';

const nowhere = (): SourceRef => ({ file: '', path: '$' });

export function fulfillment(init: Partial<Fulfillment> = {}): Fulfillment {
  return { messages: [], setParameterActions: [], conditionalCases: [], returnPartialResponses: false, source: nowhere(), ...init };
}

/** A fulfillment calling `webhook` with `tag`. */
export const call = (webhook: string, tag: string, init: Partial<Fulfillment> = {}) => fulfillment({ webhook, tag, ...init });

/** A fulfillment saying `text`. */
export const say = (text: string) => fulfillment({ messages: [{ text: { text: [text] } }] });

export function route(init: Partial<TransitionRoute> = {}): TransitionRoute {
  return { source: nowhere(), ...init };
}

export function handler(event: string, init: Partial<EventHandler> = {}): EventHandler {
  return { event, source: nowhere(), ...init };
}

export function formParameter(displayName: string, init: Partial<FormParameter> = {}): FormParameter {
  return { displayName, required: true, entityType: '@sys.any', isList: false, redact: false, repromptEventHandlers: [], source: nowhere(), ...init };
}

export const toPage = (flow: string, page: string): Target => ({ kind: 'page', flow, page });
export const toFlow = (flow: string): Target => ({ kind: 'flow', flow });

type PageInit = Partial<Omit<Page, 'displayName' | 'flow' | 'source'>>;

/** A page, completed (flow, sources) by `flow()`. */
export function page(displayName: string, init: PageInit = {}): Page {
  return { id: displayName, displayName, flow: '', form: [], transitionRoutes: [], eventHandlers: [], transitionRouteGroups: [], source: nowhere(), ...init };
}

export function routeGroup(displayName: string, transitionRoutes: TransitionRoute[], scope: 'flow' | 'agent' = 'flow'): RouteGroup {
  return { id: displayName, displayName, scope, transitionRoutes, source: nowhere() };
}

function placeRoutes(routes: TransitionRoute[], file: string, at = '$'): void {
  routes.forEach((item, index) => {
    item.source = { file, path: `${at}.transitionRoutes[${index}]` };
    if (item.triggerFulfillment) item.triggerFulfillment.source = { file, path: `${item.source.path}.triggerFulfillment` };
  });
}

function placeHandlers(handlers: EventHandler[], file: string, at: string): void {
  handlers.forEach((item, index) => {
    item.source = { file, path: `${at}[${index}]` };
    if (item.triggerFulfillment) item.triggerFulfillment.source = { file, path: `${item.source.path}.triggerFulfillment` };
  });
}

function placePage(item: Page, flow: string): Page {
  const file = `flows/${flow}/pages/${item.displayName}.json`;
  item.flow = flow;
  item.source = { file, path: '$' };
  if (item.entryFulfillment) item.entryFulfillment.source = { file, path: '$.entryFulfillment' };
  item.form.forEach((parameter, index) => {
    const at = `$.form.parameters[${index}]`;
    parameter.source = { file, path: at };
    if (parameter.initialPrompt) parameter.initialPrompt.source = { file, path: `${at}.fillBehavior.initialPromptFulfillment` };
    placeHandlers(parameter.repromptEventHandlers, file, `${at}.fillBehavior.repromptEventHandlers`);
  });
  placeRoutes(item.transitionRoutes, file);
  placeHandlers(item.eventHandlers, file, '$.eventHandlers');
  return item;
}

interface FlowInit {
  pages?: Page[];
  transitionRoutes?: TransitionRoute[];
  eventHandlers?: EventHandler[];
  transitionRouteGroups?: string[];
  routeGroups?: RouteGroup[];
}

export function flow(displayName: string, init: FlowInit = {}): Flow {
  const file = `flows/${displayName}/${displayName}.json`;
  const transitionRoutes = init.transitionRoutes ?? [];
  const eventHandlers = init.eventHandlers ?? [];
  placeRoutes(transitionRoutes, file);
  placeHandlers(eventHandlers, file, '$.eventHandlers');
  for (const group of init.routeGroups ?? []) {
    const groupFile = `flows/${displayName}/transitionRouteGroups/${group.displayName}.json`;
    group.source = { file: groupFile, path: '$' };
    placeRoutes(group.transitionRoutes, groupFile);
  }
  const startPage: Page = {
    id: 'START_PAGE',
    displayName: 'Start Page',
    flow: displayName,
    form: [],
    transitionRoutes,
    eventHandlers,
    transitionRouteGroups: init.transitionRouteGroups ?? [],
    source: { file, path: '$' },
  };
  return {
    id: displayName,
    displayName,
    transitionRoutes,
    eventHandlers,
    transitionRouteGroups: init.transitionRouteGroups ?? [],
    startPage,
    pages: new Map((init.pages ?? []).map((item) => [item.displayName, placePage(item, displayName)])),
    routeGroups: new Map((init.routeGroups ?? []).map((group) => [group.displayName, group])),
    classificationThreshold: 0.3,
    source: { file, path: '$' },
  };
}

export function webhook(displayName: string, init: Partial<Webhook> = {}): Webhook {
  return {
    id: displayName,
    displayName,
    kind: 'STANDARD',
    uri: 'https://example.test/webhook',
    timeoutMs: 5000,
    disabled: false,
    parameterMapping: {},
    hasCredentials: false,
    source: { file: `webhooks/${displayName}.json`, path: '$' },
    ...init,
  };
}

export function intent(displayName: string, parameters: string[] = []): Intent {
  return {
    id: displayName,
    displayName,
    priority: 500000,
    isFallback: false,
    labels: {},
    parameters: parameters.map((id) => ({ id, entityType: '@sys.any', isList: false, redact: false })),
    trainingPhrases: [],
    source: { file: `intents/${displayName}/${displayName}.json`, path: '$' },
  };
}

interface AgentInit {
  flows?: Flow[];
  webhooks?: Webhook[];
  intents?: Intent[];
  routeGroups?: RouteGroup[];
  playbooks?: string[];
  problems?: Agent['problems'];
}

export function agent(init: AgentInit = {}): Agent {
  for (const group of init.routeGroups ?? []) {
    const file = `agentTransitionRouteGroups/${group.displayName}.json`;
    group.source = { file, path: '$' };
    placeRoutes(group.transitionRoutes, file);
  }
  const flows = init.flows ?? [flow('Default Start Flow')];
  return emptyAgent({
    startFlow: flows[0]?.displayName,
    flows: new Map(flows.map((item) => [item.displayName, item])),
    intents: new Map((init.intents ?? []).map((item) => [item.displayName, item])),
    webhooks: new Map((init.webhooks ?? []).map((item) => [item.displayName, item])),
    routeGroups: new Map((init.routeGroups ?? []).map((group) => [group.displayName, group])),
    playbooks: init.playbooks ?? [],
    problems: init.problems ?? [],
    origin: 'test-agent',
  });
}

interface AppInit {
  tags?: string[];
  intents?: string[];
  pages?: string[];
  hasFallback?: boolean;
  declared?: AppDescription['routes']['declared'];
  deadlineMs?: number;
  source?: string;
}

/** An app description as `describeApp` would give it. */
export function app(init: AppInit = {}): AppDescription {
  return {
    routes: { tags: init.tags ?? [], intents: init.intents ?? [], pages: init.pages ?? [], hasFallback: init.hasFallback ?? false, declared: init.declared ?? [] },
    deadlineMs: init.deadlineMs ?? 4500,
    ...(init.source ? { source: init.source } : {}),
  };
}

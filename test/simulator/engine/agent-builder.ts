// Builds small Agent models by hand, so each engine test states exactly the flows, pages and
// routes it exercises (the loader's own tests cover turning exports into these models).
import type {
  Agent,
  EventHandler,
  Flow,
  FormParameter,
  Fulfillment,
  Intent,
  Page,
  RouteGroup,
  Target,
  TransitionRoute,
  Webhook,
} from '../../../src/agent/model.ts';
import { SPECIAL_TARGETS } from '../../../src/agent/model.ts';
import { emptyAgent } from '../../agent/empty-agent.ts';

const source = { file: 'test', path: '$' };

/** `'Page'`, `'END_SESSION'`-style specials, or `{ flow: 'Other' }`. */
export type TargetSpec = string | { flow: string };

function target(spec: TargetSpec | undefined, flow: string): Target | undefined {
  if (spec === undefined) return undefined;
  if (typeof spec === 'object') return { kind: 'flow', flow: spec.flow };
  if ((SPECIAL_TARGETS as readonly string[]).includes(spec)) return { kind: 'special', special: spec as never };
  return { kind: 'page', flow, page: spec };
}

export interface FulfillmentSpec {
  say?: string | string[];
  set?: Record<string, unknown>;
  webhook?: string;
  tag?: string;
  cases?: Fulfillment['conditionalCases'];
}

export function fulfillment(spec: FulfillmentSpec = {}): Fulfillment {
  const says = spec.say === undefined ? [] : Array.isArray(spec.say) ? spec.say : [spec.say];
  return {
    messages: says.map((text) => ({ text: { text: [text] }, languageCode: 'en' })),
    setParameterActions: Object.entries(spec.set ?? {}).map(([parameter, value]) => ({ parameter, value })),
    conditionalCases: spec.cases ?? [],
    webhook: spec.webhook,
    tag: spec.tag ?? (spec.webhook ? 'tag' : undefined),
    returnPartialResponses: false,
    source,
  };
}

export interface RouteSpec extends FulfillmentSpec {
  intent?: string;
  condition?: string;
  to?: TargetSpec;
}

export function route(spec: RouteSpec, flow: string): TransitionRoute {
  return {
    intent: spec.intent,
    condition: spec.condition,
    triggerFulfillment: fulfillment(spec),
    target: target(spec.to, flow),
    source,
  };
}

export interface HandlerSpec extends FulfillmentSpec {
  event: string;
  to?: TargetSpec;
}

export function handler(spec: HandlerSpec, flow: string): EventHandler {
  return { event: spec.event, triggerFulfillment: fulfillment(spec), target: target(spec.to, flow), source };
}

export interface ParamSpec {
  name: string;
  entityType?: string;
  required?: boolean;
  prompt?: string;
  defaultValue?: unknown;
  reprompts?: HandlerSpec[];
  isList?: boolean;
}

export interface PageSpec {
  entry?: FulfillmentSpec;
  form?: ParamSpec[];
  routes?: RouteSpec[];
  handlers?: HandlerSpec[];
  groups?: string[];
}

export interface FlowSpec {
  routes?: RouteSpec[];
  handlers?: HandlerSpec[];
  groups?: string[];
  pages?: Record<string, PageSpec>;
  routeGroups?: Record<string, RouteSpec[]>;
  threshold?: number;
}

let ids = 0;
const nextId = (): string => `id-${++ids}`;

function page(name: string, flow: string, spec: PageSpec): Page {
  const form: FormParameter[] = (spec.form ?? []).map((param) => ({
    displayName: param.name,
    required: param.required ?? true,
    entityType: param.entityType ?? '@sys.any',
    isList: param.isList ?? false,
    redact: false,
    defaultValue: param.defaultValue,
    initialPrompt: param.prompt === undefined ? undefined : fulfillment({ say: param.prompt }),
    repromptEventHandlers: (param.reprompts ?? []).map((reprompt) => handler(reprompt, flow)),
    source,
  }));
  return {
    id: nextId(),
    displayName: name,
    flow,
    entryFulfillment: spec.entry ? fulfillment(spec.entry) : undefined,
    form,
    transitionRoutes: (spec.routes ?? []).map((r) => route(r, flow)),
    eventHandlers: (spec.handlers ?? []).map((h) => handler(h, flow)),
    transitionRouteGroups: spec.groups ?? [],
    source,
  };
}

function group(name: string, routes: RouteSpec[], flow: string, scope: RouteGroup['scope']): RouteGroup {
  return { id: nextId(), displayName: name, scope, transitionRoutes: routes.map((r) => route(r, flow)), source };
}

export function flow(name: string, spec: FlowSpec): Flow {
  const transitionRoutes = (spec.routes ?? []).map((r) => route(r, name));
  const eventHandlers = (spec.handlers ?? []).map((h) => handler(h, name));
  const startPage: Page = {
    id: 'START_PAGE',
    displayName: 'Start Page',
    flow: name,
    form: [],
    transitionRoutes,
    eventHandlers,
    transitionRouteGroups: spec.groups ?? [],
    source,
  };
  return {
    id: nextId(),
    displayName: name,
    transitionRoutes,
    eventHandlers,
    transitionRouteGroups: spec.groups ?? [],
    startPage,
    pages: new Map(Object.entries(spec.pages ?? {}).map(([pageName, pageSpec]) => [pageName, page(pageName, name, pageSpec)])),
    routeGroups: new Map(Object.entries(spec.routeGroups ?? {}).map(([groupName, routes]) => [groupName, group(groupName, routes, name, 'flow')])),
    classificationThreshold: spec.threshold ?? 0.3,
    source,
  };
}

export function intent(name: string, phrases: string[] = [], parameters: Intent['parameters'] = []): Intent {
  return {
    id: nextId(),
    displayName: name,
    priority: 500000,
    isFallback: false,
    labels: {},
    parameters,
    trainingPhrases: phrases.map((text) => ({ parts: [{ text }], repeatCount: 1, languageCode: 'en' })),
    source,
  };
}

export function webhook(name: string, options: Partial<Webhook> = {}): Webhook {
  return {
    id: nextId(),
    displayName: name,
    kind: 'STANDARD',
    timeoutMs: 5000,
    disabled: false,
    parameterMapping: {},
    hasCredentials: false,
    source,
    ...options,
  };
}

export interface AgentSpec {
  flows: Flow[];
  intents?: Intent[];
  webhooks?: Webhook[];
  startFlow?: string;
  routeGroups?: Record<string, RouteSpec[]>;
}

export function agent(spec: AgentSpec): Agent {
  return emptyAgent({
    displayName: 'test agent',
    timeZone: 'UTC',
    startFlow: spec.startFlow ?? spec.flows[0]?.displayName,
    flows: new Map(spec.flows.map((f) => [f.displayName, f])),
    intents: new Map((spec.intents ?? []).map((i) => [i.displayName, i])),
    webhooks: new Map((spec.webhooks ?? []).map((w) => [w.displayName, w])),
    routeGroups: new Map(Object.entries(spec.routeGroups ?? {}).map(([name, routes]) => [name, group(name, routes, '', 'agent')])),
  });
}

// Hand-built agents for the generator tests: the smallest model objects that still look like what
// the loader builds, with overrides where a test needs them.
import type { Agent, EventHandler, Flow, FormParameter, Fulfillment, Page, RouteGroup, TransitionRoute } from '../../../src/agent/model.ts';

let counter = 0;
const source = (file = 'flows/test.json') => ({ file, path: `$.n${++counter}` });

export function fulfillment(overrides: Partial<Fulfillment> = {}): Fulfillment {
  return { messages: [], setParameterActions: [], conditionalCases: [], returnPartialResponses: false, source: source(), ...overrides };
}

/** A fulfillment that calls `webhook` with `tag`. */
export function call(tag: string, webhook = 'backend', overrides: Partial<Fulfillment> = {}): Fulfillment {
  return fulfillment({ tag, webhook, ...overrides });
}

export function formParam(displayName: string, entityType: string, overrides: Partial<FormParameter> = {}): FormParameter {
  return { displayName, entityType, required: true, isList: false, redact: false, repromptEventHandlers: [], source: source(), ...overrides };
}

export function route(overrides: Partial<TransitionRoute> = {}): TransitionRoute {
  return { source: source(), ...overrides };
}

export function handler(event: string, overrides: Partial<EventHandler> = {}): EventHandler {
  return { event, source: source(), ...overrides };
}

export function page(flow: string, displayName: string, overrides: Partial<Page> = {}): Page {
  return { id: `id-${displayName}`, displayName, flow, form: [], transitionRoutes: [], eventHandlers: [], transitionRouteGroups: [], source: source(), ...overrides };
}

export function routeGroup(displayName: string, scope: RouteGroup['scope'], transitionRoutes: TransitionRoute[]): RouteGroup {
  return { id: `id-${displayName}`, displayName, scope, transitionRoutes, source: source() };
}

export function flow(displayName: string, overrides: Partial<Omit<Flow, 'pages' | 'routeGroups'>> & { pages?: Page[]; routeGroups?: RouteGroup[] } = {}): Flow {
  const { pages = [], routeGroups = [], ...rest } = overrides;
  const transitionRoutes = rest.transitionRoutes ?? [];
  const eventHandlers = rest.eventHandlers ?? [];
  return {
    id: `id-${displayName}`,
    displayName,
    transitionRoutes,
    eventHandlers,
    transitionRouteGroups: [],
    // As the loader does: the start page is built from the flow's own routes and handlers.
    startPage: page(displayName, 'Start Page', { id: 'START_PAGE', transitionRoutes, eventHandlers }),
    pages: new Map(pages.map((item) => [item.displayName, item])),
    routeGroups: new Map(routeGroups.map((group) => [group.displayName, group])),
    classificationThreshold: 0.3,
    source: source(),
    ...rest,
  };
}

export function agent(overrides: Partial<Omit<Agent, 'flows' | 'routeGroups'>> & { flows?: Flow[]; routeGroups?: RouteGroup[] } = {}): Agent {
  const { flows = [], routeGroups = [], ...rest } = overrides;
  return {
    defaultLanguageCode: 'en',
    supportedLanguageCodes: ['en'],
    startFlow: 'Default Start Flow',
    flows: new Map(flows.map((item) => [item.displayName, item])),
    intents: new Map(),
    entityTypes: new Map(),
    webhooks: new Map(),
    routeGroups: new Map(routeGroups.map((group) => [group.displayName, group])),
    testCases: [],
    generators: new Map(),
    playbooks: [],
    unsimulated: [],
    problems: [],
    origin: 'exports/test-agent',
    ...rest,
  };
}

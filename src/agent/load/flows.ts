// Builds flows (spec cx-agent-export §5.2–5.4): each with its pages and forms, its flow-level route
// groups, and the synthetic start page made of the flow's own routes and handlers.
import type { FormParameter, Flow, Page, RouteGroup } from '../model.ts';
import { addUnique, type LoadContext, resolveName } from './context.ts';
import { fulfillmentOf } from './fulfillment.ts';
import { jsonPath } from './json-path.ts';
import type { Parsed, ParsedFlow } from './read-resources.ts';
import { eventHandlersOf, routesOf } from './routes.ts';
import type { FormParameterShape, PageShape, RouteGroupShape } from './shapes.ts';

/** The CX default when a flow's `classificationThreshold` is 0 or unset. */
export const DEFAULT_CLASSIFICATION_THRESHOLD = 0.3;
/** Display name and id of every flow's start page. */
export const START_PAGE_NAME = 'Start Page';
export const START_PAGE_ID = 'START_PAGE';

/** Exports print float32 values (`0.30000001`); seven significant digits is all a float32 holds. */
function thresholdOf(value: number | undefined): number {
  return value ? Number(value.toPrecision(7)) : DEFAULT_CLASSIFICATION_THRESHOLD;
}

function formParameterOf(raw: FormParameterShape, file: string, path: string, flow: string, context: LoadContext): FormParameter {
  const parameter: FormParameter = {
    displayName: raw.displayName,
    required: raw.required ?? false,
    entityType: raw.entityType,
    isList: raw.isList ?? false,
    redact: raw.redact ?? false,
    repromptEventHandlers: eventHandlersOf(raw.fillBehavior?.repromptEventHandlers, file, jsonPath(path, 'fillBehavior', 'repromptEventHandlers'), flow, context),
    source: { file, path },
  };
  if (raw.defaultValue !== undefined) parameter.defaultValue = raw.defaultValue;
  const prompt = raw.fillBehavior?.initialPromptFulfillment;
  if (prompt) parameter.initialPrompt = fulfillmentOf(prompt, { file, path: jsonPath(path, 'fillBehavior', 'initialPromptFulfillment') }, context);
  return parameter;
}

function groupNames(names: readonly string[] | undefined, context: LoadContext): string[] {
  return (names ?? []).map((name) => resolveName(name, context.ids.routeGroups));
}

function pageOf(parsed: Parsed<PageShape>, flow: string, context: LoadContext): Page {
  const { data, file } = parsed;
  const page: Page = {
    id: parsed.id,
    displayName: parsed.displayName,
    flow,
    form: (data.form?.parameters ?? []).map((raw, index) => formParameterOf(raw, file, jsonPath('$.form.parameters', index), flow, context)),
    transitionRoutes: routesOf(data.transitionRoutes, file, '$.transitionRoutes', flow, context),
    eventHandlers: eventHandlersOf(data.eventHandlers, file, '$.eventHandlers', flow, context),
    transitionRouteGroups: groupNames(data.transitionRouteGroups, context),
    source: { file, path: '$' },
  };
  if (data.entryFulfillment) page.entryFulfillment = fulfillmentOf(data.entryFulfillment, { file, path: '$.entryFulfillment' }, context);
  return page;
}

/**
 * A route group; `flow` is the owning flow's display name, or empty for an agent-level group (whose
 * page targets resolve in the flow that uses it).
 * @example routeGroupOf(parsed, 'agent', '', context).scope // 'agent'
 */
export function routeGroupOf(parsed: Parsed<RouteGroupShape>, scope: RouteGroup['scope'], flow: string, context: LoadContext): RouteGroup {
  return {
    id: parsed.id,
    displayName: parsed.displayName,
    scope,
    transitionRoutes: routesOf(parsed.data.transitionRoutes, parsed.file, '$.transitionRoutes', flow, context),
    source: { file: parsed.file, path: '$' },
  };
}

/**
 * The model of a parsed flow with its pages and route groups.
 * @example flowOf(parsed, context).startPage.displayName // 'Start Page'
 */
export function flowOf(parsed: ParsedFlow, context: LoadContext): Flow {
  const { data, file } = parsed;
  const name = parsed.displayName;
  const source = { file, path: '$' };
  const transitionRoutes = routesOf(data.transitionRoutes, file, '$.transitionRoutes', name, context);
  const eventHandlers = eventHandlersOf(data.eventHandlers, file, '$.eventHandlers', name, context);
  const transitionRouteGroups = groupNames(data.transitionRouteGroups, context);
  const pages = new Map<string, Page>();
  for (const page of parsed.pages) addUnique(context, pages, page.displayName, pageOf(page, name, context), `Page of flow "${name}"`);
  const routeGroups = new Map<string, RouteGroup>();
  for (const group of parsed.routeGroups) addUnique(context, routeGroups, group.displayName, routeGroupOf(group, 'flow', name, context), `Route group of flow "${name}"`);
  return {
    id: parsed.id,
    displayName: name,
    transitionRoutes,
    eventHandlers,
    transitionRouteGroups,
    // The flow file's routes and handlers are the start page's (spec §5.2): the same objects, so a
    // problem or a source reference points at the flow file either way.
    startPage: { id: START_PAGE_ID, displayName: START_PAGE_NAME, flow: name, form: [], transitionRoutes, eventHandlers, transitionRouteGroups, source },
    pages,
    routeGroups,
    classificationThreshold: thresholdOf(data.nluSettings?.classificationThreshold),
    source,
  };
}

// Which transition routes and event handlers apply on a page, in the order CX evaluates them
// (protocol spec §9–10): narrower scope first, a specific event before its generic form.
import type { Agent, EventHandler, Flow, Page, RouteGroup, TransitionRoute } from '../../agent/model.ts';
import { routeGroupsOf } from '../../agent/load/index.ts';

function isStartPage(flow: Flow, page: Page): boolean {
  return page === flow.startPage;
}

function routesOf(groups: readonly RouteGroup[]): TransitionRoute[] {
  return groups.flatMap((group) => group.transitionRoutes);
}

/**
 * Intent routes in scope on `page`: the page's routes, its groups', then the flow's and the flow's
 * groups' (a flow's intent routes apply on every page of the flow).
 */
export function intentRoutes(agent: Agent, flow: Flow, page: Page): TransitionRoute[] {
  const pageRoutes = isStartPage(flow, page) ? [] : [...page.transitionRoutes, ...routesOf(routeGroupsOf(agent, flow, page.transitionRouteGroups))];
  const flowRoutes = [...flow.transitionRoutes, ...routesOf(routeGroupsOf(agent, flow, flow.transitionRouteGroups))];
  return [...pageRoutes, ...flowRoutes].filter((route) => route.intent !== undefined);
}

/**
 * Condition-only routes evaluated on `page`. On a flow's start page they are the flow's own; the
 * flow's condition routes do not apply on its other pages.
 */
export function conditionRoutes(agent: Agent, flow: Flow, page: Page): TransitionRoute[] {
  const owner = isStartPage(flow, page) ? flow : page;
  return [...owner.transitionRoutes, ...routesOf(routeGroupsOf(agent, flow, owner.transitionRouteGroups))].filter(
    (route) => route.intent === undefined && route.condition !== undefined,
  );
}

/** The generic event that catches `event` when no handler names it exactly. */
export function genericEvent(event: string): string | undefined {
  const numbered = /^sys\.(no-match|no-input)-\d+$/.exec(event);
  if (numbered) return `sys.${numbered[1]}-default`;
  if (event.startsWith('webhook.error.')) return 'webhook.error';
  if (event.startsWith('flow.failed.')) return 'flow.failed';
  return undefined;
}

/** The first handler for `event` in one scope: an exact match first, then the generic event. */
export function findHandler(handlers: readonly EventHandler[], event: string): EventHandler | undefined {
  const exact = handlers.find((handler) => handler.event === event);
  if (exact) return exact;
  const generic = genericEvent(event);
  return generic === undefined ? undefined : handlers.find((handler) => handler.event === generic);
}

// Every place in an agent where something runs: routes, event handlers, entry fulfillments and form
// prompts, each with the flow, page or route group around it. The rules read these instead of
// walking the export each in its own way.
import { routeGroupsOf } from '../load/index.ts';
import type { Agent, EventHandler, Flow, Fulfillment, Page, RouteGroup, SourceRef, Target, TransitionRoute } from '../model.ts';

export interface Site {
  /** The owning flow; absent for agent-level route groups. */
  flow?: Flow;
  /** The page the site is on; absent for flow-wide routes and handlers and for route groups. */
  page?: Page;
  group?: RouteGroup;
  route?: TransitionRoute;
  handler?: EventHandler;
  fulfillment?: Fulfillment;
  target?: Target;
  /** The route or handler itself, or the fulfillment for entry fulfillments and prompts. */
  source: SourceRef;
}

type Where = Pick<Site, 'flow' | 'page' | 'group'>;

function routeSites(routes: readonly TransitionRoute[], where: Where): Site[] {
  return routes.map((route) => ({ ...where, route, fulfillment: route.triggerFulfillment, target: route.target, source: route.source }));
}

function handlerSites(handlers: readonly EventHandler[], where: Where): Site[] {
  return handlers.map((handler) => ({ ...where, handler, fulfillment: handler.triggerFulfillment, target: handler.target, source: handler.source }));
}

function pageSites(page: Page, flow: Flow): Site[] {
  const where = { flow, page };
  const sites: Site[] = [];
  if (page.entryFulfillment) sites.push({ ...where, fulfillment: page.entryFulfillment, source: page.entryFulfillment.source });
  for (const parameter of page.form) {
    if (parameter.initialPrompt) sites.push({ ...where, fulfillment: parameter.initialPrompt, source: parameter.initialPrompt.source });
    sites.push(...handlerSites(parameter.repromptEventHandlers, where));
  }
  sites.push(...routeSites(page.transitionRoutes, where), ...handlerSites(page.eventHandlers, where));
  return sites;
}

/**
 * Every site of the agent, flow by flow (flow-wide ones, pages, flow route groups), then the
 * agent-level route groups. The start page is its flow's routes and handlers, so it is not walked twice.
 * @example const calls = agentSites(agent).filter((site) => site.fulfillment?.webhook);
 */
export function agentSites(agent: Agent): Site[] {
  const sites: Site[] = [];
  for (const flow of agent.flows.values()) {
    sites.push(...routeSites(flow.transitionRoutes, { flow }), ...handlerSites(flow.eventHandlers, { flow }));
    for (const page of flow.pages.values()) sites.push(...pageSites(page, flow));
    for (const group of flow.routeGroups.values()) sites.push(...routeSites(group.transitionRoutes, { flow, group }));
  }
  for (const group of agent.routeGroups.values()) sites.push(...routeSites(group.transitionRoutes, { group }));
  return sites;
}

/** Display names of every page of every flow, start pages included (`Start Page`). */
export function pageNames(agent: Agent): Set<string> {
  const names = new Set<string>();
  for (const flow of agent.flows.values()) {
    names.add(flow.startPage.displayName);
    for (const page of flow.pages.values()) names.add(page.displayName);
  }
  return names;
}

/** A place that uses a route group: a page, or a whole flow (its start page and, for intents, every page). */
export interface GroupUser {
  flow: Flow;
  page?: Page;
}

/**
 * The pages and flows that list `group` (a flow-level group of the same name hides an agent-level one).
 * @example for (const user of groupUsers(agent, group)) console.log(user.page?.displayName ?? user.flow.displayName);
 */
export function groupUsers(agent: Agent, group: RouteGroup): GroupUser[] {
  const users: GroupUser[] = [];
  for (const flow of agent.flows.values()) {
    if (routeGroupsOf(agent, flow, flow.transitionRouteGroups).includes(group)) users.push({ flow });
    for (const page of flow.pages.values()) {
      if (routeGroupsOf(agent, flow, page.transitionRouteGroups).includes(group)) users.push({ flow, page });
    }
  }
  return users;
}

/** Where a finding about a site points: its file and JSON path, flow and page. */
export function siteLocation(site: Site, source: SourceRef = site.source): { file: string; jsonPath: string; flow?: string; page?: string } {
  return {
    file: source.file,
    jsonPath: source.path,
    ...(site.flow ? { flow: site.flow.displayName } : {}),
    ...(site.page ? { page: site.page.displayName } : {}),
  };
}

/** "page \"Enter Location\" of flow \"Default Start Flow\"", "flow \"X\"", "route group \"G\"": for messages. */
export function describeSite(site: Where): string {
  if (site.group) return `route group "${site.group.displayName}"`;
  if (site.page) return `page "${site.page.displayName}" of flow "${site.flow?.displayName}"`;
  return `flow "${site.flow?.displayName}"`;
}

// Every fulfillment of an agent with the page it runs on. Flow-wide routes and handlers belong to the
// flow's start page; a route group's routes belong to every page that lists the group.
import { routeGroupsOf } from '../load/index.ts';
import type { Agent, EventHandler, Flow, FormParameter, Fulfillment, Page, RouteGroup, TransitionRoute } from '../model.ts';

/** A fulfillment and where it runs. */
export interface PlacedFulfillment {
  fulfillment: Fulfillment;
  /** What holds it, in CX words: `entry fulfillment`, `route when …`, `event handler webhook.error`, … */
  holder: string;
  /** Display name of the flow it runs in; undefined for a route group no page lists. */
  flow: string | undefined;
  /** The page it runs on (a flow's start page for flow-wide routes); undefined for a route group no page lists. */
  page: Page | undefined;
}

interface Held {
  fulfillment: Fulfillment | undefined;
  holder: string;
}

const LONG = 60;

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > LONG ? `${flat.slice(0, LONG - 1)}…` : flat;
}

function routeHolder(route: TransitionRoute): string {
  const parts = ['route'];
  if (route.intent) parts.push(`on intent ${route.intent}`);
  if (route.condition) parts.push(`when ${shorten(route.condition)}`);
  return parts.join(' ');
}

function routes(list: readonly TransitionRoute[], prefix = ''): Held[] {
  return list.map((route) => ({ fulfillment: route.triggerFulfillment, holder: `${prefix}${routeHolder(route)}` }));
}

function handlers(list: readonly EventHandler[], prefix = ''): Held[] {
  return list.map((handler) => ({ fulfillment: handler.triggerFulfillment, holder: `${prefix}event handler ${handler.event}` }));
}

function formFulfillments(form: readonly FormParameter[]): Held[] {
  return form.flatMap((parameter) => [
    { fulfillment: parameter.initialPrompt, holder: `form parameter ${parameter.displayName} prompt` },
    ...handlers(parameter.repromptEventHandlers, `form parameter ${parameter.displayName} reprompt `),
  ]);
}

function groupRoutes(group: RouteGroup): Held[] {
  return routes(group.transitionRoutes, `route group ${group.displayName} `);
}

/** The route groups a page lists; the start page also has the flow's. */
function groupsOnPage(agent: Agent, flow: Flow, page: Page, isStart: boolean): RouteGroup[] {
  const names = isStart ? new Set([...flow.transitionRouteGroups, ...page.transitionRouteGroups]) : page.transitionRouteGroups;
  return routeGroupsOf(agent, flow, [...names]);
}

/** Everything that can run on a page, the start page's flow-wide routes and handlers included. */
function heldOnPage(flow: Flow, page: Page, isStart: boolean, groups: readonly RouteGroup[]): Held[] {
  return [
    { fulfillment: page.entryFulfillment, holder: 'entry fulfillment' },
    ...formFulfillments(page.form),
    ...routes(page.transitionRoutes),
    ...handlers(page.eventHandlers),
    ...(isStart ? [...routes(flow.transitionRoutes), ...handlers(flow.eventHandlers)] : []),
    ...groups.flatMap(groupRoutes),
  ];
}

/**
 * Every fulfillment in the agent with its page, once per (page, fulfillment). A route group no page
 * lists never runs, but its fulfillments are still in the export: they come last, without a page.
 * @example placedFulfillments(agent).filter((placed) => placed.fulfillment.tag)
 */
export function placedFulfillments(agent: Agent): PlacedFulfillment[] {
  const placed = new Map<string, PlacedFulfillment>();
  const usedGroups = new Set<RouteGroup>();
  const add = (held: Held, flow: string | undefined, page: Page | undefined) => {
    const fulfillment = held.fulfillment;
    if (!fulfillment) return;
    // The loader gives the start page the flow's own route and handler objects: one fulfillment, counted once.
    const key = JSON.stringify([flow, page?.displayName, fulfillment.source.file, fulfillment.source.path]);
    if (!placed.has(key)) placed.set(key, { fulfillment, holder: held.holder, flow, page });
  };
  for (const flow of agent.flows.values()) {
    const pages: [Page, boolean][] = [[flow.startPage, true], ...[...flow.pages.values()].map((page): [Page, boolean] => [page, false])];
    for (const [page, isStart] of pages) {
      const groups = groupsOnPage(agent, flow, page, isStart);
      for (const group of groups) usedGroups.add(group);
      for (const held of heldOnPage(flow, page, isStart, groups)) add(held, flow.displayName, page);
    }
  }
  const allGroups = [...agent.routeGroups.values(), ...[...agent.flows.values()].flatMap((flow) => [...flow.routeGroups.values()])];
  for (const group of allGroups) {
    if (usedGroups.has(group)) continue;
    for (const held of groupRoutes(group)) add({ ...held, holder: `${held.holder} (no page lists the group)` }, undefined, undefined);
  }
  return [...placed.values()];
}

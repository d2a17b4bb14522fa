// Builds transition routes and event handlers (spec cx-agent-export §5.3): intent references
// resolved to display names, trigger fulfillments built, targets resolved in the owning flow.
import type { EventHandler, TransitionRoute } from '../model.ts';
import { type LoadContext, resolveName } from './context.ts';
import { fulfillmentOf } from './fulfillment.ts';
import { jsonPath } from './json-path.ts';
import type { EventHandlerShape, RouteShape } from './shapes.ts';
import { targetOf } from './targets.ts';

/**
 * The routes of `raw` (the `transitionRoutes` at `base` in `file`), owned by `flow`.
 * @example routesOf(page.transitionRoutes, 'flows/F/pages/P.json', '$.transitionRoutes', 'F', context)
 */
export function routesOf(raw: readonly RouteShape[] | undefined, file: string, base: string, flow: string, context: LoadContext): TransitionRoute[] {
  return (raw ?? []).map((route, index) => {
    const path = jsonPath(base, index);
    const source = { file, path };
    const model: TransitionRoute = { source };
    if (route.name) model.id = route.name;
    if (route.intent) model.intent = resolveName(route.intent, context.ids.intents);
    if (route.condition !== undefined && route.condition !== '') model.condition = route.condition;
    if (route.triggerFulfillment) model.triggerFulfillment = fulfillmentOf(route.triggerFulfillment, { file, path: jsonPath(path, 'triggerFulfillment') }, context);
    const target = targetOf(route, flow, context, source);
    if (target) model.target = target;
    if (route.description) model.description = route.description;
    return model;
  });
}

/**
 * The event handlers of `raw` (the handler list at `base` in `file`), owned by `flow`.
 * @example eventHandlersOf(flow.eventHandlers, 'flows/F/F.json', '$.eventHandlers', 'F', context)
 */
export function eventHandlersOf(raw: readonly EventHandlerShape[] | undefined, file: string, base: string, flow: string, context: LoadContext): EventHandler[] {
  return (raw ?? []).map((handler, index) => {
    const path = jsonPath(base, index);
    const source = { file, path };
    const model: EventHandler = { event: handler.event, source };
    if (handler.name) model.id = handler.name;
    if (handler.triggerFulfillment) model.triggerFulfillment = fulfillmentOf(handler.triggerFulfillment, { file, path: jsonPath(path, 'triggerFulfillment') }, context);
    const target = targetOf(handler, flow, context, source);
    if (target) model.target = target;
    return model;
  });
}

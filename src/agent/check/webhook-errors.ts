// Rule `missing-webhook-error-handler`: every webhook call should have a `webhook.error` event
// handler around it, on its page or its flow. (A handler that calls a webhook itself is a loader
// problem, reported as `webhook-error-handler-calls-webhook`.)
import type { EventHandler, Flow, Page } from '../model.ts';
import type { CheckContext } from './context.ts';
import type { Finding } from './finding.ts';
import { describeSite, groupUsers, siteLocation, type Site } from './sites.ts';

const CATCH_ALL = 'webhook.error';
const isWebhookErrorEvent = (event: string) => event === CATCH_ALL || event.startsWith(`${CATCH_ALL}.`);

/**
 * Whether `webhook.error` is handled on the page or its flow (page handlers are tried first, then
 * the flow's). A specific `webhook.error.<kind>` handler covers only that kind of failure, so it
 * does not count as coverage; it is named in the message instead.
 */
function coverage(flow: Flow | undefined, page: Page | undefined): { covered: boolean; specific: string[] } {
  const handlers: EventHandler[] = [...(page?.eventHandlers ?? []), ...(flow?.eventHandlers ?? [])];
  return {
    covered: handlers.some((handler) => handler.event === CATCH_ALL),
    specific: [...new Set(handlers.map((handler) => handler.event).filter((event) => event.startsWith(`${CATCH_ALL}.`)))],
  };
}

function callOf(site: Site): string {
  const { webhook, tag } = site.fulfillment ?? {};
  return tag ? `webhook "${webhook}" (tag "${tag}")` : `webhook "${webhook}"`;
}

/** One uncovered place: a page, a flow's own routes and handlers, or a route group as one page or flow uses it. */
interface Gap {
  first: Site;
  calls: number;
  flow?: Flow;
  page?: Page;
  specific: string[];
}

function gapMessage(gap: Gap): string {
  const { first, calls, flow, page } = gap;
  const where = page ? `page "${page.displayName}"` : `flow "${flow?.displayName}"`;
  const who = first.group ? `route group "${first.group.displayName}", used by ${where},` : describeSite(first);
  const more = calls > 1 ? ` and ${calls - 1} more webhook call${calls > 2 ? 's' : ''}` : '';
  const scope = page ? `neither the page nor flow "${flow?.displayName}" handles` : 'the flow does not handle';
  const specific = gap.specific.length > 0 ? ` (only ${gap.specific.join(', ')}, which cover${gap.specific.length > 1 ? '' : 's'} that kind of failure alone)` : '';
  return `${who} calls ${callOf(first)}${more}, but ${scope} ${CATCH_ALL}${specific}`;
}

/**
 * Webhook calls (of any webhook, the app's or not) with no `webhook.error` handler on their page or
 * flow; one finding per page or flow, at its first call. A route group is checked on every page and
 * flow that lists it. Calls made by `webhook.error*` handlers themselves are left to the loader's problem.
 * @example missingWebhookErrorHandlers(ctx) // [{ rule: 'missing-webhook-error-handler', page: 'Enter Location', … }]
 */
export function missingWebhookErrorHandlers(ctx: CheckContext): Finding[] {
  const gaps = new Map<string, Gap>();
  const note = (site: Site, flow: Flow | undefined, page: Page | undefined) => {
    const { covered, specific } = coverage(flow, page);
    if (covered) return;
    const key = `${site.group?.displayName ?? ''}\u0000${flow?.displayName ?? ''}\u0000${page?.displayName ?? ''}`;
    const gap = gaps.get(key);
    if (gap) gap.calls += 1;
    else gaps.set(key, { first: site, calls: 1, flow, page, specific });
  };
  for (const site of callingSites(ctx)) {
    if (site.handler && isWebhookErrorEvent(site.handler.event)) continue;
    if (site.group) for (const user of groupUsers(ctx.agent, site.group)) note(site, user.flow, user.page);
    else note(site, site.flow, site.page);
  }
  return [...gaps.values()].map((gap) => ({
    rule: 'missing-webhook-error-handler',
    severity: 'warning',
    message: gapMessage(gap),
    ...siteLocation(gap.first, gap.first.fulfillment?.source),
    // The page (or flow) is where the handler is missing, also for a route group's call.
    ...(gap.flow ? { flow: gap.flow.displayName } : {}),
    ...(gap.page ? { page: gap.page.displayName } : {}),
  }));
}

/** Sites calling an enabled webhook (unknown webhooks too: the loader reports those, the call is still there). */
function callingSites(ctx: CheckContext): Site[] {
  return ctx.sites.filter((site) => {
    const name = site.fulfillment?.webhook;
    return name !== undefined && ctx.agent.webhooks.get(name)?.disabled !== true;
  });
}

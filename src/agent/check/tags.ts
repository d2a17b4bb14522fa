// Rules `unhandled-tag` and `unused-handler`: the tags the agent sends against the handlers the app
// registered, both ways.
import type { CheckContext } from './context.ts';
import type { Finding } from './finding.ts';
import { describeSite, siteLocation, type Site } from './sites.ts';

/** True when the app routes this call to a handler of its own: by tag, else by the page or the route's intent. */
function isHandled(site: Site, ctx: CheckContext): boolean {
  const routes = ctx.app?.routes;
  const tag = site.fulfillment?.tag;
  if (!routes || tag === undefined) return true;
  if (routes.tags.includes(tag)) return true;
  // Route groups run on many pages; only a tag handler answers all of them.
  if (site.page && !site.group && routes.pages.includes(site.page.displayName)) return true;
  return site.route?.intent !== undefined && routes.intents.includes(site.route.intent);
}

/**
 * Each call of an app webhook whose tag the app does not handle. Calls without a tag are the
 * loader's to report.
 * @example unhandledTags(ctx) // [{ rule: 'unhandled-tag', message: 'tag "geocode" …', … }]
 */
export function unhandledTags(ctx: CheckContext): Finding[] {
  if (!ctx.app) return [];
  const { hasFallback } = ctx.app.routes;
  return ctx.appCalls
    .filter((site) => !isHandled(site, ctx))
    .map((site) => ({
      rule: 'unhandled-tag',
      severity: 'error',
      message:
        `${describeSite(site)} calls webhook "${site.fulfillment?.webhook}" with tag "${site.fulfillment?.tag}", which the app has no handler for ` +
        (hasFallback ? '(its fallback handler would answer)' : '(it would answer with the fallback text)'),
      ...siteLocation(site, site.fulfillment?.source),
    }));
}

/**
 * The app's tag handlers for tags the agent never sends to it, and its intent and page handlers for
 * intents and pages the agent does not have.
 * @example unusedHandlers(ctx) // [{ rule: 'unused-handler', jsonPath: 'tag:weather', … }]
 */
export function unusedHandlers(ctx: CheckContext): Finding[] {
  if (!ctx.app) return [];
  const { routes } = ctx.app;
  const findings: Finding[] = [];
  const unused = (route: string, message: string) => findings.push({ rule: 'unused-handler', severity: 'warning', message, file: ctx.appFile, jsonPath: route });
  const webhooks = [...ctx.appWebhooks].map((name) => `"${name}"`).join(', ');
  const through = webhooks ? `through ${webhooks}` : '(it has no webhook the app serves)';
  for (const tag of routes.tags) {
    if (!ctx.calledTags.has(tag)) unused(`tag:${tag}`, `the app handles tag "${tag}", which the agent never calls ${through}`);
  }
  for (const intent of routes.intents) {
    if (!ctx.agent.intents.has(intent)) unused(`intent:${intent}`, `the app handles intent "${intent}", which the agent does not have`);
  }
  for (const page of routes.pages) {
    if (!ctx.pageNames.has(page)) unused(`page:${page}`, `the app handles page "${page}", which no flow of the agent has`);
  }
  return findings;
}

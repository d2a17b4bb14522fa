// What every rule reads: the agent's sites, the app, and which webhooks and routes of the app the
// agent can reach. Built once per check.
import { invalidOption } from '../../errors/invalid-option.ts';
import type { Agent } from '../model.ts';
import { APP_FILE, type AppDescription, type CheckOptions } from './finding.ts';
import { agentSites, pageNames, type Site } from './sites.ts';

export interface CheckContext {
  agent: Agent;
  app?: AppDescription;
  /** `file` of findings about the app. */
  appFile: string;
  sites: Site[];
  /** Display names of every page of every flow, start pages included. */
  pageNames: Set<string>;
  /** Display names of the webhooks the app serves. */
  appWebhooks: Set<string>;
  /** The sites whose fulfillment calls one of `appWebhooks` (with or without a tag). */
  appCalls: Site[];
  /** The tags sent to the app. */
  calledTags: Set<string>;
  /**
   * The app's routes the agent can reach, named as logged (`tag:weather`, `fallback`): tags it
   * calls, intents and pages it has, and the fallback when anything calls the app at all.
   */
  liveRoutes: Set<string>;
}

/** STANDARD and enabled, or named in `options.webhooks` (each must exist). */
function appWebhooksOf(agent: Agent, options: CheckOptions): Set<string> {
  if (options.webhooks === undefined) {
    return new Set([...agent.webhooks.values()].filter((webhook) => webhook.kind === 'STANDARD' && !webhook.disabled).map((webhook) => webhook.displayName));
  }
  for (const name of options.webhooks) {
    if (!agent.webhooks.has(name)) {
      const known = [...agent.webhooks.keys()].join(', ') || 'none';
      throw invalidOption('webhooks', `the agent has no webhook "${name}" (it has: ${known})`);
    }
  }
  return new Set(options.webhooks);
}

function liveRoutesOf(agent: Agent, app: AppDescription | undefined, pages: Set<string>, calledTags: Set<string>, callsApp: boolean): Set<string> {
  const live = new Set<string>();
  if (!app || !callsApp) return live;
  for (const tag of app.routes.tags) if (calledTags.has(tag)) live.add(`tag:${tag}`);
  for (const intent of app.routes.intents) if (agent.intents.has(intent)) live.add(`intent:${intent}`);
  for (const page of app.routes.pages) if (pages.has(page)) live.add(`page:${page}`);
  if (app.routes.hasFallback) live.add('fallback');
  return live;
}

/** The context of one check run; an unknown webhook in `options.webhooks` is CXH_ERR_INVALID_OPTION. */
export function createContext(agent: Agent, app: AppDescription | undefined, options: CheckOptions): CheckContext {
  const sites = agentSites(agent);
  const pages = pageNames(agent);
  const appWebhooks = appWebhooksOf(agent, options);
  const appCalls = sites.filter((site) => site.fulfillment?.webhook !== undefined && appWebhooks.has(site.fulfillment.webhook));
  const calledTags = new Set(appCalls.flatMap((site) => (site.fulfillment?.tag ? [site.fulfillment.tag] : [])));
  return {
    agent,
    ...(app ? { app } : {}),
    appFile: app?.source ?? APP_FILE,
    sites,
    pageNames: pages,
    appWebhooks,
    appCalls,
    calledTags,
    liveRoutes: liveRoutesOf(agent, app, pages, calledTags, appCalls.length > 0),
  };
}

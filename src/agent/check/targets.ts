// Rule `unresolved-target`: routes and event handlers must lead somewhere that exists.
import type { Agent, Target } from '../model.ts';
import type { CheckContext } from './context.ts';
import type { Finding } from './finding.ts';
import { describeSite, siteLocation } from './sites.ts';

/** Why `target` leads nowhere, or undefined when it exists. */
function missing(agent: Agent, target: Target): string | undefined {
  switch (target.kind) {
    case 'page': {
      const flow = agent.flows.get(target.flow);
      if (!flow) return `page "${target.page}" of flow "${target.flow}", a flow the agent does not have`;
      const exists = flow.pages.has(target.page) || target.page === flow.startPage.displayName;
      return exists ? undefined : `page "${target.page}", which flow "${target.flow}" does not have`;
    }
    case 'flow':
      return agent.flows.has(target.flow) ? undefined : `flow "${target.flow}", which the agent does not have`;
    case 'playbook':
      return agent.playbooks.includes(target.playbook) ? undefined : `playbook "${target.playbook}", which the agent does not have`;
    case 'special':
      return undefined;
  }
}

/**
 * Routes and event handlers (form reprompt handlers too) whose target page, flow or playbook does not exist.
 * @example unresolvedTargets(ctx) // [{ rule: 'unresolved-target', message: 'a route of page "A" … goes to page "Gone" …' }]
 */
export function unresolvedTargets(ctx: CheckContext): Finding[] {
  const findings: Finding[] = [];
  for (const site of ctx.sites) {
    if (!site.target) continue;
    const why = missing(ctx.agent, site.target);
    if (!why) continue;
    const what = site.handler ? `the ${site.handler.event} handler` : 'a route';
    findings.push({ rule: 'unresolved-target', severity: 'error', message: `${what} of ${describeSite(site)} goes to ${why}`, ...siteLocation(site) });
  }
  return findings;
}

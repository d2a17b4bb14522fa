// The session parameter names an agent uses: the ones `cxhook check` finds it reading and writing,
// plus every name the agent could fill that no reachable place uses (parameters of intents no route
// matches, mappings and bodies of disabled or standard webhooks): types should cover them all.
import { agentParameterUsage, sessionReferences, sessionTargets } from '../check/parameter-usage.ts';
import { agentSites } from '../check/sites.ts';
import type { Agent } from '../model.ts';

/**
 * Every session parameter name the agent fills or reads, in no particular order, each once.
 * `$flow.x` and `$page.params.x` are not session parameters and are left out.
 * @example sessionParams(agent) // Set { 'location', 'formatted_address', … }
 */
export function sessionParams(agent: Agent): Set<string> {
  const { reads, writes } = agentParameterUsage(agent, agentSites(agent));
  const names = new Set([...reads.keys(), ...writes.keys()]);
  for (const intent of agent.intents.values()) for (const parameter of intent.parameters) names.add(parameter.id);
  for (const webhook of agent.webhooks.values()) {
    for (const target of Object.keys(webhook.parameterMapping)) for (const name of sessionTargets(target)) names.add(name);
    for (const name of sessionReferences(webhook.requestBody ?? '')) names.add(name);
  }
  return names;
}

// Small lookups over a loaded agent that check, gen, the simulator and the test runner all need.
import type { Agent, Flow, Intent, Page, RouteGroup } from '../model.ts';
import { START_PAGE_ID, START_PAGE_NAME } from './flows.ts';

function flowOf(agent: Agent, flow: Flow | string): Flow | undefined {
  return typeof flow === 'string' ? agent.flows.get(flow) : flow;
}

/**
 * A page by flow and page display name; `Start Page` (or `START_PAGE`) is the flow's start page.
 * @example findPage(agent, 'Liveaboards', 'Collect Further Info')?.form.length // 4
 */
export function findPage(agent: Agent, flow: Flow | string, page: string): Page | undefined {
  const owner = flowOf(agent, flow);
  if (!owner) return undefined;
  return page === START_PAGE_NAME || page === START_PAGE_ID ? owner.startPage : owner.pages.get(page);
}

/**
 * The route groups `names` (a page's or flow's `transitionRouteGroups`) stand for in `flow`, in the
 * order CX evaluates them: a name is the flow-level group when the flow has one, else the agent-level
 * group; flow-level groups come before agent-level ones (protocol spec §10), each kind in list order.
 * Names that resolve to nothing are left out (the loader reports them as `unresolved-route-group`).
 * @example routeGroupsOf(agent, 'Default Start Flow', page.transitionRouteGroups).map((group) => group.displayName)
 */
export function routeGroupsOf(agent: Agent, flow: Flow | string, names: readonly string[]): RouteGroup[] {
  const owner = flowOf(agent, flow);
  const flowLevel: RouteGroup[] = [];
  const agentLevel: RouteGroup[] = [];
  for (const name of names) {
    const local = owner?.routeGroups.get(name);
    if (local) flowLevel.push(local);
    else {
      const shared = agent.routeGroups.get(name);
      if (shared) agentLevel.push(shared);
    }
  }
  return [...flowLevel, ...agentLevel];
}

/**
 * An intent by its bare id (as in a resource name's last segment); intents by display name are `agent.intents.get(name)`.
 * @example intentById(agent, '00000000-0000-0000-0000-000000000000')?.displayName // 'Default Welcome Intent'
 */
export function intentById(agent: Agent, id: string): Intent | undefined {
  for (const intent of agent.intents.values()) if (intent.id === id) return intent;
  return undefined;
}

/**
 * A flow by its bare id; the Default Start Flow's is all zeros.
 * @example flowById(agent, '00000000-0000-0000-0000-000000000000')?.displayName // 'Default Start Flow'
 */
export function flowById(agent: Agent, id: string): Flow | undefined {
  for (const flow of agent.flows.values()) if (flow.id === id) return flow;
  return undefined;
}

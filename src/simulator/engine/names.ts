// Resource names the simulator puts in WebhookRequests, built from the export's bare ids so a
// handler sees what CX would send (`…/flows/<id>/pages/<id>`, the start page as START_PAGE).
import type { Agent, Flow, Intent, Page } from '../../agent/model.ts';

/** The page a turn reports once the conversation ended: what CX shows after END_SESSION, or after the start flow ended. */
export const END_PAGE_NAMES = { END_SESSION: 'End Session', END_FLOW: 'End Flow' } as const;

/** `projects/cxhook-sim/locations/global/agents/<slug of the agent name>`. */
export function defaultAgentName(agent: Agent): string {
  const slug = (agent.displayName ?? 'agent').toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'agent';
  return `projects/cxhook-sim/locations/global/agents/${slug}`;
}

export class ResourceNames {
  constructor(readonly agentName: string) {}

  flow(flow: Flow): string {
    return `${this.agentName}/flows/${flow.id}`;
  }

  page(flow: Flow, page: Page): string {
    return `${this.flow(flow)}/pages/${page.id}`;
  }

  intent(intent: Intent): string {
    return `${this.agentName}/intents/${intent.id}`;
  }

  session(id: string): string {
    return `${this.agentName}/sessions/${id}`;
  }
}

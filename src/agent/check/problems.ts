// What the loader found wrong while reading the export becomes findings like the rest: unresolved
// transition targets under `unresolved-target`, webhook calls from webhook.error handlers under
// `webhook-error-handler-calls-webhook`, everything else under `agent-problem`. The loader already
// resolves every reference, so these rules read its problems instead of resolving them again.
import type { Agent, AgentProblem } from '../model.ts';
import type { CheckContext } from './context.ts';
import type { Finding } from './finding.ts';

const TARGET_CODES = new Set(['unresolved-page', 'unresolved-flow', 'unresolved-playbook']);
// The same codes also name a test case's or agent.json's flow; only a route's or handler's target is a transition.
const TARGET_FIELD = /\.target(Page|Flow|Playbook)$/;

/** The rule a loader problem is reported under. */
function ruleOf(problem: AgentProblem): string {
  if (TARGET_CODES.has(problem.code) && TARGET_FIELD.test(problem.source.path)) return 'unresolved-target';
  if (problem.code === 'webhook-error-handler-calls-webhook') return 'webhook-error-handler-calls-webhook';
  return 'agent-problem';
}

/** Flow and page display names by the file that holds them, so problems can name them. */
function placesByFile(agent: Agent): Map<string, { flow: string; page?: string }> {
  const places = new Map<string, { flow: string; page?: string }>();
  for (const flow of agent.flows.values()) {
    places.set(flow.source.file, { flow: flow.displayName });
    for (const page of flow.pages.values()) places.set(page.source.file, { flow: flow.displayName, page: page.displayName });
    for (const group of flow.routeGroups.values()) places.set(group.source.file, { flow: flow.displayName });
  }
  return places;
}

/**
 * The loader's problems as findings, each with the loader's severity and its code in front of the message.
 * @example agentProblems(ctx) // [{ rule: 'unresolved-target', message: 'unresolved-page: goes to page "Gone" …', page: 'A', … }]
 */
export function agentProblems(ctx: CheckContext): Finding[] {
  const places = placesByFile(ctx.agent);
  return ctx.agent.problems.map((problem) => ({
    rule: ruleOf(problem),
    severity: problem.severity,
    message: `${problem.code}: ${problem.message}`,
    file: problem.source.file,
    jsonPath: problem.source.path,
    ...places.get(problem.source.file),
  }));
}

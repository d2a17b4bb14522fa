// Rule `agent-problem`: what the loader found wrong while reading the export (unresolved
// references, webhooks without tags, …) becomes findings like the rest.
import type { CheckContext } from './context.ts';
import type { Finding } from './finding.ts';

/**
 * The loader's problems, each with its own severity and its code in front of the message.
 * @example agentProblems(ctx) // [{ rule: 'agent-problem', message: 'webhook-without-tag: …', … }]
 */
export function agentProblems(ctx: CheckContext): Finding[] {
  return ctx.agent.problems.map((problem) => ({
    rule: 'agent-problem',
    severity: problem.severity,
    message: `${problem.code}: ${problem.message}`,
    file: problem.source.file,
    jsonPath: problem.source.path,
  }));
}

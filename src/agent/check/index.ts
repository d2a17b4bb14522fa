// `checkAgent`: compares a loaded CX agent with the webhook app that serves it and returns the
// findings of every rule in RULES, at their default or configured severity.
import type { Agent } from '../model.ts';
import { conditionFindings } from './conditions.ts';
import { createContext, type CheckContext } from './context.ts';
import { sortFindings, type AppDescription, type CheckOptions, type Finding } from './finding.ts';
import { parameterFindings } from './parameters.ts';
import { agentProblems } from './problems.ts';
import { checkRuleLevels } from './rules.ts';
import { unhandledTags, unusedHandlers } from './tags.ts';
import { flexibleWebhooks, timeoutsBelowDeadline } from './timeouts.ts';
import { missingWebhookErrorHandlers } from './webhook-errors.ts';

export { APP_FILE, describeApp, sortFindings, summarize, type AppDescription, type CheckOptions, type Finding, type FindingCounts, type RuleLevel, type Severity } from './finding.ts';
export { RULES, checkRuleLevels, isRuleId, parseRuleSetting, type Rule, type RuleId } from './rules.ts';
export { toSarif, type SarifLog, type SarifOptions } from './sarif.ts';
export { TIMEOUT_MARGIN_MS } from './timeouts.ts';

const RULE_FAMILIES: readonly ((ctx: CheckContext) => Finding[])[] = [
  agentProblems,
  unhandledTags,
  unusedHandlers,
  missingWebhookErrorHandlers,
  timeoutsBelowDeadline,
  flexibleWebhooks,
  conditionFindings,
  parameterFindings,
];

/**
 * The findings for `agent`, checked against `app` when given (without it, only the rules that need
 * no app run). A configured level replaces the severity of all of a rule's findings; `off` drops them.
 * Unknown rule ids or webhook names in `options` throw CXH_ERR_INVALID_OPTION.
 * @example
 * const agent = await loadAgent('exports/my-agent.zip');
 * const findings = checkAgent(agent, describeApp(app), { rules: { 'unread-parameter': 'error' } });
 */
export function checkAgent(agent: Agent, app?: AppDescription, options: CheckOptions = {}): Finding[] {
  const levels = checkRuleLevels(options.rules ?? {});
  const ctx = createContext(agent, app, options);
  const findings: Finding[] = [];
  for (const family of RULE_FAMILIES) {
    for (const finding of family(ctx)) {
      const level = levels[finding.rule];
      if (level === 'off') continue;
      findings.push(level ? { ...finding, severity: level } : finding);
    }
  }
  return sortFindings(findings);
}

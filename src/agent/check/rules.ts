// The rules `checkAgent` runs, by stable id, with their default severity: the one list the CLI,
// the SARIF output and docs/agent.md follow.
import { invalidOption } from '../../errors/invalid-option.ts';
import type { RuleLevel, Severity } from './finding.ts';

export interface Rule {
  id: string;
  /** The severity its findings get unless configured (some findings of a rule may be milder, as noted). */
  severity: Severity;
  /** One line for `--help`, docs and SARIF's `shortDescription`. */
  description: string;
}

export const RULES = [
  { id: 'agent-problem', severity: 'error', description: 'A reference or consistency problem the loader found (errors and warnings as the loader rates them).' },
  { id: 'unresolved-target', severity: 'error', description: 'A route or event handler transitions to a page, flow or playbook that does not exist.' },
  { id: 'unhandled-tag', severity: 'error', description: 'The agent calls a webhook tag that no tag, page or intent handler of the app answers.' },
  { id: 'unused-handler', severity: 'warning', description: 'The app handles a tag the agent never calls, or an intent or page the agent does not have.' },
  { id: 'missing-webhook-error-handler', severity: 'warning', description: 'A page, flow or route group calls a webhook where no webhook.error event handler catches its failure.' },
  { id: 'webhook-error-handler-calls-webhook', severity: 'warning', description: 'A webhook.error event handler calls a webhook itself (CX forbids it: a failure would loop).' },
  { id: 'timeout-below-deadline', severity: 'error', description: "A webhook's timeout is not above the app's deadline (warning when the margin is under 500 ms)." },
  { id: 'flexible-webhook', severity: 'note', description: 'A FLEXIBLE webhook is not a cxhook app; it is not checked, and the simulator answers it with stubs.' },
  { id: 'invalid-condition', severity: 'error', description: 'A route or conditional-response condition does not parse, so CX would never evaluate it as meant.' },
  { id: 'mixed-and-or', severity: 'warning', description: 'A condition mixes AND and OR without parentheses; CX does not document which binds tighter.' },
  { id: 'unread-parameter', severity: 'warning', description: 'The app writes a session parameter that neither the agent nor the app reads.' },
  { id: 'unwritten-parameter', severity: 'warning', description: 'The agent or the app reads a session parameter that neither of them writes.' },
  { id: 'parameters-unchecked', severity: 'note', description: 'The parameter rules could not compare all of the app: it declares no (or not all) parameters.' },
] as const satisfies readonly Rule[];

export type RuleId = (typeof RULES)[number]['id'];

const LEVELS: readonly RuleLevel[] = ['error', 'warning', 'note', 'off'];

export function isRuleId(id: string): id is RuleId {
  return RULES.some((rule) => rule.id === id);
}

/** The level map with every id and level checked; an unknown one is CXH_ERR_INVALID_OPTION naming the valid ones. */
export function checkRuleLevels(levels: Record<string, unknown>): Record<string, RuleLevel> {
  for (const [id, level] of Object.entries(levels)) {
    if (!isRuleId(id)) throw invalidOption('rules', `no rule "${id}" (rules: ${RULES.map((rule) => rule.id).join(', ')})`);
    if (!(LEVELS as readonly unknown[]).includes(level)) throw invalidOption('rules', `${id} takes ${LEVELS.join(', ')}, got ${String(level)}`);
  }
  return levels as Record<string, RuleLevel>;
}

/**
 * `unread-parameter=error` → ['unread-parameter', 'error']; a malformed or unknown setting is CXH_ERR_INVALID_OPTION.
 * @example const [id, level] = parseRuleSetting('unused-handler=off');
 */
export function parseRuleSetting(text: string): [RuleId, RuleLevel] {
  const at = text.indexOf('=');
  if (at === -1) throw invalidOption('rule', `give id=level (e.g. unread-parameter=error), got "${text}"`);
  const id = text.slice(0, at).trim();
  const level = text.slice(at + 1).trim();
  checkRuleLevels({ [id]: level });
  return [id as RuleId, level as RuleLevel];
}

// The loader's problems as findings: unresolved transition targets and webhook calls from
// webhook.error handlers get their own rules, the rest is agent-problem; all keep the loader's
// severity, code and place, with the flow and page named.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAgent } from '../../../src/agent/check/index.ts';
import type { AgentProblem } from '../../../src/agent/model.ts';
import { agent, flow, page } from './build.ts';

function problem(code: string, file: string, path: string, severity: AgentProblem['severity'] = 'error'): AgentProblem {
  return { severity, code, message: `${code} here`, source: { file, path } };
}

const PAGE_FILE = 'flows/Main/pages/A.json';

function withProblems(problems: AgentProblem[]) {
  return agent({ flows: [flow('Main', { pages: [page('A')] })], problems });
}

test('unresolved pages, flows and playbooks of routes and handlers are unresolved-target findings', () => {
  const findings = checkAgent(
    withProblems([
      problem('unresolved-page', PAGE_FILE, '$.transitionRoutes[0].targetPage'),
      problem('unresolved-flow', 'flows/Main/Main.json', '$.eventHandlers[1].targetFlow'),
      problem('unresolved-playbook', PAGE_FILE, '$.form.parameters[0].fillBehavior.repromptEventHandlers[2].targetPlaybook'),
    ]),
  );
  assert.deepEqual(
    findings.map((finding) => [finding.rule, finding.severity, finding.file, finding.flow, finding.page]),
    [
      ['unresolved-target', 'error', 'flows/Main/Main.json', 'Main', undefined],
      ['unresolved-target', 'error', PAGE_FILE, 'Main', 'A'],
      ['unresolved-target', 'error', PAGE_FILE, 'Main', 'A'],
    ],
  );
  assert.equal(findings[1]?.message, 'unresolved-playbook: unresolved-playbook here');
});

test("the same codes elsewhere (a test case's flow, the start flow) stay agent-problem findings", () => {
  const findings = checkAgent(
    withProblems([problem('unresolved-flow', 'testCases/t.json', '$.testConfig.flow', 'warning'), problem('unresolved-flow', 'agent.json', '$.startFlow')]),
  );
  assert.deepEqual(
    findings.map((finding) => [finding.rule, finding.severity, finding.jsonPath]),
    [
      ['agent-problem', 'error', '$.startFlow'],
      ['agent-problem', 'warning', '$.testConfig.flow'],
    ],
  );
});

test('a webhook.error handler calling a webhook is its own rule, so it can be configured apart', () => {
  const agentWith = withProblems([problem('webhook-error-handler-calls-webhook', PAGE_FILE, '$.eventHandlers[0].triggerFulfillment.webhook', 'warning'), problem('webhook-without-tag', PAGE_FILE, '$.entryFulfillment')]);
  const findings = checkAgent(agentWith);
  assert.deepEqual(findings.map((finding) => finding.rule), ['agent-problem', 'webhook-error-handler-calls-webhook']);
  const raised = checkAgent(agentWith, undefined, { rules: { 'webhook-error-handler-calls-webhook': 'error', 'agent-problem': 'off' } });
  assert.deepEqual(raised.map((finding) => [finding.rule, finding.severity]), [['webhook-error-handler-calls-webhook', 'error']]);
});

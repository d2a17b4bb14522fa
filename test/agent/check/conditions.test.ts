// Rules invalid-condition and mixed-and-or: conditions are parsed by the simulator's evaluator, so a
// typo is reported with its place before CX meets it at run time.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAgent, type Finding } from '../../../src/agent/check/index.ts';
import { agent, flow, fulfillment, page, route } from './build.ts';

const only = (findings: Finding[], rule: string) => findings.filter((finding) => finding.rule === rule);

test('a route condition that does not parse is an error naming the page, the JSON path and the column', () => {
  const broken = page('Confirm', { transitionRoutes: [route({ condition: '$page.params.status = "FINAL" AND' })] });
  const findings = only(checkAgent(agent({ flows: [flow('F', { pages: [broken] })] })), 'invalid-condition');
  assert.equal(findings.length, 1);
  assert.equal(findings[0]?.severity, 'error');
  assert.equal(findings[0]?.page, 'Confirm');
  assert.match(findings[0]?.jsonPath ?? '', /\.transitionRoutes\[0\]\.condition$/);
  assert.match(findings[0]?.message ?? '', /does not parse at column \d+/);
});

test('conditions of conditional responses are checked too, nested cases included', () => {
  const cases = [
    {
      cases: [
        { condition: '$session.params.tier = "gold"', caseContent: [{ additionalCases: { cases: [{ condition: '$sys.func.NOPE(1) = 2', caseContent: [] }] } }] },
      ],
    },
  ];
  const entry = fulfillment({ conditionalCases: cases, source: { file: 'p.json', path: '$.entryFulfillment' } });
  const findings = only(checkAgent(agent({ flows: [flow('F', { pages: [page('A', { entryFulfillment: entry })] })] })), 'invalid-condition');
  assert.equal(findings.length, 1);
  assert.equal(findings[0]?.jsonPath, '$.entryFulfillment.conditionalCases[0].cases[0].caseContent[0].additionalCases.cases[0].condition');
  assert.match(findings[0]?.message ?? '', /NOPE/);
});

test('AND and OR mixed without parentheses is a warning; with parentheses, or valid alone, nothing', () => {
  const routes = [route({ condition: '$session.params.a = 1 AND $session.params.b = 2 OR $session.params.c = 3' }), route({ condition: '($session.params.a = 1 AND $session.params.b = 2) OR $session.params.c = 3' })];
  const findings = checkAgent(agent({ flows: [flow('F', { pages: [page('A', { transitionRoutes: routes })] })] }));
  assert.equal(only(findings, 'mixed-and-or').length, 1);
  assert.equal(only(findings, 'mixed-and-or')[0]?.severity, 'warning');
  assert.deepEqual(only(findings, 'invalid-condition'), []);
});

test('the levels of both rules can be configured like any other', () => {
  const broken = page('A', { transitionRoutes: [route({ condition: '= 1' })] });
  const checked = agent({ flows: [flow('F', { pages: [broken] })] });
  assert.equal(only(checkAgent(checked, undefined, { rules: { 'invalid-condition': 'warning' } }), 'invalid-condition')[0]?.severity, 'warning');
  assert.deepEqual(only(checkAgent(checked, undefined, { rules: { 'invalid-condition': 'off' } }), 'invalid-condition'), []);
});

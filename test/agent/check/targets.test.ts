// Rule unresolved-target: routes and event handlers must go to pages, flows and playbooks that exist.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAgent, type Finding } from '../../../src/agent/check/index.ts';
import { agent, flow, formParameter, handler, page, route, routeGroup, toFlow, toPage } from './build.ts';

const unresolved = (findings: Finding[]) => findings.filter((finding) => finding.rule === 'unresolved-target');

test('targets that exist, start pages and special targets are fine', () => {
  const fine = agent({
    playbooks: ['Helper'],
    flows: [
      flow('Main', {
        transitionRoutes: [route({ intent: 'go', target: toFlow('Other') })],
        pages: [
          page('A', {
            transitionRoutes: [
              route({ condition: 'true', target: toPage('Main', 'B') }),
              route({ condition: 'x', target: toPage('Main', 'Start Page') }),
              route({ condition: 'y', target: { kind: 'special', special: 'END_SESSION' } }),
              route({ condition: 'z', target: { kind: 'playbook', playbook: 'Helper' } }),
            ],
          }),
          page('B'),
        ],
      }),
      flow('Other'),
    ],
  });
  assert.deepEqual(unresolved(checkAgent(fine)), []);
});

test('a page, flow or playbook that does not exist is an error where the route or handler is', () => {
  const broken = agent({
    flows: [
      flow('Main', {
        eventHandlers: [handler('flow.failed', { target: toFlow('Gone Flow') })],
        pages: [
          page('A', {
            transitionRoutes: [route({ condition: 'true', target: toPage('Main', 'Gone Page') })],
            form: [formParameter('city', { repromptEventHandlers: [handler('sys.no-match-3', { target: { kind: 'playbook', playbook: 'Nobody' } })] })],
          }),
        ],
        routeGroups: [routeGroup('G', [route({ intent: 'x', target: toPage('Missing Flow', 'P') })])],
      }),
    ],
  });
  const findings = unresolved(checkAgent(broken));
  assert.deepEqual(
    findings.map((finding) => [finding.file, finding.jsonPath, finding.severity]),
    [
      ['flows/Main/Main.json', '$.eventHandlers[0]', 'error'],
      ['flows/Main/pages/A.json', '$.form.parameters[0].fillBehavior.repromptEventHandlers[0]', 'error'],
      ['flows/Main/pages/A.json', '$.transitionRoutes[0]', 'error'],
      ['flows/Main/transitionRouteGroups/G.json', '$.transitionRoutes[0]', 'error'],
    ],
  );
  const messages = findings.map((finding) => finding.message);
  assert.match(messages[0] ?? '', /the flow\.failed handler of flow "Main" goes to flow "Gone Flow", which the agent does not have/);
  assert.match(messages[1] ?? '', /the sys\.no-match-3 handler of page "A".*playbook "Nobody"/);
  assert.match(messages[2] ?? '', /a route of page "A" of flow "Main" goes to page "Gone Page", which flow "Main" does not have/);
  assert.match(messages[3] ?? '', /route group "G" goes to page "P" of flow "Missing Flow", a flow the agent does not have/);
});

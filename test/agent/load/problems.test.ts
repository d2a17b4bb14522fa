import assert from 'node:assert/strict';
import { test } from 'node:test';
import { type AgentProblem, loadAgent, PROBLEM_CODES } from '../../../src/agent/index.ts';
import { minimalExport, writeExport } from './helpers.ts';

const START = 'flows/Default Start Flow/Default Start Flow.json';
const MENU = 'flows/Default Start Flow/pages/Menu.json';

async function problemsOf(changes: Record<string, unknown>): Promise<AgentProblem[]> {
  return (await loadAgent(writeExport({ ...minimalExport(), ...changes }))).problems;
}

function only(problems: AgentProblem[], code: string): AgentProblem {
  const found = problems.filter((problem) => problem.code === code);
  assert.equal(found.length, 1, `one ${code} expected in ${JSON.stringify(problems, null, 1)}`);
  return found[0]!;
}

test('the minimal hand-made export loads with no problems', async () => {
  assert.deepEqual(await problemsOf({}), []);
});

test('a route to a page its flow lacks is reported with the file and the path of targetPage, and loading goes on', async () => {
  const agent = await loadAgent(writeExport({ ...minimalExport(), [MENU]: { displayName: 'Menu', transitionRoutes: [{ condition: 'true', targetPage: 'Checkout' }] } }));
  const problem = only(agent.problems, 'unresolved-page');
  assert.equal(problem.severity, 'error');
  assert.deepEqual(problem.source, { file: MENU, path: '$.transitionRoutes[0].targetPage' });
  assert.match(problem.message, /goes to page "Checkout", which flow "Default Start Flow" does not have/);
  assert.deepEqual(agent.flows.get('Default Start Flow')?.pages.get('Menu')?.transitionRoutes[0]?.target, { kind: 'page', flow: 'Default Start Flow', page: 'Checkout' });
});

test('a page of another flow is not a target of this one', async () => {
  const problems = await problemsOf({
    'flows/Billing/Billing.json': { name: 'f-billing', displayName: 'Billing' },
    'flows/Billing/pages/Invoice.json': { displayName: 'Invoice' },
    [MENU]: { displayName: 'Menu', transitionRoutes: [{ condition: 'true', targetPage: 'Invoice' }] },
  });
  assert.deepEqual(only(problems, 'unresolved-page').source, { file: MENU, path: '$.transitionRoutes[0].targetPage' });
});

test('unknown intents, flows, webhooks, route groups and entity types are each reported where they are named', async () => {
  const problems = await problemsOf({
    [START]: {
      displayName: 'Default Start Flow',
      transitionRoutes: [{ intent: 'order.pizza', targetFlow: 'Ordering' }],
      transitionRouteGroups: ['Help'],
    },
    [MENU]: {
      displayName: 'Menu',
      entryFulfillment: { webhook: 'menu-service', tag: 'menu' },
      form: { parameters: [{ displayName: 'size', entityType: '@pizza-size', required: true }, { displayName: 'when', entityType: '@sys.date' }] },
    },
  });
  assert.deepEqual(only(problems, 'unresolved-intent').source, { file: START, path: '$.transitionRoutes[0].intent' });
  assert.deepEqual(only(problems, 'unresolved-flow').source, { file: START, path: '$.transitionRoutes[0].targetFlow' });
  assert.deepEqual(only(problems, 'unresolved-route-group').source, { file: START, path: '$.transitionRouteGroups[0]' });
  assert.deepEqual(only(problems, 'unresolved-webhook').source, { file: MENU, path: '$.entryFulfillment.webhook' });
  assert.deepEqual(only(problems, 'unresolved-entity-type').source, { file: MENU, path: '$.form.parameters[0].entityType' });
  assert.equal(problems.length, 5, 'the system entity @sys.date is not a problem');
});

test('two pages with one display name are reported and the first in path order is kept', async () => {
  const agent = await loadAgent(writeExport({ ...minimalExport(), 'flows/Default Start Flow/pages/Menu copy.json': { name: 'p-copy', displayName: 'Menu' } }));
  const problem = only(agent.problems, 'duplicate-display-name');
  assert.equal(problem.source.file, 'flows/Default Start Flow/pages/Menu.json', 'Menu.json sorts after "Menu copy.json", so it is the second one');
  assert.equal(agent.flows.get('Default Start Flow')?.pages.get('Menu')?.id, 'p-copy');
});

test('a route with neither intent nor condition, a webhook call without a tag and a route with two targets are reported', async () => {
  const problems = await problemsOf({
    [MENU]: {
      displayName: 'Menu',
      transitionRoutes: [
        { triggerFulfillment: {} },
        { condition: 'true', triggerFulfillment: { webhook: 'orders' }, targetPage: 'End Flow', targetFlow: 'Default Start Flow' },
      ],
    },
    'webhooks/orders.json': { name: 'w1', displayName: 'orders', genericWebService: { uri: 'https://orders.example/cx' } },
  });
  assert.deepEqual(only(problems, 'route-without-trigger').source, { file: MENU, path: '$.transitionRoutes[0]' });
  assert.deepEqual(only(problems, 'webhook-without-tag').source, { file: MENU, path: '$.transitionRoutes[1].triggerFulfillment' });
  const conflict = only(problems, 'conflicting-targets');
  assert.deepEqual(conflict.source, { file: MENU, path: '$.transitionRoutes[1]' });
  assert.match(conflict.message, /targetPage and targetFlow/);
  assert.equal(problems.length, 3);
});

test('a webhook.error handler that calls a webhook itself is a warning', async () => {
  const problems = await problemsOf({
    [MENU]: {
      displayName: 'Menu',
      eventHandlers: [
        { event: 'webhook.error.timeout', triggerFulfillment: { webhook: 'orders', tag: 'retry' } },
        { event: 'sys.no-match-default', triggerFulfillment: { webhook: 'orders', tag: 'fallback' } },
      ],
    },
    'webhooks/orders.json': { name: 'w1', displayName: 'orders', genericWebService: { uri: 'https://orders.example/cx' } },
  });
  const problem = only(problems, 'webhook-error-handler-calls-webhook');
  assert.equal(problem.severity, 'warning');
  assert.deepEqual(problem.source, { file: MENU, path: '$.eventHandlers[0].triggerFulfillment.webhook' });
  assert.equal(problems.length, 1, 'a webhook call from another event is fine');
});

test('a resource folder without its main file is reported and not loaded', async () => {
  const agent = await loadAgent(writeExport({ ...minimalExport(), 'intents/orphan/trainingPhrases/en.json': { trainingPhrases: [{ parts: [{ text: 'x' }] }] } }));
  assert.deepEqual(only(agent.problems, 'missing-file').source, { file: 'intents/orphan/', path: '$' });
  assert.equal(agent.intents.has('orphan'), false);
});

test('a start flow that does not exist is reported against agent.json', async () => {
  const problems = await problemsOf({ 'agent.json': { defaultLanguageCode: 'en', startFlow: 'Main' } });
  assert.deepEqual(only(problems, 'unresolved-flow').source, { file: 'agent.json', path: '$.startFlow' });
});

test('every reported code is one of the documented PROBLEM_CODES', async () => {
  const problems = await problemsOf({
    [MENU]: { displayName: 'Menu', transitionRoutes: [{ targetPage: 'Nowhere' }, { intent: 'nope', condition: 'true', triggerFulfillment: { webhook: 'x' } }] },
  });
  assert.ok(problems.length >= 4);
  for (const problem of problems) assert.ok(problem.code in PROBLEM_CODES, problem.code);
});

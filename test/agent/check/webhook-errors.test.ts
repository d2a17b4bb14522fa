// Rule missing-webhook-error-handler: webhook calls need a webhook.error handler on their page or flow.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAgent, type Finding } from '../../../src/agent/check/index.ts';
import { agent, call, flow, formParameter, handler, page, route, routeGroup, say, webhook } from './build.ts';

const RULE = 'missing-webhook-error-handler';
const only = (findings: Finding[], rule = RULE) => findings.filter((finding) => finding.rule === rule);
const webhooks = [webhook('main'), webhook('flex', { kind: 'FLEXIBLE' })];

test('a page that calls a webhook with no webhook.error handler on the page or its flow gets a warning', () => {
  const checked = agent({ webhooks, flows: [flow('F', { pages: [page('Lookup', { entryFulfillment: call('main', 'geocode') })] })] });
  const findings = only(checkAgent(checked));
  assert.equal(findings.length, 1);
  assert.equal(findings[0]?.severity, 'warning');
  assert.equal(findings[0]?.page, 'Lookup');
  assert.equal(findings[0]?.jsonPath, '$.entryFulfillment');
  assert.match(findings[0]?.message ?? '', /page "Lookup" of flow "F" calls webhook "main" \(tag "geocode"\).*neither the page nor flow "F" handles webhook\.error/);
});

test('a webhook.error handler on the page or on its flow covers the page, also for FLEXIBLE webhooks', () => {
  const onPage = page('A', { entryFulfillment: call('flex', 'validation'), eventHandlers: [handler('webhook.error', { triggerFulfillment: say('Sorry') })] });
  const byFlow = flow('G', { pages: [page('B', { entryFulfillment: call('main', 'x') })], eventHandlers: [handler('webhook.error')] });
  assert.deepEqual(only(checkAgent(agent({ webhooks, flows: [flow('F', { pages: [onPage] }), byFlow] }))), []);
});

test('a specific webhook.error.<kind> handler alone does not cover the page, and the message names it', () => {
  const partial = page('A', { entryFulfillment: call('main', 'x'), eventHandlers: [handler('webhook.error.not-found')] });
  const findings = only(checkAgent(agent({ webhooks, flows: [flow('F', { pages: [partial] })] })));
  assert.equal(findings.length, 1);
  assert.match(findings[0]?.message ?? '', /only webhook\.error\.not-found, which covers that kind of failure alone/);
});

test('several calls on one page give one finding, at the first call, counting the others', () => {
  const busy = page('A', {
    entryFulfillment: call('main', 'one'),
    form: [formParameter('city', { initialPrompt: call('main', 'two') })],
    transitionRoutes: [route({ condition: 'true', triggerFulfillment: call('main', 'three') })],
  });
  const findings = only(checkAgent(agent({ webhooks, flows: [flow('F', { pages: [busy] })] })));
  assert.equal(findings.length, 1);
  assert.equal(findings[0]?.jsonPath, '$.entryFulfillment');
  assert.match(findings[0]?.message ?? '', /and 2 more webhook calls/);
});

test('flow-wide routes that call webhooks need the handler on the flow', () => {
  const checked = agent({ webhooks, flows: [flow('F', { transitionRoutes: [route({ intent: 'hi', triggerFulfillment: call('main', 'greet') })] })] });
  const findings = only(checkAgent(checked));
  assert.equal(findings.length, 1);
  assert.equal(findings[0]?.page, undefined);
  assert.equal(findings[0]?.file, 'flows/F/F.json');
  assert.match(findings[0]?.message ?? '', /the flow does not handle webhook\.error/);
});

test('a route group is checked on every page that lists it: one finding per page without a handler', () => {
  const group = routeGroup('faq', [route({ intent: 'faq', triggerFulfillment: call('main', 'faq') })], 'agent');
  const covered = page('Covered', { transitionRouteGroups: ['faq'], eventHandlers: [handler('webhook.error')] });
  const bare = page('Bare', { transitionRouteGroups: ['faq'] });
  const unused = page('Unused');
  const findings = only(checkAgent(agent({ webhooks, routeGroups: [group], flows: [flow('F', { pages: [covered, bare, unused] })] })));
  assert.equal(findings.length, 1);
  assert.equal(findings[0]?.file, 'agentTransitionRouteGroups/faq.json');
  assert.equal(findings[0]?.page, 'Bare');
  assert.match(findings[0]?.message ?? '', /route group "faq", used by page "Bare"/);
});

test('a flow-level route group shadows an agent-level one of the same name on that flow\'s pages', () => {
  const agentGroup = routeGroup('faq', [route({ intent: 'faq', triggerFulfillment: call('main', 'faq') })], 'agent');
  const flowGroup = routeGroup('faq', [route({ intent: 'faq', triggerFulfillment: say('no webhook here') })]);
  const checked = agent({ webhooks, routeGroups: [agentGroup], flows: [flow('F', { pages: [page('P', { transitionRouteGroups: ['faq'] })], routeGroups: [flowGroup] })] });
  assert.deepEqual(only(checkAgent(checked)), []);
});

test('calls to disabled webhooks need no handler', () => {
  const checked = agent({ webhooks: [webhook('off', { disabled: true })], flows: [flow('F', { pages: [page('A', { entryFulfillment: call('off', 'x') })] })] });
  assert.deepEqual(only(checkAgent(checked)), []);
});

test('a webhook.error handler that calls a webhook is not itself asked for a handler (the loader reports the call)', () => {
  const looping = page('A', { eventHandlers: [handler('webhook.error.timeout', { triggerFulfillment: call('main', 'retry') })] });
  assert.deepEqual(only(checkAgent(agent({ webhooks, flows: [flow('F', { pages: [looping] })] }))), []);
});

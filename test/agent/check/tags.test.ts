// Rules unhandled-tag and unused-handler: the agent's webhook tags against the app's handlers.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAgent, type Finding } from '../../../src/agent/check/index.ts';
import { agent, app, call, flow, intent, page, route, routeGroup, toPage, webhook } from './build.ts';

const only = (findings: Finding[], rule: string) => findings.filter((finding) => finding.rule === rule);

/** Pages "Weather" (entry calls tag weather) and "Book" (a route with intent booking.create calls tag booking). */
function travelAgent() {
  return agent({
    webhooks: [webhook('main')],
    intents: [intent('booking.create')],
    flows: [
      flow('Default Start Flow', {
        pages: [
          page('Weather', { entryFulfillment: call('main', 'weather') }),
          page('Book', { transitionRoutes: [route({ intent: 'booking.create', triggerFulfillment: call('main', 'booking'), target: toPage('Default Start Flow', 'Weather') })] }),
        ],
      }),
    ],
  });
}

test('a tag the agent calls and the app has no handler for is an error at the calling fulfillment', () => {
  const findings = only(checkAgent(travelAgent(), app({ tags: ['booking'] })), 'unhandled-tag');
  assert.equal(findings.length, 1);
  const [finding] = findings as [Finding];
  assert.equal(finding.severity, 'error');
  assert.equal(finding.file, 'flows/Default Start Flow/pages/Weather.json');
  assert.equal(finding.jsonPath, '$.entryFulfillment');
  assert.equal(finding.flow, 'Default Start Flow');
  assert.equal(finding.page, 'Weather');
  assert.match(finding.message, /tag "weather"/);
  assert.match(finding.message, /fallback text/);
});

test('the message says when the app has a fallback handler that would answer the call', () => {
  const [finding] = only(checkAgent(travelAgent(), app({ tags: ['booking'], hasFallback: true })), 'unhandled-tag');
  assert.match(finding?.message ?? '', /fallback handler would answer/);
});

test('a page handler for the calling page, or an intent handler for the calling route, handles a tag too', () => {
  assert.deepEqual(only(checkAgent(travelAgent(), app({ pages: ['Weather'], intents: ['booking.create'] })), 'unhandled-tag'), []);
});

test('a route group call is handled only by a tag handler, whatever page lists the group', () => {
  const withGroup = agent({
    webhooks: [webhook('main')],
    flows: [flow('F', { pages: [page('P', { transitionRouteGroups: ['G'] })], routeGroups: [routeGroup('G', [route({ condition: 'true', triggerFulfillment: call('main', 'lookup') })])] })],
  });
  const findings = only(checkAgent(withGroup, app({ pages: ['P'] })), 'unhandled-tag');
  assert.equal(findings.length, 1);
  assert.equal(findings[0]?.file, 'flows/F/transitionRouteGroups/G.json');
  assert.equal(findings[0]?.jsonPath, '$.transitionRoutes[0].triggerFulfillment');
});

test('calls to FLEXIBLE and disabled webhooks are not the app\'s and are not compared with its handlers', () => {
  const other = agent({
    webhooks: [webhook('flex', { kind: 'FLEXIBLE' }), webhook('off', { disabled: true })],
    flows: [flow('F', { pages: [page('A', { entryFulfillment: call('flex', 'validation') }), page('B', { entryFulfillment: call('off', 'old') })] })],
  });
  assert.deepEqual(only(checkAgent(other, app()), 'unhandled-tag'), []);
});

test('without an app no tag is reported', () => {
  assert.deepEqual(only(checkAgent(travelAgent()), 'unhandled-tag'), []);
  assert.deepEqual(only(checkAgent(travelAgent()), 'unused-handler'), []);
});

test('tag handlers the agent never calls, and intent and page handlers for what the agent lacks, are warnings on the app', () => {
  const described = app({ tags: ['weather', 'booking', 'database-query'], intents: ['booking.create', 'refund.create'], pages: ['Book', 'Start Page', 'Checkout'], source: 'src/app.ts' });
  const findings = only(checkAgent(travelAgent(), described), 'unused-handler');
  assert.deepEqual(
    findings.map((finding) => [finding.jsonPath, finding.severity, finding.file]),
    [
      ['intent:refund.create', 'warning', 'src/app.ts'],
      ['page:Checkout', 'warning', 'src/app.ts'],
      ['tag:database-query', 'warning', 'src/app.ts'],
    ],
  );
  assert.match(findings[2]?.message ?? '', /never calls through "main"/);
  const noWebhook = only(checkAgent(agent(), app({ tags: ['weather'] })), 'unused-handler');
  assert.match(noWebhook[0]?.message ?? '', /never calls \(it has no webhook the app serves\)/);
});

test('a tag called only through a webhook the app does not serve counts as never called', () => {
  const split = agent({
    webhooks: [webhook('main'), webhook('billing')],
    flows: [flow('F', { pages: [page('A', { entryFulfillment: call('billing', 'invoice') })] })],
  });
  const findings = checkAgent(split, app({ tags: ['invoice'] }), { webhooks: ['main'] });
  assert.deepEqual(only(findings, 'unused-handler').map((finding) => finding.jsonPath), ['tag:invoice']);
  assert.deepEqual(only(findings, 'unhandled-tag'), [], 'the billing webhook is not the app');
});

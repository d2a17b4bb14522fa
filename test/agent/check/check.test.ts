// checkAgent as a whole: the loader's problems as findings, configured levels, option checks and
// the order of findings.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAgent, parseRuleSetting, RULES, summarize } from '../../../src/agent/check/index.ts';
import { CxhookError } from '../../../src/errors/index.ts';
import { agent, app, call, flow, page, webhook } from './build.ts';

/** One unhandled tag (error), one missing webhook.error handler (warning), and two loader problems (an error and a warning). */
function flawed() {
  return agent({
    webhooks: [webhook('main')],
    flows: [flow('F', { pages: [page('A', { entryFulfillment: call('main', 'geocode') })] })],
    problems: [
      { severity: 'warning', code: 'webhook-without-tag', message: 'a fulfillment calls webhook "main" without a tag', source: { file: 'flows/F/pages/B.json', path: '$.entryFulfillment' } },
      { severity: 'error', code: 'unresolved-intent', message: 'route intent "gone" does not exist', source: { file: 'flows/F/F.json', path: '$.transitionRoutes[1]' } },
    ],
  });
}

const described = () => app({ hasFallback: true, declared: [{ route: 'fallback', reads: [], writes: [] }] });

test("the loader's problems become agent-problem findings with their own severity and code", () => {
  const problems = checkAgent(flawed()).filter((finding) => finding.rule === 'agent-problem');
  assert.deepEqual(
    problems.map((finding) => [finding.file, finding.jsonPath, finding.severity, finding.message]),
    [
      ['flows/F/F.json', '$.transitionRoutes[1]', 'error', 'unresolved-intent: route intent "gone" does not exist'],
      ['flows/F/pages/B.json', '$.entryFulfillment', 'warning', 'webhook-without-tag: a fulfillment calls webhook "main" without a tag'],
    ],
  );
});

test('findings come sorted by file, then JSON path (numbers in order), then severity', () => {
  const findings = checkAgent(flawed(), described());
  const keys = findings.map((finding) => `${finding.file} ${finding.jsonPath}`);
  assert.equal(keys.length, 4);
  assert.deepEqual(keys, [...keys].sort((a, b) => a.localeCompare(b, undefined, { numeric: true })));
});

test('a configured level replaces the severity of every finding of that rule, and off drops them', () => {
  const defaults = summarize(checkAgent(flawed(), described()));
  const raised = checkAgent(flawed(), described(), { rules: { 'missing-webhook-error-handler': 'error', 'agent-problem': 'off' } });
  assert.ok(raised.every((finding) => finding.rule !== 'agent-problem'));
  assert.ok(raised.filter((finding) => finding.rule === 'missing-webhook-error-handler').every((finding) => finding.severity === 'error'));
  assert.deepEqual(defaults, { errors: 2, warnings: 2, notes: 0 });
  // One agent-problem error and one warning gone, the missing handler raised from warning to error.
  assert.deepEqual(summarize(raised), { errors: 2, warnings: 0, notes: 0 });
  const lowered = summarize(checkAgent(flawed(), described(), { rules: { 'unhandled-tag': 'note', 'agent-problem': 'note' } }));
  assert.deepEqual(lowered, { errors: 0, warnings: 1, notes: 3 });
});

test('an unknown rule id or level is refused with CXH_ERR_INVALID_OPTION naming the valid ones', () => {
  assert.throws(
    () => checkAgent(flawed(), undefined, { rules: { 'no-such-rule': 'error' } }),
    (error: unknown) => error instanceof CxhookError && error.code === 'CXH_ERR_INVALID_OPTION' && error.message.includes('unhandled-tag'),
  );
  assert.throws(() => checkAgent(flawed(), undefined, { rules: { 'unhandled-tag': 'fatal' as never } }), { code: 'CXH_ERR_INVALID_OPTION' });
});

test('a webhook named in options.webhooks that the agent lacks is refused, naming the ones it has', () => {
  assert.throws(() => checkAgent(flawed(), described(), { webhooks: ['mian'] }), (error: unknown) => error instanceof CxhookError && /no webhook "mian" \(it has: main\)/.test(error.message));
});

test('rule settings parse as id=level', () => {
  assert.deepEqual(parseRuleSetting('unread-parameter=error'), ['unread-parameter', 'error']);
  assert.deepEqual(parseRuleSetting(' unused-handler = off '), ['unused-handler', 'off']);
  for (const bad of ['unread-parameter', 'unread-parameter=loud', 'nope=error']) assert.throws(() => parseRuleSetting(bad), { code: 'CXH_ERR_INVALID_OPTION' }, bad);
});

test('every rule that reports has a registry entry, and ids are unique kebab-case', () => {
  const ids = RULES.map((rule) => rule.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const id of ids) assert.match(id, /^[a-z]+(-[a-z]+)*$/);
  for (const finding of checkAgent(flawed(), described())) assert.ok(ids.includes(finding.rule as never), finding.rule);
});

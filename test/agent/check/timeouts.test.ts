// Rules timeout-below-deadline and flexible-webhook: CX's timeout per webhook against the app's deadline.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { checkAgent, TIMEOUT_MARGIN_MS, type Finding } from '../../../src/agent/check/index.ts';
import { agent, app, webhook } from './build.ts';

const timeouts = (findings: Finding[]) => findings.filter((finding) => finding.rule === 'timeout-below-deadline');

test('a deadline at or past the webhook timeout is an error at the webhook file', () => {
  for (const deadlineMs of [5000, 6000]) {
    const findings = timeouts(checkAgent(agent({ webhooks: [webhook('main', { timeoutMs: 5000 })] }), app({ deadlineMs })));
    assert.equal(findings.length, 1, `deadline ${deadlineMs}`);
    assert.equal(findings[0]?.severity, 'error');
    assert.equal(findings[0]?.file, 'webhooks/main.json');
    assert.equal(findings[0]?.jsonPath, '$.timeout');
    assert.match(findings[0]?.message ?? '', new RegExp(`5000 ms.*deadline of ${deadlineMs} ms`));
  }
});

test(`a margin under ${TIMEOUT_MARGIN_MS} ms is a warning; ${TIMEOUT_MARGIN_MS} ms or more is fine`, () => {
  const agentWith = agent({ webhooks: [webhook('main', { timeoutMs: 5000 })] });
  const close = timeouts(checkAgent(agentWith, app({ deadlineMs: 5000 - TIMEOUT_MARGIN_MS + 1 })));
  assert.equal(close.length, 1);
  assert.equal(close[0]?.severity, 'warning');
  assert.match(close[0]?.message ?? '', /only 499 ms after/);
  assert.deepEqual(timeouts(checkAgent(agentWith, app({ deadlineMs: 5000 - TIMEOUT_MARGIN_MS }))), []);
});

test('only the app\'s webhooks are compared: not FLEXIBLE, disabled or unselected ones, and nothing without an app', () => {
  const many = agent({
    webhooks: [webhook('flex', { kind: 'FLEXIBLE', timeoutMs: 1000 }), webhook('off', { disabled: true, timeoutMs: 1000 }), webhook('other', { timeoutMs: 1000 }), webhook('main', { timeoutMs: 30000 })],
  });
  assert.deepEqual(timeouts(checkAgent(many, app(), { webhooks: ['main'] })), []);
  assert.deepEqual(timeouts(checkAgent(many)), []);
  assert.deepEqual(timeouts(checkAgent(many, app())).map((finding) => finding.file), ['webhooks/other.json']);
});

test('each FLEXIBLE webhook gets a note that the simulator answers it with stubs, with or without an app', () => {
  const withFlexible = agent({ webhooks: [webhook('flex', { kind: 'FLEXIBLE' }), webhook('main')] });
  for (const described of [undefined, app()]) {
    const notes = checkAgent(withFlexible, described).filter((finding) => finding.rule === 'flexible-webhook');
    assert.equal(notes.length, 1);
    assert.equal(notes[0]?.severity, 'note');
    assert.equal(notes[0]?.file, 'webhooks/flex.json');
    assert.match(notes[0]?.message ?? '', /stubs in the simulator/);
  }
});

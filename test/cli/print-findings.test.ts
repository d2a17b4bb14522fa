// The readable findings of `cxhook check`: one header per file, severity coloured, rule and JSON path
// on each entry, and the summary line.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pc from 'picocolors';
import type { Finding } from '../../src/agent/check/index.ts';
import { formatFindings, formatSummary } from '../../src/cli/print-findings.ts';

const findings: Finding[] = [
  { rule: 'unhandled-tag', severity: 'error', message: 'tag "a" has no handler', file: 'flows/F/pages/A.json', jsonPath: '$.entryFulfillment' },
  { rule: 'missing-webhook-error-handler', severity: 'warning', message: 'no webhook.error', file: 'flows/F/pages/A.json', jsonPath: '$.transitionRoutes[0]' },
  { rule: 'flexible-webhook', severity: 'note', message: 'FLEXIBLE', file: 'webhooks/w.json', jsonPath: '$' },
];

test('findings are grouped under their file, a blank line between files', () => {
  assert.deepEqual(formatFindings(findings, pc.createColors(false)), [
    'flows/F/pages/A.json',
    '  error    tag "a" has no handler  unhandled-tag',
    '           at $.entryFulfillment',
    '  warning  no webhook.error  missing-webhook-error-handler',
    '           at $.transitionRoutes[0]',
    '',
    'webhooks/w.json',
    '  note     FLEXIBLE  flexible-webhook',
    '           at $',
  ]);
});

test('with colour, errors are red, warnings yellow and notes cyan', () => {
  const c = pc.createColors(true);
  const lines = formatFindings(findings, c);
  assert.ok(lines[1]?.includes(c.red('error  ')));
  assert.ok(lines[3]?.includes(c.yellow('warning')));
  assert.ok(lines[7]?.includes(c.cyan('note   ')));
});

test('the summary line counts each severity', () => {
  assert.equal(formatSummary({ errors: 1, warnings: 0, notes: 12 }), 'check: errors=1 warnings=0 notes=12');
  assert.deepEqual(formatFindings([], pc.createColors(false)), []);
});

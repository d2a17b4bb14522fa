// The golden conversations of the three public agents, run the way CI users run them: through
// `cxhook test`, with the agents' webhooks and generators answered by the goldens' stubs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sharedFixture } from '../../tools/support/shared-fixtures.ts';
import { runCli } from '../cli/helpers.ts';

const AGENTS = ['divebooker', 'goodbye-graffiti', 'blood-donation'] as const;

for (const agent of AGENTS) {
  test(`every turn of the ${agent} goldens matches, and the summary is the last line`, async () => {
    const golden = fileURLToPath(new URL(`./${agent}/`, import.meta.url));
    const { code, stdout, stderr } = await runCli(['test', fileURLToPath(sharedFixture(`agents/${agent}/`)), '--golden', golden]);
    const summary = /^testcases: cases=(\d+) turns=(\d+) turns_matched=(\d+)$/.exec(stdout.trimEnd().split('\n').at(-1) ?? '');
    assert.ok(summary, `no summary line in:\n${stdout}\n${stderr}`);
    const [, cases, turns, matched] = summary.map(Number);
    assert.equal(code, 0, stdout + stderr);
    assert.ok(cases! >= 2, `${agent} has at least two golden conversations`);
    assert.equal(matched, turns);
  });
}

// reference/webhook.ts: the reference webhook as a module the CLI can load, so the agent tools run
// against it the way a user's project would point them at its own app.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { sharedFixture } from '../../tools/support/shared-fixtures.ts';
import { runCli } from '../cli/helpers.ts';
import { tempDir } from './helpers.ts';

const WEBHOOK = fileURLToPath(new URL('../../reference/webhook.ts', import.meta.url));
const data = tempDir();
after(() => data.remove());
// The module reads its configuration from the process environment, as `npm start` does.
process.env.DATA_DIR = data.dir;
process.env.LOG_LEVEL = 'silent';

test('cxhook check finds the goodbye-graffiti tag the reference webhook does not handle', async () => {
  const { code, stdout } = await runCli(['check', fileURLToPath(sharedFixture('agents/goodbye-graffiti/')), '--app', WEBHOOK, '--format', 'json']);
  const report = JSON.parse(stdout) as { findings: { rule: string; message: string }[] };
  assert.equal(code, 1);
  assert.ok(report.findings.some((finding) => finding.rule === 'unhandled-tag' && finding.message.includes('geocode')), stdout);
  assert.ok(report.findings.some((finding) => finding.rule === 'unused-handler' && finding.message.includes('weather')), stdout);
});

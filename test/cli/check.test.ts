// `cxhook check`: the three public agents with and without the reference webhook, each output
// format, severity overrides and --max-warnings on the exit code, and usage errors as one line.
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { RULES } from '../../src/agent/check/index.ts';
import { sharedFixture } from '../../tools/support/shared-fixtures.ts';
import { moduleFolder, runCli } from './helpers.ts';

/** The folder holding the public agents: the check runs from there, so agent paths are short. */
const AGENTS = fileURLToPath(sharedFixture('agents/'));
const folder = moduleFolder();
after(() => folder.remove());

const referenceUrl = (path: string) => JSON.stringify(pathToFileURL(resolve(import.meta.dirname, '../../reference', path)).href);

/** A module exporting the reference webhook as the reference builds it, with `env` on top of the test configuration. */
function referenceModule(name: string, env: Record<string, string> = {}): string {
  return folder.write(
    name,
    `import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from ${referenceUrl('app.ts')};
import { loadConfig } from ${referenceUrl('config.ts')};
import { sqliteDatabase } from ${referenceUrl('storage/database.ts')};
const config = loadConfig({ DATA_DIR: mkdtempSync(join(tmpdir(), 'cxhook-check-app-')), LOG_LEVEL: 'silent', ...${JSON.stringify(env)} });
export default buildApp(config, { database: sqliteDatabase(config.dataDir) });
`,
  );
}

const REFERENCE = referenceModule('reference-app.ts');
const check = (args: string[]) => runCli(['check', ...args], { cwd: AGENTS });

interface JsonReport {
  findings: { rule: string; severity: string; message: string; file: string; jsonPath: string; page?: string }[];
  summary: { errors: number; warnings: number; notes: number };
}

async function jsonReport(args: string[]): Promise<{ code: number; report: JsonReport }> {
  const { code, stdout } = await check([...args, '--format', 'json']);
  return { code, report: JSON.parse(stdout) as JsonReport };
}

test('goodbye-graffiti alone exits 0 and prints its findings grouped by file, then the summary line', async () => {
  const { code, stdout, stderr } = await check(['goodbye-graffiti']);
  assert.equal(code, 0, stderr);
  assert.match(stdout, /^flows\/Default Start Flow\/pages\/Enter Location\.json\n {2}warning {2}page "Enter Location".*webhook "lookup_place" \(tag "geocode"\).*missing-webhook-error-handler\n {11}at \$\.transitionRoutes\[0\]\.triggerFulfillment$/m);
  assert.match(stdout, /note {5}webhook "prebuilt_components_address_collection:address_validation" is FLEXIBLE/);
  assert.match(stdout, /no --app given/);
  assert.match(stdout, /^check: errors=0 warnings=1 notes=2$/m);
});

test('goodbye-graffiti against the reference webhook exits 1 for the geocode tag the app does not handle', async () => {
  const { code, stdout } = await check(['goodbye-graffiti', '--app', REFERENCE]);
  assert.equal(code, 1);
  assert.match(stdout, /error {4}page "Enter Location" .* tag "geocode", which the app has no handler for .*unhandled-tag/);
  assert.match(stdout, new RegExp(`^${REFERENCE.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\n {2}warning {2}the app handles intent "booking\\.create"`, 'm'));
  assert.match(stdout, /session parameter "formatted_address" \(and 5 more places\)/);
  assert.match(stdout, /^check: errors=1 warnings=7 notes=1$/m);
});

test('divebooker and blood-donation exit 0 with and without the app: they call no webhook', async () => {
  for (const name of ['divebooker', 'blood-donation']) {
    const alone = await jsonReport([name]);
    assert.equal(alone.code, 0, name);
    assert.deepEqual(alone.report, { findings: [], summary: { errors: 0, warnings: 0, notes: 0 } }, name);
    const against = await jsonReport([name, '--app', REFERENCE]);
    assert.equal(against.code, 0, name);
    assert.deepEqual(against.report.summary, { errors: 0, warnings: 4, notes: 0 }, name);
    assert.ok(against.report.findings.every((finding) => finding.rule === 'unused-handler' && finding.file === REFERENCE), name);
  }
});

test('--format json prints { findings, summary } with the summary counting the findings', async () => {
  const { code, report } = await jsonReport(['goodbye-graffiti', '--app', REFERENCE]);
  assert.equal(code, 1);
  const count = (severity: string) => report.findings.filter((finding) => finding.severity === severity).length;
  assert.deepEqual(report.summary, { errors: count('error'), warnings: count('warning'), notes: count('note') });
  const unhandled = report.findings.find((finding) => finding.rule === 'unhandled-tag');
  assert.deepEqual([unhandled?.file, unhandled?.jsonPath, unhandled?.page], ['flows/Default Start Flow/pages/Enter Location.json', '$.transitionRoutes[0].triggerFulfillment', 'Enter Location']);
});

test('--format sarif prints a SARIF 2.1.0 log whose URIs name files that exist', async () => {
  const { code, stdout } = await check(['goodbye-graffiti', '--app', REFERENCE, '--format', 'sarif']);
  assert.equal(code, 1);
  const log = JSON.parse(stdout);
  assert.equal(log.version, '2.1.0');
  assert.match(log.$schema, /sarif-2\.1\.0/);
  assert.equal(log.runs.length, 1);
  const { driver } = log.runs[0].tool;
  assert.equal(driver.name, 'cxhook');
  assert.match(driver.version, /^\d+\.\d+\.\d+/);
  assert.deepEqual(driver.rules.map((rule: any) => [rule.id, rule.defaultConfiguration.level]), RULES.map((rule) => [rule.id, rule.severity]));
  assert.ok(driver.rules.every((rule: any) => typeof rule.shortDescription.text === 'string'));
  const results = log.runs[0].results;
  assert.equal(results.length, 9);
  for (const result of results) {
    assert.ok(RULES.some((rule) => rule.id === result.ruleId), result.ruleId);
    assert.ok(['error', 'warning', 'note'].includes(result.level));
    assert.equal(typeof result.message.text, 'string');
    const [location] = result.locations;
    const uri: string = location.physicalLocation.artifactLocation.uri;
    const path = uri.startsWith('file:') ? fileURLToPath(uri) : resolve(AGENTS, uri.split('/').map(decodeURIComponent).join('/'));
    assert.ok(existsSync(path), `${uri} names a file`);
    assert.equal(typeof location.logicalLocations[0].fullyQualifiedName, 'string');
  }
  const flexible = results.find((result: any) => result.ruleId === 'flexible-webhook');
  assert.equal(flexible.locations[0].physicalLocation.artifactLocation.uri, 'goodbye-graffiti/webhooks/prebuilt_components_address_collection%253aaddress_validation.json');
});

test('SARIF URIs find the export inside a wrapper folder given as the agent', async () => {
  const agentDir = join(folder.dir, 'wrapped', 'agent');
  mkdirSync(join(agentDir, 'webhooks'), { recursive: true });
  writeFileSync(join(agentDir, 'agent.json'), JSON.stringify({ defaultLanguageCode: 'en' }));
  writeFileSync(join(agentDir, 'webhooks', 'flex hook.json'), JSON.stringify({ displayName: 'flex hook', genericWebService: { uri: 'https://example.test', webhookType: 'FLEXIBLE' } }));
  const { code, stdout } = await runCli(['check', 'wrapped', '--format', 'sarif'], { cwd: folder.dir });
  assert.equal(code, 0);
  const uris = JSON.parse(stdout).runs[0].results.map((result: any) => result.locations[0].physicalLocation.artifactLocation.uri);
  assert.ok(uris.includes('wrapped/agent/webhooks/flex%20hook.json'), uris.join(', '));
});

test('--rule changes the exit code: lowering the only error passes, raising a warning fails', async () => {
  assert.equal((await check(['goodbye-graffiti', '--app', REFERENCE, '--rule', 'unhandled-tag=warning'])).code, 0);
  const raised = await check(['goodbye-graffiti', '--rule', 'missing-webhook-error-handler=error']);
  assert.equal(raised.code, 1);
  assert.match(raised.stdout, /^check: errors=1 warnings=0 notes=2$/m);
  const off = await jsonReport(['goodbye-graffiti', '--rule', 'flexible-webhook=off', '--rule', 'parameters-unchecked=off']);
  assert.deepEqual(off.report.summary, { errors: 0, warnings: 1, notes: 0 });
});

test('--max-warnings fails a check with more warnings than allowed', async () => {
  assert.equal((await check(['goodbye-graffiti', '--max-warnings', '1'])).code, 0);
  const strict = await check(['goodbye-graffiti', '--max-warnings', '0']);
  assert.equal(strict.code, 1);
  assert.match(strict.stderr, /1 warnings, more than --max-warnings 0/);
});

test("the reference's deadline against lookup_place's 5 s timeout: a warning under 500 ms of margin, an error past it", async () => {
  const near = await jsonReport(['goodbye-graffiti', '--app', referenceModule('near-app.ts', { DEADLINE_MS: '4800' }), '--rule', 'unhandled-tag=off']);
  assert.equal(near.code, 0);
  assert.deepEqual(near.report.findings.filter((finding) => finding.rule === 'timeout-below-deadline').map((finding) => [finding.severity, finding.file]), [['warning', 'webhooks/lookup_place.json']]);
  const late = await jsonReport(['goodbye-graffiti', '--app', referenceModule('late-app.ts', { DEADLINE_MS: '6000' }), '--rule', 'unhandled-tag=off']);
  assert.equal(late.code, 1);
  assert.match(late.report.findings.find((finding) => finding.rule === 'timeout-below-deadline')?.message ?? '', /CX gives up first/);
});

test('--webhook naming a webhook the agent lacks is a usage error naming the ones it has', async () => {
  const { code, stderr } = await check(['goodbye-graffiti', '--app', REFERENCE, '--webhook', 'lookup-place']);
  assert.equal(code, 2);
  assert.match(stderr, /^cxhook: --webhook: the agent has no webhook "lookup-place" \(it has: lookup_place, prebuilt_components_address_collection:address_validation\)\n$/);
});

test('a missing agent, a broken export and bad options exit 2 with one line on stderr', async () => {
  const broken = join(folder.dir, 'broken-agent');
  mkdirSync(join(broken, 'webhooks'), { recursive: true });
  writeFileSync(join(broken, 'agent.json'), JSON.stringify({ defaultLanguageCode: 'en' }));
  writeFileSync(join(broken, 'webhooks', 'w.json'), '{ "displayName": "w", ');
  const cases: [string[], RegExp][] = [
    [['no-such-agent'], /^cxhook: No agent export at no-such-agent: nothing exists there\n$/],
    [[broken], /^cxhook: Agent export file webhooks\/w\.json.*\n$/],
    [['divebooker', '--rule', 'no-such-rule=error'], /no rule "no-such-rule"/],
    [['divebooker', '--rule', 'unused-handler=loud'], /unused-handler takes error, warning, note, off, got loud/],
    [['divebooker', '--format', 'xml'], /give text, json, sarif/],
    [['divebooker', '--max-warnings', '-1'], /whole number/],
    [['divebooker', '--app', 'missing-app.ts'], /^cxhook: cannot find module missing-app\.ts/],
  ];
  for (const [args, message] of cases) {
    const { code, stdout, stderr } = await check(args);
    assert.equal(code, 2, args.join(' '));
    assert.match(stderr, message, args.join(' '));
    assert.equal(stdout, '', args.join(' '));
  }
});

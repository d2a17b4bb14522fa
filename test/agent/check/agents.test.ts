// checkAgent on the three public agents, alone and against the reference webhook: the findings
// real exports give, and the tag table of docs/agent.md kept in step with what the agents call.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { buildApp } from '../../../reference/app.ts';
import { loadConfig } from '../../../reference/config.ts';
import { sqliteDatabase, type AppDatabase } from '../../../reference/storage/database.ts';
import { createLogger } from '../../../src/index.ts';
import { checkAgent, describeApp, type AppDescription, type Finding } from '../../../src/agent/check/index.ts';
import { agentSites } from '../../../src/agent/check/sites.ts';
import { loadAgent, type Agent } from '../../../src/agent/index.ts';
import { sharedFixture } from '../../../tools/support/shared-fixtures.ts';

const NAMES = ['goodbye-graffiti', 'divebooker', 'blood-donation'] as const;
const agents = new Map<string, Agent>();
let reference: AppDescription;
let database: AppDatabase;
const dataDir = mkdtempSync(join(tmpdir(), 'cxhook-check-'));

before(async () => {
  for (const name of NAMES) agents.set(name, await loadAgent(fileURLToPath(sharedFixture(`agents/${name}/`))));
  // Only the routes and the deadline are read: the database is never queried.
  database = sqliteDatabase(dataDir);
  reference = describeApp(buildApp(loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent' }), { database, logger: createLogger({ level: 'silent' }) }), 'reference/app.ts');
});
after(async () => {
  await database.close();
  rmSync(dataDir, { recursive: true, force: true });
});

const graffiti = () => agents.get('goodbye-graffiti') as Agent;
const pick = (findings: Finding[], rule: string) => findings.filter((finding) => finding.rule === rule);

test('goodbye-graffiti alone: the geocode call has no webhook.error handler, the address validation webhook is FLEXIBLE', () => {
  const findings = checkAgent(graffiti());
  const [missing, ...more] = pick(findings, 'missing-webhook-error-handler');
  assert.equal(more.length, 0, 'the address validation page handles webhook.error');
  assert.equal(missing?.page, 'Enter Location');
  assert.equal(missing?.file, 'flows/Default Start Flow/pages/Enter Location.json');
  assert.match(missing?.message ?? '', /webhook "lookup_place" \(tag "geocode"\)/);
  assert.deepEqual(pick(findings, 'flexible-webhook').map((finding) => finding.file), ['webhooks/prebuilt_components_address_collection%3aaddress_validation.json']);
  assert.equal(pick(findings, 'parameters-unchecked').length, 1, 'lookup_place may write anything: no guessing');
  assert.deepEqual(pick(findings, 'unhandled-tag'), []);
});

test('goodbye-graffiti against the reference webhook: geocode is unhandled and the webhook-written address is unwritten', () => {
  const findings = checkAgent(graffiti(), reference);
  const unhandled = pick(findings, 'unhandled-tag');
  assert.equal(unhandled.length, 1);
  assert.match(unhandled[0]?.message ?? '', /tag "geocode".*fallback handler would answer/);
  assert.deepEqual(pick(findings, 'unused-handler').map((finding) => finding.jsonPath), ['intent:booking.create', 'tag:booking', 'tag:database-query', 'tag:weather']);
  // Read in conditions and messages, set by no page, preset or intent of the agent: in the sample, lookup_place sets them.
  assert.deepEqual(pick(findings, 'unwritten-parameter').map((finding) => /"([^"]+)"/.exec(finding.message)?.[1]), ['formatted_address', 'caller_id']);
  assert.deepEqual(pick(findings, 'timeout-below-deadline'), [], 'the reference answers by 4500 ms, 500 ms before the 5 s timeout');
  assert.deepEqual(pick(findings, 'parameters-unchecked'), [], 'the fallback, the only route the agent reaches, declares its parameters');
});

test("a deadline closer to lookup_place's 5 s timeout is a warning, at or past it an error", () => {
  const near = pick(checkAgent(graffiti(), { ...reference, deadlineMs: 4800 }), 'timeout-below-deadline');
  assert.deepEqual(near.map((finding) => [finding.severity, finding.file]), [['warning', 'webhooks/lookup_place.json']]);
  const late = pick(checkAgent(graffiti(), { ...reference, deadlineMs: 5000 }), 'timeout-below-deadline');
  assert.deepEqual(late.map((finding) => finding.severity), ['error']);
});

test('divebooker and blood-donation call no webhook: nothing to report alone, only the unused handlers against the reference', () => {
  for (const name of ['divebooker', 'blood-donation']) {
    const agent = agents.get(name) as Agent;
    assert.deepEqual(checkAgent(agent), [], name);
    const findings = checkAgent(agent, reference);
    assert.ok(findings.length > 0 && findings.every((finding) => finding.rule === 'unused-handler' && finding.severity === 'warning'), name);
  }
});

test("blood-donation's generator reads age and weight, which its quiz form writes", () => {
  const agent = agents.get('blood-donation') as Agent;
  const withoutForms = { ...agent, flows: new Map([...agent.flows].map(([name, flow]) => [name, { ...flow, pages: new Map([...flow.pages].map(([id, page]) => [id, { ...page, form: [] }])) }])) };
  const unwritten = pick(checkAgent(withoutForms), 'unwritten-parameter');
  assert.deepEqual(unwritten.map((finding) => [/"([^"]+)"/.exec(finding.message)?.[1], finding.page]), [
    ['age', 'Eligibility Quiz'],
    ['weight', 'Eligibility Quiz'],
  ]);
});

/** `| tag | webhook | kind | called from |` rows, computed from the loaded model. */
function tagRows(agent: Agent): string[] {
  const rows = new Set<string>();
  for (const site of agentSites(agent)) {
    const { webhook, tag } = site.fulfillment ?? {};
    if (!webhook) continue;
    const where = site.page ? `page "${site.page.displayName}"` : site.group ? `route group "${site.group.displayName}"` : `flow "${site.flow?.displayName}"`;
    rows.add(`| \`${tag}\` | \`${webhook}\` | ${agent.webhooks.get(webhook)?.kind} | ${where} |`);
  }
  return [...rows].sort();
}

test("docs/agent.md lists each public agent's webhook tags as the loaded agents have them", () => {
  const docs = readFileSync(new URL('../../../docs/agent.md', import.meta.url), 'utf8');
  const section = docs.slice(docs.indexOf('### Webhook tags of the public agents'));
  for (const name of NAMES) {
    const rows = tagRows(agents.get(name) as Agent);
    const start = section.indexOf(`**${name}**`);
    assert.notEqual(start, -1, `docs/agent.md has no **${name}** entry`);
    // The entry ends at the next agent's entry or the next heading, whichever comes first.
    const ends = [section.indexOf('\n**', start + 1), section.indexOf('\n#', start + 1)].filter((at) => at !== -1);
    const block = section.slice(start, ends.length ? Math.min(...ends) : undefined);
    assert.equal(block.split('\n').filter((line) => /^\| `/.test(line)).length, rows.length, `${name}: as many rows as tags`);
    if (rows.length === 0) assert.match(block, /calls no webhook/, name);
    for (const row of rows) assert.ok(block.includes(row), `${name}: docs/agent.md lacks ${row}`);
  }
});

// `cxhook gen`: prints or writes the agent's types, and a missing or broken agent or an unwritable
// --out is one line on stderr with exit 2.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, test } from 'node:test';
import { generateTypes } from '../../src/agent/gen/index.ts';
import { loadAgent } from '../../src/agent/index.ts';
import { sharedFixture } from '../../tools/support/shared-fixtures.ts';
import { runCli } from './helpers.ts';

const GRAFFITI = fileURLToPath(sharedFixture('agents/goodbye-graffiti/'));
const work = mkdtempSync(join(tmpdir(), 'cxhook-gen-'));
after(() => rmSync(work, { recursive: true, force: true }));

test('without --out the module goes to stdout, exactly what generateTypes gives', async () => {
  const { code, stdout, stderr } = await runCli(['gen', GRAFFITI]);
  assert.equal(code, 0, stderr);
  assert.equal(stderr, '');
  assert.equal(stdout, generateTypes(await loadAgent(GRAFFITI)));
  assert.match(stdout, /^export type AgentTag = 'geocode' \| 'validation';$/m);
});

test('the agent path is relative to the working directory', async () => {
  const { code, stdout } = await runCli(['gen', 'goodbye-graffiti'], { cwd: fileURLToPath(sharedFixture('agents/')) });
  assert.equal(code, 0);
  assert.match(stdout, /export interface GoodbyeGraffitiAgent \{/);
});

test('--out writes the file, replaces an old one, leaves no temporary file and says what it wrote', async () => {
  const folder = join(work, 'out');
  mkdirSync(folder);
  writeFileSync(join(folder, 'agent-types.ts'), 'old contents');
  const { code, stdout, stderr } = await runCli(['gen', GRAFFITI, '--out', 'agent-types.ts', '--name', 'Graffiti'], { cwd: folder });
  assert.equal(code, 0, stderr);
  assert.equal(stdout, '');
  assert.equal(stderr, 'wrote agent-types.ts: GraffitiAgent with 2 tags and 14 session parameters\n');
  const written = readFileSync(join(folder, 'agent-types.ts'), 'utf8');
  assert.equal(written, generateTypes(await loadAgent(GRAFFITI), { name: 'Graffiti' }));
  assert.deepEqual(readdirSync(folder), ['agent-types.ts']);
});

test('a path with no agent is one line on stderr and exit 2', async () => {
  const { code, stdout, stderr } = await runCli(['gen', join(work, 'nowhere')]);
  assert.equal(code, 2);
  assert.equal(stdout, '');
  assert.match(stderr, /^cxhook: No agent export at .*nowhere: nothing exists there\n$/);
});

test('a broken export file is one line naming the file, exit 2', async () => {
  const broken = join(work, 'broken');
  mkdirSync(broken);
  writeFileSync(join(broken, 'agent.json'), '{"defaultLanguageCode": "en",');
  const { code, stdout, stderr } = await runCli(['gen', broken]);
  assert.equal(code, 2);
  assert.equal(stdout, '');
  assert.equal(stderr.split('\n').filter(Boolean).length, 1, stderr);
  assert.match(stderr, /^cxhook: .*agent\.json/);
});

test('an --out in a folder that does not exist is exit 2 and writes nothing', async () => {
  const { code, stderr } = await runCli(['gen', GRAFFITI, '--out', join(work, 'missing', 'types.ts')]);
  assert.equal(code, 2);
  assert.match(stderr, /^cxhook: cannot write .*types\.ts: its folder does not exist\n$/);
  assert.ok(!readdirSync(work).includes('missing'));
});

test('gen has help with its options and is listed by cxhook --help', async () => {
  const help = await runCli(['gen', '--help']);
  assert.equal(help.code, 0);
  for (const flag of ['--out', '--name', '<agent>']) assert.ok(help.stdout.includes(flag), flag);
  const all = await runCli(['--help']);
  assert.match(all.stdout, /^ {2}gen \[options\] <agent>/m);
});

// Reports of a run: the per-turn diff, the one-line-per-case log, and JUnit XML that CI servers
// can read even when agent texts hold markup or control characters.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import pc from 'picocolors';
import { caseLine, escapeXml, formatCaseDiff, runCases, toJUnitXml, type CaseOutcome, type ConversationCase } from '../../../src/simulator/testing/index.ts';
import { fakeFactory, said } from './fake-simulator.ts';

const agent = fakeFactory((turn) => {
  if ('text' in turn && turn.text.startsWith('book')) return { page: 'Start Page', texts: [said('Say <when> & "where"', 'Other')] };
  return { texts: [said('Hello')] };
});

function conversation(name: string, suite: string, turns: ConversationCase['turns']): ConversationCase {
  return { name, suite, file: suite, start: {}, stubs: {}, generators: {}, tags: [], turns };
}

async function outcomes(): Promise<CaseOutcome[]> {
  return runCases(agent.factory, [
    conversation('greets', 'golden/a.yaml', [{ input: { text: 'hi' }, webhooks: true, expect: { says: [[{ text: 'Hello' }]] } }]),
    conversation('books <fast>', 'golden/a.yaml', [
      { input: { text: 'hi' }, webhooks: true, expect: {} },
      { input: { text: 'hi' }, webhooks: true, expect: {} },
      { input: { text: 'book a "trip"' }, webhooks: true, expect: { page: 'Collect', says: [[{ text: 'When?' }]] }, at: 'golden/a.yaml:14' },
    ]),
    conversation('dtmf', 'divebooker', [{ input: { dtmf: '12#' }, webhooks: true, expect: { ended: true } }]),
  ]);
}

test('the diff names the case, the turn number and its input, then expected and actual per field', async () => {
  const [passed, failed, dtmf] = await outcomes();
  assert.ok(passed && failed && dtmf);
  assert.deepEqual(formatCaseDiff(passed), []);
  assert.deepEqual(formatCaseDiff(failed), [
    'books <fast> › turn 3 (user: "book a \\"trip\\"")  (golden/a.yaml:14)',
    '  - page: Collect',
    '  + page: Start Page',
    '  - says[0]: "When?"',
    '  + says[0]: "Say <when> & \\"where\\""',
    '    other variants: "Other"',
  ]);
  assert.deepEqual(formatCaseDiff(dtmf), ['dtmf › turn 1 (dtmf: "12#")', '  - ended: true', '  + ended: false']);
});

test('with colours on, expected lines are green, actual lines red and notes dim', async () => {
  const [, failed] = await outcomes();
  assert.ok(failed);
  const colors = pc.createColors(true);
  const lines = formatCaseDiff(failed, colors);
  assert.equal(lines[1], colors.green('  - page: Collect'));
  assert.equal(lines[2], colors.red('  + page: Start Page'));
  assert.equal(lines[5], colors.dim('    other variants: "Other"'));
  assert.notEqual(lines[1], '  - page: Collect');
});

test('a case line says pass or fail, the matched turns and where the case comes from', async () => {
  const [passed, failed] = await outcomes();
  assert.ok(passed && failed);
  assert.equal(caseLine(passed), '✓ greets (1/1 turns, golden/a.yaml)');
  assert.equal(caseLine(failed), '✗ books <fast> (2/3 turns, golden/a.yaml)');
});

test('escapeXml escapes markup and quotes and replaces characters XML cannot hold', () => {
  assert.equal(escapeXml(`<a & "b" 'c'>`), '&lt;a &amp; &quot;b&quot; &apos;c&apos;&gt;');
  assert.equal(escapeXml('bell\u0007 nul\u0000 tab\t ok'), 'bell\uFFFD nul\uFFFD tab\t ok');
  assert.equal(escapeXml('emoji 🐠 stays'), 'emoji 🐠 stays');
  assert.equal(escapeXml('lone \uD800 surrogate'), 'lone \uFFFD surrogate');
});

test('JUnit XML has one testsuite per source, one testcase per case, and a failure holding the escaped diff', async () => {
  const xml = toJUnitXml(await outcomes());
  assert.match(xml, /^<\?xml version="1\.0" encoding="UTF-8"\?>\n<testsuites name="cxhook test" tests="3" failures="2" errors="0" time="\d+\.\d{3}">/);
  const suites = [...xml.matchAll(/<testsuite name="([^"]+)" tests="(\d+)" failures="(\d+)"/g)].map((match) => match.slice(1));
  assert.deepEqual(suites, [
    ['golden/a.yaml', '2', '1'],
    ['divebooker', '1', '1'],
  ]);
  assert.match(xml, /<testcase name="greets" classname="golden\/a\.yaml" file="golden\/a\.yaml" time="\d+\.\d{3}"\/>/);
  assert.match(xml, /<testcase name="books &lt;fast&gt;" classname="golden\/a\.yaml"[^>]*>\n {6}<failure message="1 of 3 turns failed" type="mismatch">/);
  assert.ok(xml.includes('books &lt;fast&gt; › turn 3 (user: &quot;book a \\&quot;trip\\&quot;&quot;)'));
  assert.ok(xml.includes('  + says[0]: &quot;Say &lt;when&gt; &amp; \\&quot;where\\&quot;&quot;'));
  assert.ok(!xml.includes('<when>'));
  assert.equal(xml.match(/<testcase /g)?.length, 3);
  assert.equal(xml.match(/<failure /g)?.length, 2);
  assert.ok(xml.endsWith('</testsuites>\n'));
});

test('JUnit XML of an empty run is still a valid report', () => {
  assert.equal(toJUnitXml([]), '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="cxhook test" tests="0" failures="0" errors="0" time="0.000">\n</testsuites>\n');
});

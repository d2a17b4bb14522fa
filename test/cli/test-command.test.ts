// `cxhook test` end to end on the public agents: golden YAML and exported test cases through the
// real loader, simulator and app; diffs, JUnit, --grep, stubs, --no-webhooks, the progress display,
// exit codes and the one-line usage errors.
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { serve, type WebhookApp } from '../../src/index.ts';
import { sharedFixture } from '../../tools/support/shared-fixtures.ts';
import { LIBRARY_URL, moduleFolder, quietLogger, runCli } from './helpers.ts';

const DIVEBOOKER = fileURLToPath(sharedFixture('agents/divebooker/'));
const GRAFFITI = fileURLToPath(sharedFixture('agents/goodbye-graffiti/'));
const GOLDEN = fileURLToPath(new URL('../golden/', import.meta.url));
const files = moduleFolder();
after(() => files.remove());

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);

// The app the goodbye-graffiti agent calls (webhook lookup_place, tag geocode) once the location is known.
const APP = files.write(
  'app.ts',
  `import { createWebhook, createLogger } from ${JSON.stringify(LIBRARY_URL)};
export default createWebhook({ logger: createLogger({ level: 'silent' }) }).tag('geocode', (ctx) => {
  ctx.reply.text('Found ' + String(ctx.param('location'))).setParam('formatted_address', '1 Main St, Springfield');
});
`,
);

// Reports graffiti, gives the location, and expects what the app (or a stub) answers.
const REPORT = (answer: string, outcome: string) => `
name: reports graffiti
turns:
  - intent: head.report-graffiti
    expect: { page: Enter Location, says: [ /^Thank you for calling/, /identify the location/ ] }
  # The webhook's answer sets formatted_address, and the next route moves on with it.
  - user: 1600 Amphitheatre Parkway, Mountain View
    expect:
      page: Display Location
      says: [ ${JSON.stringify(answer)}, '/^Thanks, I have collected the final address: +1 Main St, Springfield\\./' ]
      webhook: { webhook: lookup_place, tag: geocode, outcome: ${outcome} }
      params: { formatted_address: "1 Main St, Springfield" }
`;

test('the divebooker goldens pass: exit 0, a line per case on stderr, and the summary as the last stdout line', async () => {
  const { code, stdout, stderr } = await runCli(['test', DIVEBOOKER, '--golden', join(GOLDEN, 'divebooker')], { cwd: files.dir });
  assert.equal(code, 0, stderr);
  assert.match(stderr, /^✓ greets the diver \(1\/1 turns, .*booking\.yaml\)$/m);
  assert.match(stderr, /^✓ books a liveaboard to Mexico \(4\/4 turns, .*booking\.yaml\)$/m);
  assert.match(stderr, /^all \d+ cases passed$/m);
  const last = lastLine(stdout);
  assert.match(last ?? '', /^testcases: cases=(\d+) turns=(\d+) turns_matched=\2$/);
  assert.equal(stdout.trimEnd(), last, 'nothing but the summary on stdout when every turn matched');
});

test('a failing golden exits 1 with a diff per failing turn, and the turns after it still run', async () => {
  const golden = files.write(
    'wrong.yaml',
    `name: wrong expectations
turns:
  - user: hi
    expect: { intent: head.send.group.request, says: [ Howdy ], params: { destination: Mexico } }
  - user: I would like to make a group booking to Mexico next June
    expect: { page: Collect Further Info }
  - user: my email is diver@example.com
    expect: { page: Somewhere Else }
`,
  );
  const { code, stdout, stderr } = await runCli(['test', DIVEBOOKER, '--golden', golden], { cwd: files.dir });
  assert.equal(code, 1);
  assert.match(stderr, /^✗ wrong expectations \(1\/3 turns, wrong\.yaml\)$/m);
  assert.match(stderr, /^1 of 1 cases failed$/m);
  const diff = stdout.split('\n');
  const first = diff.indexOf('wrong expectations › turn 1 (user: "hi")  (wrong.yaml:3)');
  assert.notEqual(first, -1, stdout);
  assert.deepEqual(diff.slice(first + 1, first + 4), ['  - intent: head.send.group.request', '  + intent: Default Welcome Intent', '  - says[0]: "Howdy"']);
  assert.match(diff[first + 4] ?? '', /^ {2}\+ says\[0\]: "(Hi! How are you doing\?|Hello! How can I help you\?|Good day! What can I do for you today\?|Greetings! How can I assist\?)"$/);
  assert.match(stdout, /^ {2}- params\.destination: "Mexico"\n {2}\+ params\.destination: \(unset\)$/m);
  assert.match(stdout, /^wrong expectations › turn 3 \(user: "my email is diver@example\.com"\) {2}\(wrong\.yaml:7\)\n {2}- page: Somewhere Else\n {2}\+ page: Collect Further Info$/m);
  assert.ok(!stdout.includes('turn 2 ('), 'the passing turn 2 has no diff');
  assert.equal(lastLine(stdout), 'testcases: cases=1 turns=3 turns_matched=1');
});

test('--junit writes one testsuite per golden file with a failure holding the diff', async () => {
  const good = files.write('junit-good.yaml', 'name: says hi\nturns:\n  - user: hi\n    expect: { intent: Default Welcome Intent }\n');
  const bad = files.write('junit-bad.yaml', 'name: expects <markup> & "quotes"\nturns:\n  - user: hi\n    expect: { page: Nowhere }\n');
  mkdirSync(join(files.dir, 'reports'), { recursive: true });
  const run = await runCli(['test', DIVEBOOKER, '--golden', good, bad, '--junit', 'reports/junit.xml'], { cwd: files.dir });
  assert.equal(run.code, 1);
  const xml = readFileSync(join(files.dir, 'reports/junit.xml'), 'utf8');
  assert.match(xml, /<testsuites name="cxhook test" tests="2" failures="1" errors="0"/);
  assert.match(xml, /<testsuite name="junit-good\.yaml" tests="1" failures="0"/);
  assert.match(xml, /<testsuite name="junit-bad\.yaml" tests="1" failures="1"/);
  assert.match(xml, /<testcase name="expects &lt;markup&gt; &amp; &quot;quotes&quot;" classname="junit-bad\.yaml"/);
  assert.match(xml, /<failure message="1 of 1 turns failed" type="mismatch">expects &lt;markup&gt; &amp; &quot;quotes&quot; › turn 1 \(user: &quot;hi&quot;\) {2}\(junit-bad\.yaml:3\)\n {2}- page: Nowhere\n {2}\+ page: Start Page<\/failure>/);
});

test('a JUnit file that cannot be written is a one-line error after the run, and the summary is still the last line', async () => {
  const good = files.write('junit-only.yaml', 'turns: [ { user: hi } ]\n');
  const { code, stdout, stderr } = await runCli(['test', DIVEBOOKER, '--golden', good, '--junit', 'missing-folder/junit.xml'], { cwd: files.dir });
  assert.equal(code, 1);
  assert.match(stderr, /^cxhook: cannot write the JUnit report missing-folder\/junit\.xml: .*ENOENT/m);
  assert.equal(stdout, 'testcases: cases=1 turns=1 turns_matched=1\n');
});

test('--grep runs only the cases whose name, file or tags contain the text, in any case', async () => {
  const golden = files.write('grep.yaml', 'name: Alpha\nturns: [ { user: hi } ]\n---\nname: beta\ntags: [smoke]\nturns: [ { user: hi } ]\n---\nname: gamma\nturns: [ { user: hi } ]\n');
  const byName = await runCli(['test', DIVEBOOKER, '--golden', golden, '--grep', 'ALPHA'], { cwd: files.dir });
  assert.equal(lastLine(byName.stdout), 'testcases: cases=1 turns=1 turns_matched=1');
  assert.match(byName.stderr, /✓ Alpha/);
  const byTag = await runCli(['test', DIVEBOOKER, '--golden', golden, '--grep', 'smoke'], { cwd: files.dir });
  assert.match(byTag.stderr, /✓ beta/);
  assert.doesNotMatch(byTag.stderr, /Alpha|gamma/);
  const none = await runCli(['test', DIVEBOOKER, '--golden', golden, '--grep', 'delta'], { cwd: files.dir });
  assert.equal(none.code, 2);
  assert.equal(none.stderr, 'cxhook: no test cases to run: none of the 3 cases matches --grep "delta"\n');
});

test("the agent's exported test cases run too, and pass when CX chose another variant than the simulator", async () => {
  const agent = join(files.dir, 'divebooker-with-tests');
  cpSync(DIVEBOOKER, agent, { recursive: true });
  mkdirSync(join(agent, 'testCases'));
  const turn = (text: string, output: Record<string, unknown>) => ({ userInput: { input: { text: { text }, languageCode: 'en' }, isWebhookEnabled: true }, virtualAgentOutput: output });
  const testCase = (displayName: string, turns: unknown[]) => ({
    name: `tc-${displayName}`,
    displayName,
    tags: ['#exported'],
    testConfig: { flow: 'Liveaboards', page: 'Start Page' },
    testCaseConversationTurns: turns,
    creationTime: { seconds: 1709328463, nanos: 885539000 },
    languageCode: 'en',
  });
  writeFileSync(
    join(agent, 'testCases', 'greeting.json'),
    JSON.stringify(
      testCase('greeting', [
        turn('hi', {
          triggeredIntent: { name: 'Default Welcome Intent' },
          currentPage: { name: 'Start Page', flow: 'Liveaboards' },
          textResponses: [{ text: ['Greetings! How can I assist?'] }],
        }),
      ]),
    ),
  );
  writeFileSync(
    join(agent, 'testCases', 'booking.json'),
    JSON.stringify(
      testCase('booking', [
        turn('I would like to make a group booking to Mexico next June', {
          triggeredIntent: { name: 'head.send.group.request' },
          currentPage: { name: 'Collect Further Info', flow: 'Liveaboards' },
          sessionParameters: { destination: 'Galapagos Islands' },
        }),
      ]),
    ),
  );
  const { code, stdout, stderr } = await runCli(['test', agent, '--junit', 'exported.xml'], { cwd: files.dir });
  assert.equal(code, 1);
  assert.match(stderr, /^✓ greeting \(1\/1 turns, divebooker-with-tests\)$/m);
  assert.match(stderr, /^✗ booking \(0\/1 turns, divebooker-with-tests\)$/m);
  assert.match(stdout, /^booking › turn 1 \(user: "I would like to make a group booking to Mexico next June"\) {2}\(\$\.testCaseConversationTurns\[0\]\)\n {2}- params\.destination: "Galapagos Islands"\n {2}\+ params\.destination: "Mexico"$/m);
  assert.equal(lastLine(stdout), 'testcases: cases=2 turns=2 turns_matched=1');
  const xml = readFileSync(join(files.dir, 'exported.xml'), 'utf8');
  assert.match(xml, /<testcase name="booking" classname="divebooker-with-tests" file="testCases\/booking\.json"/);
  rmSync(agent, { recursive: true, force: true });
});

test('--app calls the app in-process for the webhooks the agent calls', async () => {
  const golden = files.write('report-app.yaml', REPORT('Found 1600 Amphitheatre Parkway, Mountain View', 'ok'));
  const { code, stdout, stderr } = await runCli(['test', GRAFFITI, '--app', APP, '--golden', golden], { cwd: files.dir });
  assert.equal(code, 0, stdout + stderr);
  assert.equal(lastLine(stdout), 'testcases: cases=1 turns=2 turns_matched=2');
});

test('--url calls a running webhook over HTTP instead', async () => {
  const { default: app } = (await import(APP)) as { default: WebhookApp };
  const server = await serve({ apps: { '/webhook': app }, host: '127.0.0.1', port: 0, logger: quietLogger(), handleSignals: false });
  try {
    const golden = files.write('report-url.yaml', REPORT('Found 1600 Amphitheatre Parkway, Mountain View', 'ok'));
    const { code, stdout, stderr } = await runCli(['test', GRAFFITI, '--url', `${server.url}/webhook`, '--golden', golden], { cwd: files.dir });
    assert.equal(code, 0, stdout + stderr);
    assert.equal(lastLine(stdout), 'testcases: cases=1 turns=2 turns_matched=2');
  } finally {
    await server.close();
  }
});

test('a --stubs file answers webhooks by tag, and a golden conversation stub of the same name wins over it', async () => {
  writeFileSync(
    join(files.dir, 'stubs.yaml'),
    'geocode:\n  fulfillmentResponse: { messages: [ { text: { text: [ Stubbed from the file ] } } ] }\n  sessionInfo: { parameters: { formatted_address: "1 Main St, Springfield" } }\n',
  );
  const fromFile = files.write('report-stub.yaml', REPORT('Stubbed from the file', 'stubbed'));
  const viaFile = await runCli(['test', GRAFFITI, '--stubs', 'stubs.yaml', '--golden', fromFile], { cwd: files.dir });
  assert.equal(viaFile.code, 0, viaFile.stdout + viaFile.stderr);
  const own = files.write(
    'report-own-stub.yaml',
    `stubs:\n  geocode: { fulfillmentResponse: { messages: [ { text: { text: [ From the golden ] } } ] }, sessionInfo: { parameters: { formatted_address: "1 Main St, Springfield" } } }${REPORT('From the golden', 'stubbed')}`,
  );
  const viaGolden = await runCli(['test', GRAFFITI, '--stubs', 'stubs.yaml', '--golden', own], { cwd: files.dir });
  assert.equal(viaGolden.code, 0, viaGolden.stdout + viaGolden.stderr);
  // Without any stub or app the call fails like an unreachable webhook.
  const unanswered = await runCli(['test', GRAFFITI, '--golden', fromFile], { cwd: files.dir });
  assert.equal(unanswered.code, 1);
  assert.match(unanswered.stdout, /\+ webhook: lookup_place tag=geocode (unreachable|not-implemented)/);
});

test('a stubs module may answer with a function of the request', async () => {
  const module = files.write(
    'stubs.ts',
    `export default {
  geocode: (request: { sessionInfo: { parameters: Record<string, unknown> } }) => ({
    fulfillmentResponse: { messages: [{ text: { text: ['Computed for ' + String(request.sessionInfo.parameters.location)] } }] },
    sessionInfo: { parameters: { formatted_address: '1 Main St, Springfield' } },
  }),
};
`,
  );
  const golden = files.write('report-fn.yaml', REPORT('Computed for 1600 Amphitheatre Parkway, Mountain View', 'stubbed'));
  const { code, stdout, stderr } = await runCli(['test', GRAFFITI, '--stubs', module, '--golden', golden], { cwd: files.dir });
  assert.equal(code, 0, stdout + stderr);
});

test('--no-webhooks runs every turn without webhook calls', async () => {
  const golden = files.write('no-calls.yaml', 'turns:\n  - intent: head.report-graffiti\n  - user: 1600 Amphitheatre Parkway, Mountain View\n    expect: { webhook: false }\n');
  const withCalls = await runCli(['test', GRAFFITI, '--app', APP, '--golden', golden], { cwd: files.dir });
  assert.equal(withCalls.code, 1);
  assert.match(withCalls.stdout, /- webhook: \(no call\)\n {2}\+ webhook: lookup_place tag=geocode ok/);
  const without = await runCli(['test', GRAFFITI, '--app', APP, '--golden', golden, '--no-webhooks'], { cwd: files.dir });
  assert.equal(without.code, 0, without.stdout);
});

test('on a terminal, progress is a bar on stderr that is cleared before the verdict', async () => {
  const { code, stderr, stdout } = await runCli(['test', DIVEBOOKER, '--golden', join(GOLDEN, 'divebooker')], { cwd: files.dir, stderrIsTTY: true });
  assert.equal(code, 0);
  assert.match(stderr, /cxhook test [█░]+ 0\/\d+ cases · 0 failed/);
  // The full bar names the case that finished last: the last conversation of the golden file.
  assert.match(stderr, /cxhook test █+ (\d+)\/\1 cases · 0 failed · a bare e-mail at the guests prompt/);
  assert.doesNotMatch(stderr, /^✓ /m, 'no per-case lines when the bar is shown');
  assert.match(stderr, /\x1b\[2K/, 'the bar line is cleared');
  assert.match(lastLine(stdout) ?? '', /^testcases: /);
});

test('usage errors exit 2 with one line naming what is wrong', async () => {
  const cases: [string[], RegExp][] = [
    [['test', join(files.dir, 'no-such-agent')], /^cxhook: No agent export at .*no-such-agent: nothing exists there\n$/],
    [['test', DIVEBOOKER], /^cxhook: no test cases to run: the agent .* has no test cases \(testCases\/\) and no --golden was given\n$/],
    [['test', DIVEBOOKER, '--golden', 'missing.yaml'], /^cxhook: cannot find golden file or folder missing\.yaml \(looked for .*missing\.yaml\)\n$/],
    [['test', DIVEBOOKER, '--app', APP, '--url', 'http://127.0.0.1:1/webhook'], /^cxhook: --app and --url are two ways to reach the webhook: give one\n$/],
    [['test', DIVEBOOKER, '--url', 'not a url'], /^cxhook: --url "not a url" is not a URL/],
    [['test', DIVEBOOKER, '--app', 'missing-app.ts'], /^cxhook: cannot find module missing-app\.ts/],
    [['test', DIVEBOOKER, '--stubs', 'missing-stubs.json'], /^cxhook: cannot find stubs file missing-stubs\.json/],
  ];
  for (const [argv, expected] of cases) {
    const { code, stdout, stderr } = await runCli(argv, { cwd: files.dir });
    assert.equal(code, 2, argv.join(' '));
    assert.match(stderr, expected);
    assert.equal(stdout, '');
  }
});

test('a bad golden or stubs file exits 2 naming the file, the line and the path', async () => {
  files.write('bad.yaml', 'name: typo\nturns:\n  - user: hi\n    expcet: { page: P }\n');
  const golden = await runCli(['test', DIVEBOOKER, '--golden', 'bad.yaml'], { cwd: files.dir });
  assert.equal(golden.code, 2);
  assert.equal(golden.stderr, 'cxhook: Invalid golden conversation file bad.yaml: line 4, turns[0].expcet: unknown key "expcet"\n');
  files.write('broken.yaml', 'turns:\n  - user: [hi\n');
  assert.match((await runCli(['test', DIVEBOOKER, '--golden', 'broken.yaml'], { cwd: files.dir })).stderr, /^cxhook: Invalid golden conversation file broken\.yaml: line \d+, YAML: /);
  files.write('bad-stubs.json', JSON.stringify({ geocode: { fulfilmentResponse: {} } }));
  const stubs = await runCli(['test', DIVEBOOKER, '--golden', join(GOLDEN, 'divebooker'), '--stubs', 'bad-stubs.json'], { cwd: files.dir });
  assert.equal(stubs.code, 2);
  assert.equal(stubs.stderr, 'cxhook: stubs file bad-stubs.json: geocode.fulfilmentResponse: unknown field "fulfilmentResponse"\n');
  files.write('not-json.json', '{ geocode: ');
  assert.match((await runCli(['test', DIVEBOOKER, '--golden', join(GOLDEN, 'divebooker'), '--stubs', 'not-json.json'], { cwd: files.dir })).stderr, /^cxhook: stubs file not-json\.json is not valid JSON: /);
  files.write('list.yaml', '- geocode\n');
  assert.match((await runCli(['test', DIVEBOOKER, '--golden', join(GOLDEN, 'divebooker'), '--stubs', 'list.yaml'], { cwd: files.dir })).stderr, /^cxhook: stubs file list\.yaml: stubs must be an object/);
});

test('a golden folder is searched for .yaml and .yml files, and an empty one is an error', async () => {
  const dir = join(files.dir, 'goldens');
  mkdirSync(join(dir, 'nested'), { recursive: true });
  writeFileSync(join(dir, 'a.yaml'), 'name: from a\nturns: [ { user: hi } ]\n');
  writeFileSync(join(dir, 'nested', 'b.yml'), 'name: from b\nturns: [ { user: hi } ]\n');
  writeFileSync(join(dir, 'notes.txt'), 'not a golden');
  const { code, stderr, stdout } = await runCli(['test', DIVEBOOKER, '--golden', 'goldens'], { cwd: files.dir });
  assert.equal(code, 0);
  assert.match(stderr, /✓ from a \(1\/1 turns, goldens\/a\.yaml\)\n✓ from b \(1\/1 turns, goldens\/nested\/b\.yml\)/);
  assert.equal(lastLine(stdout), 'testcases: cases=2 turns=2 turns_matched=2');
  mkdirSync(join(files.dir, 'empty-goldens'));
  const empty = await runCli(['test', DIVEBOOKER, '--golden', 'empty-goldens'], { cwd: files.dir });
  assert.equal(empty.code, 2);
  assert.equal(empty.stderr, 'cxhook: golden folder empty-goldens holds no .yaml or .yml file\n');
  assert.ok(existsSync(join(GOLDEN, 'divebooker', 'booking.yaml')));
});

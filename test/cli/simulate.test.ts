// `cxhook simulate`: the REPL's line syntax, what a turn prints, the loop on a scripted simulator,
// and the real command driven through piped stdin against the public agents.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { after, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import pc from 'picocolors';
import { parseLine } from '../../src/cli/repl-line.ts';
import { formatTurn, repl } from '../../src/cli/run-simulate.ts';
import { sharedFixture } from '../../tools/support/shared-fixtures.ts';
import { fakeFactory, result, said } from '../simulator/testing/fake-simulator.ts';
import { capture, LIBRARY_URL, moduleFolder, runCli } from './helpers.ts';

const DIVEBOOKER = fileURLToPath(sharedFixture('agents/divebooker/'));
const GRAFFITI = fileURLToPath(sharedFixture('agents/goodbye-graffiti/'));
const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const files = moduleFolder();
after(() => files.remove());

test('a plain line is user text, and slash commands become intents, events and DTMF', () => {
  assert.deepEqual(parseLine('  I want to book a trip  '), { kind: 'turn', turn: { text: 'I want to book a trip' } });
  assert.deepEqual(parseLine('/intent Default Welcome Intent'), { kind: 'turn', turn: { intent: 'Default Welcome Intent' } });
  assert.deepEqual(parseLine('/intent head.send.group.request destination=Mexico guests=4 when={"year":2026}'), {
    kind: 'turn',
    turn: { intent: 'head.send.group.request', parameters: { destination: 'Mexico', guests: 4, when: { year: 2026 } } },
  });
  assert.deepEqual(parseLine('/event custom.ping'), { kind: 'turn', turn: { event: 'custom.ping' } });
  assert.deepEqual(parseLine('/dtmf 12#'), { kind: 'turn', turn: { dtmf: '12#' } });
  for (const command of ['params', 'reset', 'quit', 'help'] as const) assert.deepEqual(parseLine(`/${command}`), { kind: command });
  assert.deepEqual(parseLine('/exit'), { kind: 'quit' });
  assert.deepEqual(parseLine('   '), { kind: 'empty' });
});

test('a slash command used wrongly is a message, not a turn', () => {
  const errors = ['/intent', '/intent =4', '/event', '/dtmf', '/dtmf 12a', '/params now', '/teleport'].map((line) => parseLine(line));
  assert.ok(errors.every((line) => line.kind === 'error'), JSON.stringify(errors));
  assert.deepEqual(parseLine('/teleport'), { kind: 'error', message: 'unknown command /teleport (try /help)' });
  assert.deepEqual(parseLine('/dtmf 12a'), { kind: 'error', message: '/dtmf needs digits (0-9, * and #), e.g. /dtmf 12#' });
});

test('a turn prints the texts, then the match, the page change, each webhook call and the events', () => {
  const state = { flow: 'Default Start Flow', page: 'Enter Location', parameters: {}, ended: false };
  const turn = result(state, {
    match: { kind: 'intent', intent: 'head.report-graffiti', confidence: 0.876 },
    texts: [said('Found it'), said('Anything else?')],
    page: 'Display Location',
    webhookCalls: [
      { webhook: 'lookup_place', tag: 'geocode', outcome: 'ok', httpStatus: 200, durationMs: 12.4, request: {} },
      { webhook: 'validate', tag: 'check', outcome: 'timeout', durationMs: 5000, request: {}, event: 'webhook.error.timeout' },
    ],
    events: ['webhook.error.timeout'],
    ended: true,
  });
  assert.deepEqual(formatTurn(turn, state, pc.createColors(false)), [
    'Found it',
    'Anything else?',
    '  · intent head.report-graffiti (0.88)',
    '  · page Default Start Flow › Enter Location → Default Start Flow › Display Location',
    '  · webhook lookup_place tag=geocode ok 200 12 ms',
    '  · webhook validate tag=check timeout 5000 ms',
    '  · events webhook.error.timeout',
    '  · conversation ended (/reset starts a new one)',
  ]);
  const quiet = formatTurn(result(state, { match: { kind: 'no-match' } }), state, pc.createColors(false));
  assert.deepEqual(quiet, ['  · match (no match)'], 'no page line when the page did not change');
  const colored = formatTurn(result(state, { texts: [said('Hi')] }), state, pc.createColors(true));
  assert.equal(colored[0], 'Hi');
  assert.equal(colored[1], pc.createColors(true).dim('  · match (no match)'));
});

test('the loop sends each line, echoes piped input, keeps going after mistakes and stops at /quit', async () => {
  const { factory, record } = fakeFactory((turn, state) => {
    if ('text' in turn && turn.text === 'bye') return { texts: [said('Goodbye')], ended: true };
    if ('text' in turn && turn.text === 'boom') return new Error('no route\nfor this');
    return { texts: [said(`echo ${JSON.stringify(turn)}`)], sessionParameters: { ...state.parameters, turns: ((state.parameters.turns as number) ?? 0) + 1 } };
  });
  const simulator = factory({ stubs: {}, generators: {} });
  const out = capture();
  const input = Readable.from(['hi\n/bogus\n/params\nboom\n/event custom.ping\nbye\nstill there?\n/reset\n/dtmf 1#\n/quit\nnever sent\n']);
  await repl({ simulator, start: { flow: 'Liveaboards' }, input, io: out.io, interactive: false });
  assert.deepEqual(
    record.sent.map((sent) => [sent.session, sent.turn]),
    [
      ['fake-1', { text: 'hi' }],
      ['fake-1', { text: 'boom' }],
      ['fake-1', { event: 'custom.ping' }],
      ['fake-1', { text: 'bye' }],
      ['fake-2', { dtmf: '1#' }],
    ],
  );
  assert.deepEqual(record.starts, [{ flow: 'Liveaboards' }, { flow: 'Liveaboards' }]);
  const stdout = out.stdout();
  assert.match(stdout, /^you › hi\necho \{"text":"hi"\}\n {2}· match \(no match\)\n/);
  assert.match(stdout, /you › \/params\n\{\n {2}"turns": 1\n\}\n/);
  assert.match(stdout, /you › bye\nGoodbye\n {2}· match \(no match\)\n {2}· conversation ended/);
  assert.match(stdout, /you › \/reset\n {2}· new session at Liveaboards › Start Page\n/);
  assert.ok(!stdout.includes('never sent'));
  const stderr = out.stderr();
  assert.match(stderr, /^simulating fake from Liveaboards › Start Page; \/help lists the commands\n/);
  assert.match(stderr, /unknown command \/bogus \(try \/help\)\n/);
  assert.match(stderr, /the turn failed: no route for this\n/);
  assert.match(stderr, /the conversation has ended; \/reset starts a new one\n/);
});

/** Runs the real command with `lines` piped to its stdin. */
function simulate(args: string[], lines: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'simulate', ...args], {
      cwd: ROOT,
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolvePromise({ code, stdout, stderr }));
    child.stdin.end(lines);
  });
}

test('piped into the real command, the divebooker agent greets, books and shows its parameters, then exits 0 at the end of input', async () => {
  const { code, stdout, stderr } = await simulate([DIVEBOOKER], 'hi\nI would like to make a group booking to Mexico next June\n/params\n/intent Default Welcome Intent\n');
  assert.equal(code, 0, stderr);
  assert.match(stderr, /^simulating .*divebooker.* from Liveaboards › Start Page; \/help lists the commands$/m);
  assert.match(stdout, /^you › hi\n(Hi! How are you doing\?|Hello! How can I help you\?|Good day! What can I do for you today\?|Greetings! How can I assist\?)\n {2}· intent Default Welcome Intent \(\d\.\d\d\)\n/);
  assert.match(stdout, /To assist you with that I need to collect the details of your travel/);
  assert.match(stdout, / {2}· page Liveaboards › Start Page → Liveaboards › Collect Further Info\n/);
  assert.match(stdout, /"destination": "Mexico"/);
  // On the form page the greeting is followed by the prompt for the parameter still missing.
  assert.match(stdout, /you › \/intent Default Welcome Intent\n.*\nNow please tell me the number of guests\n {2}· intent Default Welcome Intent \(1\.00\)\n$/);
});

test('with --app the webhook calls reach the app, and --flow/--page start the session elsewhere', async () => {
  const app = files.write(
    'app.ts',
    `import { createWebhook, createLogger } from ${JSON.stringify(LIBRARY_URL)};
export default createWebhook({ logger: createLogger({ level: 'silent' }) }).tag('geocode', (ctx) => {
  ctx.reply.text('Found ' + String(ctx.param('location')));
});
`,
  );
  const { code, stdout, stderr } = await simulate(
    [GRAFFITI, '--app', app, '--flow', 'Default Start Flow', '--page', 'Enter Location'],
    '1600 Amphitheatre Parkway, Mountain View\n',
  );
  assert.equal(code, 0, stderr);
  assert.match(stderr, /from Default Start Flow › Enter Location;/);
  assert.match(stdout, /Found 1600 Amphitheatre Parkway, Mountain View\n/);
  assert.match(stdout, / {2}· webhook lookup_place tag=geocode ok 200 \d+ ms\n/);
});

test('a missing agent or stubs file exits 2 before the first turn', async () => {
  const missing = await runCli(['simulate', join(files.dir, 'nowhere')], { cwd: files.dir });
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /^cxhook: No agent export at .*nowhere: nothing exists there\n$/);
  const stubs = await runCli(['simulate', DIVEBOOKER, '--stubs', 'nope.yaml'], { cwd: files.dir });
  assert.equal(stubs.code, 2);
  assert.match(stubs.stderr, /^cxhook: cannot find stubs file nope\.yaml/);
});

// The runner: a fresh simulator and session per case, every turn compared, failures that do not
// stop a case, ends and throws that do, progress per case, and the summary counts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TestCase } from '../../../src/agent/model.ts';
import { fromTestCase, runCases, summarize, summaryLine, type ConversationCase } from '../../../src/simulator/testing/index.ts';
import { fakeFactory, said } from './fake-simulator.ts';

function conversation(name: string, turns: ConversationCase['turns'], patch: Partial<ConversationCase> = {}): ConversationCase {
  return { name, suite: 'golden/a.yaml', file: 'golden/a.yaml', start: {}, stubs: {}, generators: {}, tags: [], turns, ...patch };
}

const hi = { input: { text: 'hi' }, webhooks: true, expect: { says: [[{ text: 'Hello' }]] } };

// An agent that greets, moves to Booking on "book", ends on "bye" and fails on "crash".
const agent = fakeFactory((turn, state) => {
  if ('text' in turn && turn.text === 'hi') return { match: { kind: 'intent', intent: 'greet', confidence: 1 }, texts: [said('Hello', 'Hi there')] };
  if ('text' in turn && turn.text === 'book') return { page: 'Booking', sessionParameters: { ...state.parameters, step: 1 } };
  if ('text' in turn && turn.text === 'bye') return { texts: [said('Goodbye')], ended: true };
  if ('text' in turn && turn.text === 'crash') return new Error('unknown intent "nope"\nin flow X');
  return {};
});

test('each case gets its own simulator and session, started where the case says, with its stubs and language', async () => {
  const { factory, record } = fakeFactory(() => ({}));
  const stubs = { geocode: { fulfillmentResponse: {} } };
  await runCases(factory, [
    conversation('a', [hi], { start: { flow: 'Liveaboards', page: 'Start Page', parameters: { vip: true } }, stubs, languageCode: 'de' }),
    conversation('b', [hi, hi]),
  ]);
  assert.deepEqual(record.setups, [{ stubs, generators: {}, languageCode: 'de' }, { stubs: {}, generators: {} }]);
  assert.deepEqual(record.starts, [{ flow: 'Liveaboards', page: 'Start Page', parameters: { vip: true } }, {}]);
  assert.deepEqual(record.sent.map((sent) => sent.session), ['fake-1', 'fake-2', 'fake-2']);
});

test('injected parameters and the webhook switch go with each turn, and --no-webhooks turns every call off', async () => {
  const { factory, record } = fakeFactory(() => ({}));
  const cases = [conversation('a', [{ ...hi, parameters: { guests: 4 } }, { ...hi, webhooks: false }])];
  await runCases(factory, cases);
  assert.deepEqual(record.sent.map((sent) => sent.options), [{ parameters: { guests: 4 }, webhooks: true }, { webhooks: false }]);
  await runCases(factory, cases, { webhooks: false });
  assert.deepEqual(record.sent.slice(2).map((sent) => sent.options?.webhooks), [false, false]);
});

test('a failing turn is recorded with its differences and the case goes on to the next turn', async () => {
  const cases = [
    conversation('trip', [
      { input: { text: 'hi' }, webhooks: true, expect: { says: [[{ text: 'Howdy' }]] } },
      { input: { text: 'book' }, webhooks: true, expect: { page: 'Booking', params: { step: 1 } } },
    ]),
  ];
  const [outcome] = await runCases(agent.factory, cases);
  assert.ok(outcome);
  assert.equal(outcome.passed, false);
  assert.deepEqual(outcome.turns.map((turn) => turn.number), [1, 2]);
  assert.deepEqual(outcome.turns[0]?.mismatches, [{ field: 'says[0]', expected: '"Howdy"', actual: '"Hello"', note: 'other variants: "Hi there"' }]);
  assert.deepEqual(outcome.turns[1]?.mismatches, []);
  assert.equal(outcome.turns[1]?.result?.page, 'Booking');
});

test('once the conversation ends, the remaining turns are not run and count as failed', async () => {
  const bye = { input: { text: 'bye' }, webhooks: true, expect: { ended: true } };
  const [outcome] = await runCases(agent.factory, [conversation('short', [bye, hi, hi])]);
  assert.ok(outcome);
  assert.equal(outcome.turns[0]?.mismatches.length, 0);
  assert.equal(outcome.turns[1]?.result, undefined);
  assert.deepEqual(outcome.turns[1]?.mismatches, [{ field: 'turn', expected: 'to run', actual: 'not run: the conversation ended at turn 1' }]);
  assert.equal(outcome.turns.length, 3);
  assert.equal(outcome.passed, false);
  // Ending on the last turn is how a conversation should end: nothing is left to fail.
  const [ending] = await runCases(agent.factory, [conversation('ends', [hi, bye])]);
  assert.equal(ending?.passed, true);
});

test('a turn that throws is reported on one line and stops its case, not the run', async () => {
  const crash = { input: { text: 'crash' }, webhooks: true, expect: {} };
  const outcomes = await runCases(agent.factory, [conversation('broken', [crash, hi]), conversation('fine', [hi])]);
  assert.deepEqual(outcomes[0]?.turns.map((turn) => turn.mismatches), [
    [{ field: 'error', expected: 'a turn result', actual: 'unknown intent "nope" in flow X' }],
    [{ field: 'turn', expected: 'to run', actual: 'not run: turn 1 failed' }],
  ]);
  assert.equal(outcomes[1]?.passed, true);
});

test('a simulator that cannot start fails every turn of its case with the reason', async () => {
  const factory = () => {
    throw new Error('no flow named "Nope"');
  };
  const [outcome] = await runCases(factory, [conversation('lost', [hi, hi])]);
  assert.deepEqual(outcome?.turns.map((turn) => [turn.number, turn.mismatches[0]?.actual]), [
    [1, 'not run: the simulator could not start: no flow named "Nope"'],
    [2, 'not run: the simulator could not start: no flow named "Nope"'],
  ]);
});

test('progress is reported after each case with the count done and the total', async () => {
  const seen: [number, number, string, boolean][] = [];
  await runCases(agent.factory, [conversation('one', [hi]), conversation('two', [{ ...hi, expect: { page: 'Elsewhere' } }])], {
    onProgress: ({ done, total, outcome }) => seen.push([done, total, outcome.case.name, outcome.passed]),
  });
  assert.deepEqual(seen, [
    [1, 2, 'one', true],
    [2, 2, 'two', false],
  ]);
});

test('the summary counts cases, turns and matched turns, and a turn that never ran is not matched', async () => {
  const bye = { input: { text: 'bye' }, webhooks: true, expect: {} };
  const outcomes = await runCases(agent.factory, [
    conversation('all good', [hi, hi]),
    conversation('one wrong', [hi, { ...hi, expect: { page: 'Nowhere' } }, hi]),
    conversation('ends early', [bye, hi]),
  ]);
  const summary = summarize(outcomes);
  assert.deepEqual(summary, { cases: 3, failedCases: 2, turns: 7, turnsMatched: 5 });
  assert.equal(summaryLine(summary), 'testcases: cases=3 turns=7 turns_matched=5');
  assert.equal(summaryLine(summarize([])), 'testcases: cases=0 turns=0 turns_matched=0');
});

const EXPORTED: TestCase = {
  id: 'b8b1a5c2',
  displayName: 'book a trip',
  tags: ['#smoke'],
  flow: 'Liveaboards',
  page: 'Start Page',
  languageCode: 'en',
  source: { file: 'testCases/book a trip.json', path: '$' },
  turns: [
    {
      input: { kind: 'text', text: 'hi' },
      isWebhookEnabled: true,
      injectedParameters: { vip: true },
      expected: { intent: 'greet', page: 'Start Page', flow: 'Liveaboards', textResponses: [['Hi there']], sessionParameters: { vip: true } },
    },
    { input: { kind: 'event', event: 'custom.ping' }, isWebhookEnabled: false, expected: {} },
    { input: { kind: 'dtmf', digits: '12#' }, isWebhookEnabled: true, expected: {} },
    { input: { kind: 'intent', intent: 'greet', parameters: { who: 'me' } }, isWebhookEnabled: true, expected: {} },
  ],
};

test('an exported test case becomes a case: its start, language, inputs, injected parameters and expectations', () => {
  const converted = fromTestCase(EXPORTED, 'divebooker');
  assert.equal(converted.name, 'book a trip');
  assert.equal(converted.suite, 'divebooker');
  assert.equal(converted.file, 'testCases/book a trip.json');
  assert.deepEqual(converted.start, { flow: 'Liveaboards', page: 'Start Page' });
  assert.equal(converted.languageCode, 'en');
  assert.deepEqual(converted.tags, ['#smoke']);
  assert.deepEqual(
    converted.turns.map((turn) => [turn.input, turn.webhooks, turn.parameters]),
    [
      [{ text: 'hi' }, true, { vip: true }],
      [{ event: 'custom.ping' }, false, undefined],
      [{ dtmf: '12#' }, true, undefined],
      [{ intent: 'greet', parameters: { who: 'me' } }, true, undefined],
    ],
  );
  assert.deepEqual(converted.turns[0]?.expect, {
    intent: 'greet',
    flow: 'Liveaboards',
    page: 'Start Page',
    says: [[{ text: 'Hi there' }]],
    params: { vip: true },
  });
  assert.equal(converted.turns[1]?.at, '$.testCaseConversationTurns[1]');
});

test('an exported test case passes when CX chose another variant than the simulator does', async () => {
  const [outcome] = await runCases(agent.factory, [fromTestCase({ ...EXPORTED, turns: EXPORTED.turns.slice(0, 1) }, 'divebooker')]);
  // The fake says "Hello"; CX had said "Hi there", which is another variant of the same message.
  assert.equal(outcome?.turns[0]?.result?.texts[0]?.text, 'Hello');
  assert.deepEqual(outcome?.turns[0]?.mismatches, []);
});

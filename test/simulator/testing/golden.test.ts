// The golden YAML format: its three layouts, what each key becomes in a case, and errors that name
// the file, the line and the YAML path.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CxhookError } from '../../../src/errors/index.ts';
import { parseGolden, type GoldenIssue } from '../../../src/simulator/testing/index.ts';

function problems(text: string): { message: string; details: GoldenIssue[] } {
  try {
    parseGolden(text, 'golden/trip.yaml');
  } catch (error) {
    assert.ok(error instanceof CxhookError);
    assert.equal(error.code, 'CXH_ERR_INVALID_GOLDEN');
    return { message: error.message, details: error.details as GoldenIssue[] };
  }
  assert.fail('the file was accepted');
}

const FULL = `
name: books a liveaboard
tags: [smoke]
language: en
start: { flow: Liveaboards, page: Start Page, parameters: { vip: true } }
webhooks: false
stubs:
  geocode: { fulfillmentResponse: { messages: [ { text: { text: [Found it] } } ] } }
turns:
  - user: I want to book a trip
    parameters: { channel: web }
    webhooks: true
    expect:
      intent: head.send.group.request
      flow: Liveaboards
      page: Collect Further Info
      says: [ "To assist you", "/^Where would/" ]
      params: { destination: null, guests: 4 }
      webhook: { tag: geocode, outcome: stubbed }
      events: webhook.error
      ended: false
  - intent: { name: head.send.group.request, parameters: { destination: Mexico } }
  - intent: Default Welcome Intent
  - event: custom.ping
  - dtmf: 12
`;

test('a conversation document becomes a case with its start, stubs, language, tags and turns', () => {
  const [conversation, ...rest] = parseGolden(FULL, 'golden/trip.yaml');
  assert.equal(rest.length, 0);
  assert.ok(conversation);
  assert.equal(conversation.name, 'books a liveaboard');
  assert.equal(conversation.suite, 'golden/trip.yaml');
  assert.equal(conversation.file, 'golden/trip.yaml');
  assert.deepEqual(conversation.tags, ['smoke']);
  assert.equal(conversation.languageCode, 'en');
  assert.deepEqual(conversation.start, { flow: 'Liveaboards', page: 'Start Page', parameters: { vip: true } });
  assert.deepEqual(conversation.stubs, { geocode: { fulfillmentResponse: { messages: [{ text: { text: ['Found it'] } }] } } });
  assert.deepEqual(
    conversation.turns.map((turn) => turn.input),
    [
      { text: 'I want to book a trip' },
      { intent: 'head.send.group.request', parameters: { destination: 'Mexico' } },
      { intent: 'Default Welcome Intent' },
      { event: 'custom.ping' },
      { dtmf: '12' },
    ],
  );
  // The turn's own `webhooks: true` wins over the conversation's `webhooks: false`.
  assert.deepEqual(conversation.turns.map((turn) => turn.webhooks), [true, false, false, false, false]);
  assert.deepEqual(conversation.turns[0]?.parameters, { channel: 'web' });
  assert.equal(conversation.turns[0]?.at, 'golden/trip.yaml:10');
  const expect = conversation.turns[0]?.expect;
  assert.ok(expect?.says);
  assert.deepEqual(expect.says[0], [{ text: 'To assist you' }]);
  const pattern = expect.says[1]?.[0];
  assert.ok(pattern && 'pattern' in pattern);
  assert.equal(String(pattern.pattern), '/^Where would/');
  assert.deepEqual(
    { ...expect, says: undefined },
    {
      intent: 'head.send.group.request',
      flow: 'Liveaboards',
      page: 'Collect Further Info',
      says: undefined,
      params: { destination: null, guests: 4 },
      webhook: { tag: 'geocode', outcome: 'stubbed' },
      events: ['webhook.error'],
      ended: false,
    },
  );
  assert.deepEqual(conversation.turns[1]?.expect, {});
});

test('several documents separated by --- are several cases, unnamed ones numbered in file order', () => {
  const cases = parseGolden('turns: [ { user: hi } ]\n---\nname: second\nturns: [ { user: bye } ]\n---\nturns: [ { user: again } ]\n---\n', 'g.yaml');
  assert.deepEqual(cases.map((one) => one.name), ['conversation 1', 'second', 'conversation 3']);
  assert.deepEqual(cases.map((one) => one.turns[0]?.at), ['g.yaml:1', 'g.yaml:4', 'g.yaml:6']);
});

test('a list under conversations: shares its file-level stubs, and a conversation stub of the same name wins', () => {
  const text = `
stubs:
  geocode: { fulfillmentResponse: { messages: [ { text: { text: [shared] } } ] } }
  lookup_place: { sessionInfo: { parameters: { found: true } } }
conversations:
  - name: first
    turns: [ { user: hi } ]
  - name: second
    stubs:
      geocode: { fulfillmentResponse: { messages: [ { text: { text: [own] } } ] } }
    turns:
      - user: hi
      - user: again
`;
  const [first, second] = parseGolden(text, 'g.yaml');
  assert.deepEqual(Object.keys(first?.stubs ?? {}), ['geocode', 'lookup_place']);
  assert.deepEqual(second?.stubs.geocode, { fulfillmentResponse: { messages: [{ text: { text: ['own'] } }] } });
  assert.deepEqual(second?.stubs.lookup_place, { sessionInfo: { parameters: { found: true } } });
  assert.equal(second?.turns[1]?.at, 'g.yaml:13');
});

test('generator answers are shared from the file level, and a conversation answer for the same generator wins', () => {
  const text = `
generators: { Summary: shared summary, Welcome: hello }
conversations:
  - turns: [ { user: hi } ]
  - generators: { Summary: own summary }
    turns: [ { user: hi } ]
`;
  const [first, second] = parseGolden(text, 'g.yaml');
  assert.deepEqual(first?.generators, { Summary: 'shared summary', Welcome: 'hello' });
  assert.deepEqual(second?.generators, { Summary: 'own summary', Welcome: 'hello' });
  assert.throws(() => parseGolden('generators: { Summary: [1] }\nturns: [ { user: hi } ]\n', 'g.yaml'), { code: 'CXH_ERR_INVALID_GOLDEN', message: /generators\.Summary/ });
});

test('a single expected text or event needs no list', () => {
  const [conversation] = parseGolden('turns:\n  - user: hi\n    expect: { says: Hello, events: sys.no-match-1 }\n', 'g.yaml');
  assert.deepEqual(conversation?.turns[0]?.expect, { says: [[{ text: 'Hello' }]], events: ['sys.no-match-1'] });
});

test('a text written { text: … } is literal even when it looks like a /pattern/', () => {
  const [conversation] = parseGolden('turns:\n  - user: hi\n    expect: { says: [ { text: "/not a pattern/" } ] }\n', 'g.yaml');
  assert.deepEqual(conversation?.turns[0]?.expect.says, [[{ text: '/not a pattern/' }]]);
});

test('an unknown key is reported at the key, with its line and path', () => {
  const { message, details } = problems('name: x\nturns:\n  - user: hi\n    expcet: { page: P }\n');
  assert.deepEqual(details, [{ path: 'turns[0].expcet', line: 4, message: 'unknown key "expcet"' }]);
  assert.equal(message, 'Invalid golden conversation file golden/trip.yaml: line 4, turns[0].expcet: unknown key "expcet"');
});

test('a turn needs exactly one input', () => {
  const { details } = problems('turns:\n  - expect: { page: P }\n  - user: hi\n    event: x\n');
  assert.deepEqual(details, [
    { path: 'turns[0]', line: 2, message: 'a turn has exactly one of user, intent, event or dtmf; found none' },
    { path: 'turns[1]', line: 3, message: 'a turn has exactly one of user, intent, event or dtmf; found user, event' },
  ]);
});

test('values of the wrong kind are reported through the form that was meant', () => {
  const { details } = problems(
    'turns:\n  - intent: { name: x, paramters: {} }\n    expect:\n      webhook: { tag: 3 }\n      says: [ok, 3]\n      ended: "yes"\n',
  );
  assert.deepEqual(
    details.map(({ path, line }) => ({ path, line })),
    [
      { path: 'turns[0].intent.paramters', line: 2 },
      { path: 'turns[0].expect.webhook.tag', line: 4 },
      { path: 'turns[0].expect.says[1]', line: 5 },
      { path: 'turns[0].expect.ended', line: 6 },
    ],
  );
  assert.equal(details[2]?.message, 'expected a text, a /pattern/ or { text: … }');
  assert.match(details[3]?.message ?? '', /expected boolean/);
});

test('a broken /pattern/ is refused with the reason, not at the first run', () => {
  const { details } = problems('turns:\n  - user: hi\n    expect: { says: [ "/(unclosed/" ] }\n');
  assert.equal(details[0]?.path, 'turns[0].expect.says[0]');
  assert.match(details[0]?.message ?? '', /^not a valid regular expression: .*unclosed/);
});

test('a canned stub that is not a valid WebhookResponse is refused at its path', () => {
  const { details } = problems('stubs:\n  geocode:\n    fulfilmentResponse: {}\nturns: [ { user: hi } ]\n');
  assert.deepEqual(details, [{ path: 'stubs.geocode.fulfilmentResponse', line: 3, message: 'unknown field "fulfilmentResponse"' }]);
  const list = problems('stubs: { geocode: "Found" }\nconversations: [ { turns: [ { user: hi } ] } ]\n');
  assert.equal(list.details[0]?.path, 'stubs.geocode');
});

test('broken YAML, duplicate keys and an empty file are refused with the file and line', () => {
  const syntax = problems('turns:\n  - user: [hi\n');
  assert.equal(syntax.details[0]?.path, 'YAML');
  assert.equal(typeof syntax.details[0]?.line, 'number');
  assert.match(syntax.message, /^Invalid golden conversation file golden\/trip\.yaml: line \d+, YAML: /);
  assert.deepEqual(problems('turns: []\nturns: []\n').details, [{ path: 'YAML', line: 2, message: 'Map keys must be unique' }]);
  assert.deepEqual(problems('# only a comment\n').details, [{ path: '(top)', message: 'the file holds no conversation' }]);
  assert.equal(problems('turns: []\n').details[0]?.message, 'a conversation needs at least one turn');
  assert.equal(problems('- user: hi\n').details[0]?.path, '(top)');
});

test('problems in several documents name the document, and at most three are spelled out in the message', () => {
  const text = ['turns: [ { user: hi, a: 1 } ]', 'turns: [ { user: hi, b: 1 } ]', 'turns: [ { user: hi, c: 1 } ]', 'turns: [ { user: hi, d: 1 } ]'].join('\n---\n');
  const { message, details } = problems(text);
  assert.deepEqual(details.map((issue) => issue.path), ['document 1, turns[0].a', 'document 2, turns[0].b', 'document 3, turns[0].c', 'document 4, turns[0].d']);
  assert.match(message, /document 3, turns\[0\]\.c: unknown key "c"; and 1 more$/);
});

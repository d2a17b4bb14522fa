// Turn comparison: texts against variants, display names, session parameters as a subset with
// numbers compared as numbers, webhook calls, events and the end of the conversation.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { TurnResult, WebhookCall } from '../../../src/simulator/engine/types.ts';
import { compareTurn, patternOf, sameValue, type TurnExpectation } from '../../../src/simulator/testing/index.ts';
import { result, said } from './fake-simulator.ts';

const STATE = { flow: 'Liveaboards', page: 'Start Page', parameters: {}, ended: false };
const turn = (reply: Partial<TurnResult>) => result(STATE, reply);
const text = (value: string) => [{ text: value }];

function call(patch: Partial<WebhookCall>): WebhookCall {
  return { webhook: 'lookup_place', tag: 'geocode', outcome: 'ok', durationMs: 3, request: {}, ...patch };
}

test('an expected text matches any variant of the message at its position, not only the one the simulator picked', () => {
  const actual = turn({ texts: [said('Hi! How are you doing?', 'Hello! How can I help you?')] });
  assert.deepEqual(compareTurn({ says: [text('Hello! How can I help you?')] }, actual), []);
  assert.deepEqual(compareTurn({ says: [text('Hi! How are you doing?')] }, actual), []);
});

test('a text that is none of the variants is reported at its position with what was said and the other variants', () => {
  const actual = turn({ texts: [said('First'), said('Hi', 'Hello')] });
  assert.deepEqual(compareTurn({ says: [text('First'), text('Howdy')] }, actual), [
    { field: 'says[1]', expected: '"Howdy"', actual: '"Hi"', note: 'other variants: "Hello"' },
  ]);
});

test('a missing message and an extra message are both differences', () => {
  const two = turn({ texts: [said('One'), said('Two')] });
  assert.deepEqual(compareTurn({ says: [text('One')] }, two), [{ field: 'says[1]', expected: '(nothing)', actual: '"Two"' }]);
  const one = turn({ texts: [said('One')] });
  assert.deepEqual(compareTurn({ says: [text('One'), text('Two')] }, one), [{ field: 'says[1]', expected: '"Two"', actual: '(nothing)' }]);
  assert.deepEqual(compareTurn({ says: [] }, one), [{ field: 'says[0]', expected: '(nothing)', actual: '"One"' }]);
});

test('a /pattern/ matches when any variant matches it, and reads as the pattern when it does not', () => {
  const pattern = patternOf('/^found \\d+ places?$/i');
  assert.ok(pattern);
  const actual = turn({ texts: [said('Nothing here', 'Found 3 places')] });
  assert.deepEqual(compareTurn({ says: [[{ pattern }]] }, actual), []);
  const miss = compareTurn({ says: [[{ pattern }]] }, turn({ texts: [said('Nothing here')] }));
  assert.deepEqual(miss, [{ field: 'says[0]', expected: '/^found \\d+ places?$/i', actual: '"Nothing here"' }]);
});

test('patternOf reads only slash-wrapped text, drops the stateful g and y flags, and throws on a broken pattern', () => {
  assert.equal(patternOf('plain text'), undefined);
  assert.equal(patternOf('/'), undefined);
  assert.equal(patternOf('/a/gy')?.flags, '');
  assert.equal(patternOf('/a/gi')?.flags, 'i');
  assert.throws(() => patternOf('/(/'), SyntaxError);
});

test('session parameters are a subset: unlisted ones are ignored, null means unset, and a missing one is reported', () => {
  const actual = turn({ sessionParameters: { destination: 'Mexico', guests: 4, cleared: null } });
  assert.deepEqual(compareTurn({ params: { destination: 'Mexico', email: null, cleared: null } }, actual), []);
  assert.deepEqual(compareTurn({ params: { destination: null, email: 'a@b.c' } }, actual), [
    { field: 'params.destination', expected: '(unset)', actual: '"Mexico"' },
    { field: 'params.email', expected: '"a@b.c"', actual: '(unset)' },
  ]);
});

test('numbers compare numerically, as CX sends doubles, but a number never equals its text', () => {
  const actual = turn({ sessionParameters: { total: 0.1 + 0.2, guests: 4, when: { year: 2026, month: 12, day: 3 } } });
  assert.deepEqual(compareTurn({ params: { total: 0.3, guests: 4.0, when: { year: 2026, month: 12, day: 3 } } }, actual), []);
  assert.deepEqual(compareTurn({ params: { guests: '4' } }, actual), [{ field: 'params.guests', expected: '"4"', actual: '4' }]);
  assert.deepEqual(compareTurn({ params: { total: 0.31 } }, actual).map((m) => m.field), ['params.total']);
});

test('nested values are compared whole: an extra or missing key inside an object is a difference', () => {
  assert.equal(sameValue({ year: 2026, month: 12 }, { year: 2026, month: 12, day: 3 }), false);
  assert.equal(sameValue({ year: 2026, month: 12, day: 3 }, { year: 2026, month: 12 }), false);
  assert.equal(sameValue([1, 2], [1, 2, 3]), false);
  assert.equal(sameValue([{ a: 1 }], [{ a: 1.0000000000001 }]), true);
  assert.equal(sameValue({ a: 1 }, [1]), false);
});

test('intent, flow and page compare by display name, and the intent side says how the turn matched instead', () => {
  const expected: TurnExpectation = { intent: 'head.send.group.request', flow: 'Liveaboards', page: 'Collect Further Info' };
  const matched = turn({ match: { kind: 'intent', intent: 'head.send.group.request', confidence: 0.9 }, page: 'Collect Further Info' });
  assert.deepEqual(compareTurn(expected, matched), []);
  const noMatch = turn({ match: { kind: 'no-match' }, flow: 'Other' });
  assert.deepEqual(compareTurn(expected, noMatch), [
    { field: 'intent', expected: 'head.send.group.request', actual: '(no match)' },
    { field: 'flow', expected: 'Liveaboards', actual: 'Other' },
    { field: 'page', expected: 'Collect Further Info', actual: 'Start Page' },
  ]);
  const filling = turn({ match: { kind: 'parameter-filling', parameters: ['destination'] } });
  assert.equal(compareTurn({ intent: 'x' }, filling)[0]?.actual, '(parameter filling: destination)');
});

test('the pages CX shows after the end, End Session and End Flow, match an ended conversation and only that', () => {
  assert.deepEqual(compareTurn({ page: 'End Session' }, turn({ ended: true, page: 'End Flow' })), []);
  assert.deepEqual(compareTurn({ page: 'End Flow' }, turn({ ended: true, page: 'End Session' })), []);
  assert.equal(compareTurn({ page: 'End Flow' }, turn({ ended: false })).length, 1);
  assert.deepEqual(compareTurn({ page: 'End Session' }, turn({ ended: false })), [{ field: 'page', expected: 'End Session', actual: 'Start Page' }]);
  assert.deepEqual(compareTurn({ page: 'Start Page' }, turn({ ended: true, page: 'End Session' })), [
    { field: 'page', expected: 'Start Page', actual: 'End Session' },
  ]);
});

test('a webhook expectation is met by any call of the turn with the given tag, webhook and outcome', () => {
  const actual = turn({ webhookCalls: [call({ tag: 'other' }), call({ outcome: 'timeout', event: 'webhook.error.timeout' })] });
  assert.deepEqual(compareTurn({ webhook: { tag: 'geocode', outcome: 'timeout' } }, actual), []);
  assert.deepEqual(compareTurn({ webhook: { tag: 'geocode', outcome: 'ok' } }, actual), [
    { field: 'webhook', expected: 'tag=geocode ok', actual: 'lookup_place tag=other ok; lookup_place tag=geocode timeout' },
  ]);
  assert.deepEqual(compareTurn({ webhook: false }, turn({})), []);
  assert.deepEqual(compareTurn({ webhook: false }, actual).map((m) => m.field), ['webhook']);
  assert.deepEqual(compareTurn({ webhook: { webhook: 'lookup_place' } }, turn({})), [{ field: 'webhook', expected: 'lookup_place', actual: '(no call)' }]);
});

test('expected events must all have been raised; other events may be raised too', () => {
  const actual = turn({ events: ['webhook.error.timeout', 'webhook.error'] });
  assert.deepEqual(compareTurn({ events: ['webhook.error'] }, actual), []);
  assert.deepEqual(compareTurn({ events: ['webhook.error', 'sys.no-match-1'] }, actual), [
    { field: 'events', expected: 'webhook.error, sys.no-match-1', actual: 'webhook.error.timeout, webhook.error' },
  ]);
});

test('ended is compared both ways, and an empty expectation matches anything', () => {
  assert.deepEqual(compareTurn({ ended: true }, turn({ ended: false })), [{ field: 'ended', expected: 'true', actual: 'false' }]);
  assert.deepEqual(compareTurn({ ended: false }, turn({ ended: true })), [{ field: 'ended', expected: 'false', actual: 'true' }]);
  assert.deepEqual(compareTurn({}, turn({ ended: true, texts: [said('x')], events: ['e'] })), []);
});

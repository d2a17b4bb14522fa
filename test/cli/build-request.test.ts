// How `cxhook send` turns flags and request files into the WebhookRequest it posts.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildRequest, LOCAL_AGENT, pageIdOf, parseParamValue } from '../../src/cli/build-request.ts';
import { CliError } from '../../src/cli/io.ts';
import { parseWebhookRequest } from '../../src/index.ts';

const START_FLOW = `${LOCAL_AGENT}/flows/00000000-0000-0000-0000-000000000000`;

test('param values are JSON when they parse as JSON and strings otherwise', () => {
  assert.equal(parseParamValue('5'), 5);
  assert.equal(parseParamValue('2.5'), 2.5);
  assert.equal(parseParamValue('true'), true);
  assert.equal(parseParamValue('null'), null);
  assert.deepEqual(parseParamValue('{"year":2026,"month":12,"day":3}'), { year: 2026, month: 12, day: 3 });
  assert.deepEqual(parseParamValue('["a","b"]'), ['a', 'b']);
  assert.equal(parseParamValue('"5"'), '5');
  assert.equal(parseParamValue('Paris'), 'Paris');
  assert.equal(parseParamValue('New York'), 'New York');
  assert.equal(parseParamValue(''), '');
  assert.equal(parseParamValue('{not json'), '{not json');
});

test('--param fills session parameters and intent parameters with resolved and original values', () => {
  const request = buildRequest({ param: ['location=Paris', 'guests=2', 'date={"year":2026,"month":12,"day":3}', 'vip=true', 'note=a=b'] });
  assert.deepEqual((request.sessionInfo as any).parameters, {
    location: 'Paris',
    guests: 2,
    date: { year: 2026, month: 12, day: 3 },
    vip: true,
    note: 'a=b',
  });
  assert.deepEqual((request.intentInfo as any).parameters.guests, { originalValue: '2', resolvedValue: 2 });
  assert.deepEqual((request.intentInfo as any).parameters.location, { originalValue: 'Paris', resolvedValue: 'Paris' });
  assert.deepEqual((request.intentInfo as any).parameters.date.resolvedValue, { year: 2026, month: 12, day: 3 });
});

test('a --param without = is a usage error (exit 2) naming the flag', () => {
  assert.throws(() => buildRequest({ param: ['location'] }), (error: unknown) => {
    assert.ok(error instanceof CliError);
    assert.equal(error.exitCode, 2);
    assert.match(error.message, /--param takes name=value, got "location"/);
    return true;
  });
});

test('--tag, --intent, --text and --language land where CX puts them', () => {
  const request = buildRequest({ tag: 'weather', intent: 'weather.get', text: 'weather in Paris?', language: 'fr' });
  assert.deepEqual(request.fulfillmentInfo, { tag: 'weather' });
  assert.equal((request.intentInfo as any).displayName, 'weather.get');
  assert.equal(request.text, 'weather in Paris?');
  assert.equal(request.languageCode, 'fr');
});

test('a request without flags still looks like one CX sends: response id, session path and language', () => {
  const first = buildRequest({});
  const second = buildRequest({});
  assert.match(first.detectIntentResponseId as string, /^[0-9a-f-]{36}$/);
  assert.notEqual(first.detectIntentResponseId, second.detectIntentResponseId);
  assert.match((first.sessionInfo as any).session, /^projects\/cxhook-local\/locations\/global\/agents\/cxhook-agent\/sessions\/[0-9a-f-]{36}$/);
  assert.notEqual((first.sessionInfo as any).session, (second.sessionInfo as any).session);
  assert.equal(first.languageCode, 'en');
  assert.equal(parseWebhookRequest(first).ok, true);
});

test('--session builds the local agent session path, and a full session path is kept', () => {
  assert.equal((buildRequest({ session: 'abc-123' }).sessionInfo as any).session, `${LOCAL_AGENT}/sessions/abc-123`);
  const full = 'projects/p/locations/eu/agents/a/environments/-/sessions/s1';
  assert.equal((buildRequest({ session: full }).sessionInfo as any).session, full);
  assert.throws(() => buildRequest({ session: 'a/b' }), /--session takes a session id without "\/"/);
});

test('--event sets triggerEvent and replaces the query of the file; --text with --event is refused', () => {
  const request = buildRequest({ event: 'sys.no-match-default' }, { text: 'hello' });
  assert.equal(request.triggerEvent, 'sys.no-match-default');
  assert.equal(request.text, undefined);
  assert.throws(() => buildRequest({ event: 'welcome', text: 'hi' }), /one choice/);
});

test('--page sets the display name and a page of the default start flow (Start Page is START_PAGE)', () => {
  const request = buildRequest({ page: 'Booking Details' });
  assert.deepEqual(request.pageInfo, { displayName: 'Booking Details', currentPage: `${START_FLOW}/pages/booking-details` });
  assert.equal((buildRequest({ page: 'Start Page' }).pageInfo as any).currentPage, `${START_FLOW}/pages/START_PAGE`);
  assert.equal(pageIdOf('  Ask Date!  '), 'ask-date');
});

test('--page keeps the flow of the file and --session keeps the agent of the file', () => {
  const base = {
    sessionInfo: { session: 'projects/p/locations/l/agents/a/sessions/old' },
    pageInfo: { currentPage: 'projects/p/locations/l/agents/a/flows/f1/pages/p1', displayName: 'P1' },
  };
  const request = buildRequest({ page: 'Confirm', session: 'new' }, base);
  assert.equal((request.pageInfo as any).currentPage, 'projects/p/locations/l/agents/a/flows/f1/pages/confirm');
  assert.equal((request.sessionInfo as any).session, 'projects/p/locations/l/agents/a/sessions/new');
});

test('--form adds FILLED form parameters (also as session parameters); a name alone is EMPTY', () => {
  const request = buildRequest({ page: 'Booking', form: ['guests=2', 'name=Ada', 'date'] });
  assert.deepEqual((request.pageInfo as any).formInfo.parameterInfo, [
    { displayName: 'guests', required: true, state: 'FILLED', value: 2 },
    { displayName: 'name', required: true, state: 'FILLED', value: 'Ada' },
    { displayName: 'date', required: true, state: 'EMPTY' },
  ]);
  assert.deepEqual((request.sessionInfo as any).parameters, { guests: 2, name: 'Ada' });
  assert.equal(parseWebhookRequest(request).ok, true);
});

test('flags override the fields of a request file and keep the rest', () => {
  const base = {
    detectIntentResponseId: 'from-file',
    fulfillmentInfo: { tag: 'old-tag' },
    languageCode: 'de',
    sessionInfo: { session: 'projects/p/locations/l/agents/a/sessions/s', parameters: { keep: 'me', location: 'Berlin' } },
    intentInfo: { displayName: 'old.intent', parameters: { keep: { originalValue: 'me', resolvedValue: 'me' } } },
    pageInfo: {
      currentPage: 'projects/p/locations/l/agents/a/flows/f/pages/x',
      displayName: 'X',
      formInfo: { parameterInfo: [{ displayName: 'guests', state: 'EMPTY' }, { displayName: 'other', state: 'FILLED', value: 1 }] },
    },
    payload: { telephony: { caller_id: '+15550100' } },
    somethingUndocumented: true,
  };
  const request = buildRequest({ tag: 'new-tag', param: ['location=Paris'], intent: 'new.intent', form: ['guests=3'] }, base);
  assert.equal(request.detectIntentResponseId, 'from-file');
  assert.equal(request.languageCode, 'de');
  assert.deepEqual(request.fulfillmentInfo, { tag: 'new-tag' });
  assert.deepEqual((request.sessionInfo as any).parameters, { keep: 'me', location: 'Paris', guests: 3 });
  assert.equal((request.sessionInfo as any).session, 'projects/p/locations/l/agents/a/sessions/s');
  assert.equal((request.intentInfo as any).displayName, 'new.intent');
  assert.deepEqual(Object.keys((request.intentInfo as any).parameters), ['keep', 'location']);
  assert.deepEqual((request.pageInfo as any).formInfo.parameterInfo, [
    { displayName: 'other', state: 'FILLED', value: 1 },
    { displayName: 'guests', required: true, state: 'FILLED', value: 3 },
  ]);
  assert.deepEqual(request.payload, { telephony: { caller_id: '+15550100' } });
  assert.equal(request.somethingUndocumented, true);
  // The file's object is not changed.
  assert.equal(base.fulfillmentInfo.tag, 'old-tag');
});

// The handler context: the request in CX words (tag, session parts, language, query kind, intent
// and form parameters, sentiment, caller payload), ctx.param precedence and the time left.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AGENT, contextFor, ENV_SESSION, fixture, FLOW, makeApp, makeRequest, memoryLogger, PAGE, SESSION, sleep } from './helpers.ts';

describe('WebhookContext', () => {
  test('exposes the tag, the request id and the parsed request', async () => {
    let requestId: string | undefined;
    const app = makeApp();
    app.fallback((ctx) => {
      requestId = ctx.requestId;
      assert.equal(ctx.tag, 'booking');
      assert.equal(ctx.request.detectIntentResponseId, 'resp-1');
    });
    await app.inject(makeRequest(), { 'x-request-id': 'abc-123' });
    assert.equal(requestId, 'abc-123');
  });

  test('splits a session path without an environment', async () => {
    const ctx = await contextFor(makeRequest());
    assert.equal(ctx.session.path, SESSION);
    assert.equal(ctx.session.id, 'sess-1');
    assert.equal(ctx.session.project, 'proj-1');
    assert.equal(ctx.session.location, 'global');
    assert.equal(ctx.session.agent, 'agent-1');
    assert.equal(ctx.session.agentName, AGENT);
    assert.equal(ctx.session.environment, undefined);
  });

  test('splits a session path with an environment', async () => {
    const ctx = await contextFor(makeRequest({ sessionInfo: { session: ENV_SESSION } }));
    assert.equal(ctx.session.environment, 'prod');
    assert.equal(ctx.session.id, 'sess-2');
    assert.equal(ctx.session.agentName, AGENT);
  });

  test('has an empty session view and params when the request has no sessionInfo', async () => {
    const ctx = await contextFor(makeRequest({ sessionInfo: undefined }));
    assert.equal(ctx.session.path, undefined);
    assert.equal(ctx.session.id, undefined);
    assert.equal(ctx.session.agentName, undefined);
    assert.deepEqual(ctx.sessionParams, {});
  });

  test('reads languageCode, or the resolved language when languageCode is absent', async () => {
    assert.equal((await contextFor(makeRequest({ languageCode: 'en-us' }))).languageCode, 'en-us');
    const resolved = await contextFor(makeRequest({ languageCode: undefined, languageInfo: { inputLanguageCode: 'de', resolvedLanguageCode: 'fr' } }));
    assert.equal(resolved.languageCode, 'fr');
  });

  const queries: [string, Record<string, unknown>, unknown][] = [
    ['text', { text: 'book a flight' }, { kind: 'text', text: 'book a flight' }],
    ['transcript', { text: undefined, transcript: 'book a flight' }, { kind: 'transcript', transcript: 'book a flight' }],
    ['intent', { text: undefined, triggerIntent: `${AGENT}/intents/i1` }, { kind: 'intent', intent: `${AGENT}/intents/i1` }],
    ['event', { text: undefined, triggerEvent: 'sys.no-match-default' }, { kind: 'event', event: 'sys.no-match-default' }],
    ['dtmf', { text: undefined, dtmfDigits: '1234#' }, { kind: 'dtmf', digits: '1234#' }],
    ['none', { text: undefined }, { kind: 'none' }],
  ];
  for (const [kind, patch, expected] of queries) {
    test(`reads a ${kind} query`, async () => {
      assert.deepEqual((await contextFor(makeRequest(patch))).query, expected);
    });
  }

  test('gives the matched intent with resolved params and the original words', async () => {
    const ctx = await contextFor(
      makeRequest({
        intentInfo: {
          lastMatchedIntent: `${AGENT}/intents/book`,
          displayName: 'book.flight',
          confidence: 0.87,
          parameters: {
            date: { originalValue: 'next friday', resolvedValue: { year: 2026, month: 5, day: 8 } },
            seats: { originalValue: 'two', resolvedValue: 2 },
            unresolved: { originalValue: 'mumble' },
          },
        },
      }),
    );
    assert.ok(ctx.intent);
    assert.equal(ctx.intent.name, `${AGENT}/intents/book`);
    assert.equal(ctx.intent.displayName, 'book.flight');
    assert.equal(ctx.intent.confidence, 0.87);
    assert.deepEqual(ctx.intent.params, { date: { year: 2026, month: 5, day: 8 }, seats: 2 });
    assert.equal(ctx.intent.original('date'), 'next friday');
    assert.equal(ctx.intent.original('unresolved'), 'mumble');
    assert.equal(ctx.intent.original('missing'), undefined);
  });

  test('has no intent when none was matched', async () => {
    assert.equal((await contextFor(makeRequest())).intent, undefined);
  });

  test('gives session parameters as sent', async () => {
    const ctx = await contextFor(fixture('requests', 'real-text-input-basic.json'));
    assert.deepEqual(ctx.sessionParams, {
      'cohort-name': 'Back surgery (Spinal fusion)',
      'is-medicare': 'medicare',
      'measure-name': '30d-Readmission',
    });
  });

  test('gives the page with its flow and form parameters with their states', async () => {
    const ctx = await contextFor(
      makeRequest({
        pageInfo: {
          currentPage: PAGE,
          displayName: 'Booking Page',
          formInfo: {
            parameterInfo: [
              { displayName: 'size', required: true, state: 'FILLED', value: 'L', justCollected: true },
              { displayName: 'color', required: true, state: 'EMPTY' },
              { displayName: 'note', state: 'INVALID', value: 'x' },
            ],
          },
        },
      }),
    );
    assert.equal(ctx.page.name, PAGE);
    assert.equal(ctx.page.displayName, 'Booking Page');
    assert.equal(ctx.page.flow, FLOW);
    assert.deepEqual(ctx.page.form.size, { displayName: 'size', state: 'FILLED', required: true, value: 'L', justCollected: true });
    assert.deepEqual(ctx.page.form.color, { displayName: 'color', state: 'EMPTY', required: true, value: undefined, justCollected: false });
    assert.equal(ctx.page.form.note?.required, false, 'proto3 omits required:false');
    assert.equal(ctx.page.form.note?.state, 'INVALID');
  });

  test('reads the form of an official sample without states as UNSPECIFIED', async () => {
    const ctx = await contextFor(fixture('requests', 'official-nodejs-validate-form-parameter-invalid.json'));
    assert.equal(ctx.page.form.number?.value, 150);
    assert.equal(ctx.page.form.number?.state, 'PARAMETER_STATE_UNSPECIFIED');
    assert.equal(ctx.page.name, undefined);
    assert.equal(ctx.page.flow, undefined);
  });

  test('gives the sentiment, with 0 for omitted (default) values', async () => {
    assert.deepEqual((await contextFor(makeRequest({ sentimentAnalysisResult: { score: -0.6, magnitude: 1.2 } }))).sentiment, {
      score: -0.6,
      magnitude: 1.2,
    });
    assert.deepEqual((await contextFor(makeRequest({ sentimentAnalysisResult: {} }))).sentiment, { score: 0, magnitude: 0 });
    assert.equal((await contextFor(makeRequest())).sentiment, undefined);
  });

  test('gives the caller payload (telephony caller_id)', async () => {
    const ctx = await contextFor(fixture('requests', 'real-telephony-callerid-welcome.json'));
    assert.equal((ctx.payload.telephony as Record<string, unknown>).caller_id, '+12025553711');
    assert.deepEqual((await contextFor(makeRequest())).payload, {});
  });

  test('param() prefers the intent value, then the session value, then the form value', async () => {
    const ctx = await contextFor(
      makeRequest({
        intentInfo: { displayName: 'i', parameters: { a: { resolvedValue: 'intent-a' } } },
        sessionInfo: { session: SESSION, parameters: { a: 'session-a', b: 'session-b' } },
        pageInfo: {
          currentPage: PAGE,
          formInfo: {
            parameterInfo: [
              { displayName: 'a', state: 'FILLED', value: 'form-a' },
              { displayName: 'b', state: 'FILLED', value: 'form-b' },
              { displayName: 'c', state: 'FILLED', value: 'form-c' },
            ],
          },
        },
      }),
    );
    assert.equal(ctx.param('a'), 'intent-a');
    assert.equal(ctx.param('b'), 'session-b');
    assert.equal(ctx.param('c'), 'form-c');
    assert.equal(ctx.param('d'), undefined);
  });

  test('param() keeps falsy values (0, false, empty string)', async () => {
    const ctx = await contextFor(
      makeRequest({
        intentInfo: { parameters: { zero: { resolvedValue: 0 } } },
        sessionInfo: { parameters: { no: false, empty: '', zero: 5 } },
      }),
    );
    assert.equal(ctx.param('zero'), 0);
    assert.equal(ctx.param('no'), false);
    assert.equal(ctx.param('empty'), '');
  });

  test('param() finds only parameters, never what Object.prototype has', async () => {
    const ctx = await contextFor(
      makeRequest({
        intentInfo: { displayName: 'i', parameters: { city: { resolvedValue: 'Paris' } } },
        sessionInfo: { session: SESSION, parameters: { constructor: 'a parameter of that name' } },
      }),
    );
    assert.equal(ctx.param('toString'), undefined);
    assert.equal(ctx.param('hasOwnProperty'), undefined);
    assert.equal(ctx.param('constructor'), 'a parameter of that name');
    assert.equal(ctx.intent?.params.city, 'Paris');
  });

  test('remainingMs starts at most at the deadline and decreases', async () => {
    const readings: number[] = [];
    const app = makeApp({ deadlineMs: 1000 });
    app.fallback(async (ctx) => {
      readings.push(ctx.remainingMs());
      await sleep(30);
      readings.push(ctx.remainingMs());
    });
    await app.inject(makeRequest());
    const [first, second] = readings as [number, number];
    assert.ok(first <= 1000 && first > 900, `first reading ${first}`);
    assert.ok(second < first, `${second} < ${first}`);
    assert.ok(first - second >= 20, `at least ~30 ms passed: ${first - second}`);
  });

  test('the signal is not aborted while the handler is within its deadline', async () => {
    const ctx = await contextFor(makeRequest());
    assert.equal(ctx.signal.aborted, false);
  });

  test('ctx.log is bound to the request id, tag and session', async () => {
    const { logger, lines } = memoryLogger('info');
    const app = makeApp({ logger });
    app.fallback((ctx) => {
      ctx.log.info({ step: 1 }, 'from handler');
    });
    await app.inject(makeRequest(), { 'x-request-id': 'rid-9' });
    const line = lines.find((entry) => entry.msg === 'from handler');
    assert.equal(line?.reqId, 'rid-9');
    assert.equal(line?.tag, 'booking');
    assert.equal(line?.session, SESSION);
    assert.equal(line?.step, 1);
  });
});

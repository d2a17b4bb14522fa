// Logs: auth headers always redacted, request bodies only at debug level and then with the
// configured parameter names masked wherever a request carries them.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createWebhook } from '../../src/app/index.ts';
import { REDACTED } from '../../src/logging/logger.ts';
import { redactRequestBody } from '../../src/logging/redact.ts';
import { makeRequest, memoryLogger, PAGE } from '../app/helpers.ts';

const SECRET_TOKEN = 'Bearer sk-live-TOPSECRET-123';

function sensitiveRequest() {
  return makeRequest({
    sessionInfo: { session: 'projects/p/locations/l/agents/a/sessions/s', parameters: { pin: '4321', city: 'Paris' } },
    intentInfo: { displayName: 'pay', parameters: { pin: { originalValue: 'four three two one', resolvedValue: '4321' }, amount: { resolvedValue: 20 } } },
    pageInfo: {
      currentPage: PAGE,
      displayName: 'Pay',
      formInfo: { parameterInfo: [{ displayName: 'pin', state: 'FILLED', value: '4321' }, { displayName: 'amount', state: 'FILLED', value: 20 }] },
    },
  });
}

describe('createLogger', () => {
  test('redacts authorization, x-api-key, cookie and proxy-authorization headers', () => {
    const { logger, lines } = memoryLogger();
    logger.info(
      { headers: { authorization: 'a-secret', 'x-api-key': 'k-secret', cookie: 'c-secret', 'proxy-authorization': 'p-secret', 'user-agent': 'cx' } },
      'request',
    );
    assert.deepEqual(lines[0]?.headers, {
      authorization: REDACTED,
      'x-api-key': REDACTED,
      cookie: REDACTED,
      'proxy-authorization': REDACTED,
      'user-agent': 'cx',
    });
    assert.equal(lines[0]?.service, 'cxhook');
  });

  test('honours the level it is given', () => {
    const { logger, lines } = memoryLogger('warn');
    logger.info('quiet');
    logger.warn('loud');
    assert.deepEqual(
      lines.map((line) => line.msg),
      ['loud'],
    );
  });
});

describe('redactRequestBody', () => {
  test('masks a named parameter in session parameters, intent parameters and form values', () => {
    const redacted = redactRequestBody(sensitiveRequest(), ['pin']) as any;
    assert.equal(redacted.sessionInfo.parameters.pin, REDACTED);
    assert.equal(redacted.intentInfo.parameters.pin, REDACTED);
    assert.equal(redacted.pageInfo.formInfo.parameterInfo[0].value, REDACTED);
    // Other parameters and fields are untouched.
    assert.equal(redacted.sessionInfo.parameters.city, 'Paris');
    assert.deepEqual(redacted.intentInfo.parameters.amount, { resolvedValue: 20 });
    assert.equal(redacted.pageInfo.formInfo.parameterInfo[1].value, 20);
    assert.equal(redacted.pageInfo.currentPage, PAGE);
    assert.equal(redacted.sessionInfo.session, 'projects/p/locations/l/agents/a/sessions/s');
  });

  test('does not modify the input', () => {
    const body = sensitiveRequest();
    const before = JSON.stringify(body);
    redactRequestBody(body, ['pin', 'amount']);
    assert.equal(JSON.stringify(body), before);
  });

  test('returns the body as is when no names are configured or it is not an object', () => {
    const body = sensitiveRequest();
    assert.equal(redactRequestBody(body, []), body);
    assert.equal(redactRequestBody('text', ['pin']), 'text');
  });

  test('does not add a value to a form parameter that has none', () => {
    const body = makeRequest({ pageInfo: { formInfo: { parameterInfo: [{ displayName: 'pin', state: 'EMPTY' }] } } });
    const redacted = redactRequestBody(body, ['pin']) as any;
    assert.equal('value' in redacted.pageInfo.formInfo.parameterInfo[0], false);
  });
});

describe('request logs of the pipeline', () => {
  test('the debug log of a request masks configured parameters and redacts the authorization header', async () => {
    const { logger, lines } = memoryLogger('debug');
    const app = createWebhook({ logger, redactParams: ['pin'] });
    app.fallback((ctx) => {
      ctx.reply.text('ok');
    });
    const result = await app.inject(sensitiveRequest(), { authorization: SECRET_TOKEN, 'x-api-key': 'KEY-SECRET' });
    assert.equal(result.status, 200);
    const debug = lines.find((line) => line.msg === 'webhook request');
    assert.ok(debug, 'a debug line with the request');
    assert.equal(debug.level, 20);
    assert.equal(debug.body.sessionInfo.parameters.pin, REDACTED);
    assert.equal(debug.body.intentInfo.parameters.pin, REDACTED);
    assert.equal(debug.body.pageInfo.formInfo.parameterInfo[0].value, REDACTED);
    assert.equal(debug.body.sessionInfo.parameters.city, 'Paris');
    assert.equal(debug.headers.authorization, REDACTED);
    const all = JSON.stringify(lines);
    assert.ok(!all.includes('TOPSECRET'), 'the token appears in no log line');
    assert.ok(!all.includes('KEY-SECRET'), 'the api key appears in no log line');
    assert.ok(!all.includes('4321'), 'the pin appears in no log line');
  });

  test('above debug level the request body is not logged at all', async () => {
    const { logger, lines } = memoryLogger('info');
    const app = createWebhook({ logger });
    app.fallback((ctx) => {
      ctx.reply.text('ok');
    });
    await app.inject(sensitiveRequest(), { authorization: SECRET_TOKEN });
    assert.ok(lines.length > 0, 'the call is logged');
    assert.equal(lines.find((line) => line.msg === 'webhook request'), undefined);
    const all = JSON.stringify(lines);
    assert.ok(!all.includes('4321'));
    assert.ok(!all.includes('Paris'));
    assert.ok(!all.includes('TOPSECRET'));
  });

  test('each call is logged once at info with status, outcome, route and latency', async () => {
    const { logger, lines } = memoryLogger('info');
    const app = createWebhook({ logger });
    app.tag('booking', (ctx) => {
      ctx.reply.text('ok');
    });
    await app.inject(makeRequest(), { 'x-request-id': 'req-42' });
    const calls = lines.filter((line) => line.msg === 'webhook call');
    assert.equal(calls.length, 1);
    const call = calls[0]!;
    assert.equal(call.level, 30);
    assert.equal(call.reqId, 'req-42');
    assert.equal(call.tag, 'booking');
    assert.equal(call.status, 200);
    assert.equal(call.outcome, 'ok');
    assert.equal(call.via, 'tag:booking');
    assert.equal(typeof call.latencyMs, 'number');
    assert.ok(call.latencyMs >= 0);
  });
});

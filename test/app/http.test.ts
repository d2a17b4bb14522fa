// The transport-free core through app.handle({ body, headers }): content type, JSON syntax and
// request shape refused with 4xx and a coded JSON error; x-request-id echoed or generated.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiKey } from '../../src/auth/index.ts';
import { makeApp, makeRequest, memoryLogger } from './helpers.ts';

const JSON_HEADERS = { 'content-type': 'application/json' };
/** A generated request id: the app's random prefix, then a counter in base 36. */
const GENERATED_ID = /^[0-9a-f]{12}-[0-9a-z]+$/;

function appWithHandler() {
  const app = makeApp();
  app.fallback((ctx) => {
    ctx.reply.text('ok');
  });
  return app;
}

describe('app.handle', () => {
  test('answers a valid request with 200, a JSON content type and the serialized response', async () => {
    const raw = await appWithHandler().handle({ body: JSON.stringify(makeRequest()), headers: JSON_HEADERS });
    assert.equal(raw.status, 200);
    assert.equal(raw.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(raw.body, '{"fulfillmentResponse":{"messages":[{"text":{"text":["ok"]}}]}}');
  });

  test('accepts the body as bytes', async () => {
    const raw = await appWithHandler().handle({ body: new TextEncoder().encode(JSON.stringify(makeRequest())), headers: JSON_HEADERS });
    assert.equal(raw.status, 200);
  });

  for (const type of ['application/json; charset=utf-8', 'Application/JSON', 'application/vnd.cx+json']) {
    test(`accepts the content type ${type}`, async () => {
      const raw = await appWithHandler().handle({ body: JSON.stringify(makeRequest()), headers: { 'content-type': type } });
      assert.equal(raw.status, 200);
    });
  }

  test('refuses a non-JSON content type with 415 CXH_ERR_UNSUPPORTED_MEDIA_TYPE naming it', async () => {
    const raw = await appWithHandler().handle({ body: JSON.stringify(makeRequest()), headers: { 'content-type': 'text/plain' } });
    assert.equal(raw.status, 415);
    assert.deepEqual(JSON.parse(raw.body), {
      error: { code: 'CXH_ERR_UNSUPPORTED_MEDIA_TYPE', message: 'Content-Type must be application/json, got text/plain' },
    });
  });

  test('refuses a missing content type with 415', async () => {
    const raw = await appWithHandler().handle({ body: '{}', headers: {} });
    assert.equal(raw.status, 415);
    assert.match(JSON.parse(raw.body).error.message, /\(none\)/);
  });

  test('refuses malformed JSON with 400 CXH_ERR_MALFORMED_JSON giving line and column', async () => {
    const body = '{\n  "text": "hi",\n  "languageCode": "en"\n  "fulfillmentInfo": {}\n}';
    const raw = await appWithHandler().handle({ body, headers: JSON_HEADERS });
    assert.equal(raw.status, 400);
    const { error } = JSON.parse(raw.body);
    assert.equal(error.code, 'CXH_ERR_MALFORMED_JSON');
    assert.match(error.message, /at line 4 column 3 \(position 43\)/);
  });

  test(
    'a malformed JSON message gives a position and never echoes the body, for an unexpected token too',
    async () => {
      const body = '{"pin": "4321", "card": }';
      const raw = await appWithHandler().handle({ body, headers: JSON_HEADERS });
      assert.equal(raw.status, 400);
      const { error } = JSON.parse(raw.body);
      assert.equal(error.code, 'CXH_ERR_MALFORMED_JSON');
      assert.ok(!error.message.includes('"card"'), `the message echoes the body: ${error.message}`);
      assert.match(error.message, /line 1 column 25/);
    },
  );

  test('refuses an empty body with 400 saying it is empty', async () => {
    const raw = await appWithHandler().handle({ body: '  ', headers: JSON_HEADERS });
    assert.equal(raw.status, 400);
    assert.match(JSON.parse(raw.body).error.message, /the body is empty/);
  });

  test('refuses a truncated body with 400 saying it ends early', async () => {
    const raw = await appWithHandler().handle({ body: '{"text": ', headers: JSON_HEADERS });
    assert.equal(raw.status, 400);
    assert.match(JSON.parse(raw.body).error.message, /ends early/);
  });

  test('refuses a body that is not a WebhookRequest with 400 CXH_ERR_INVALID_REQUEST and the path', async () => {
    const raw = await appWithHandler().handle({ body: JSON.stringify({ fulfillmentInfo: { tag: 7 } }), headers: JSON_HEADERS });
    assert.equal(raw.status, 400);
    const { error } = JSON.parse(raw.body);
    assert.equal(error.code, 'CXH_ERR_INVALID_REQUEST');
    assert.deepEqual(
      error.details.map((issue: { path: string }) => issue.path),
      ['fulfillmentInfo.tag'],
    );
    assert.match(error.message, /fulfillmentInfo\.tag: /);
  });

  test('refuses a JSON array with 400 at the root', async () => {
    const raw = await appWithHandler().handle({ body: '[1,2]', headers: JSON_HEADERS });
    assert.equal(raw.status, 400);
    const { error } = JSON.parse(raw.body);
    assert.equal(error.code, 'CXH_ERR_INVALID_REQUEST');
    assert.match(error.message, /\(root\): /);
  });

  test('a refused request never reaches the handler and is logged as rejected', async () => {
    const { logger, lines } = memoryLogger('info');
    let ran = false;
    const app = makeApp({ logger });
    app.fallback(() => {
      ran = true;
    });
    await app.handle({ body: 'nope', headers: JSON_HEADERS });
    assert.equal(ran, false);
    const line = lines.find((entry) => entry.outcome === 'rejected');
    assert.equal(line?.level, 40);
    assert.equal(line?.status, 400);
    assert.equal(line?.code, 'CXH_ERR_MALFORMED_JSON');
  });

  test('echoes a well-formed x-request-id on success and on errors', async () => {
    const app = appWithHandler();
    const ok = await app.handle({ body: JSON.stringify(makeRequest()), headers: { ...JSON_HEADERS, 'x-request-id': 'trace/abc:1.2-3' } });
    assert.equal(ok.headers['x-request-id'], 'trace/abc:1.2-3');
    const refused = await app.handle({ body: '{}', headers: { 'content-type': 'text/plain', 'x-request-id': 'req-415' } });
    assert.equal(refused.headers['x-request-id'], 'req-415');
  });

  test('takes the first x-request-id when several are sent', async () => {
    const raw = await appWithHandler().handle({ body: JSON.stringify(makeRequest()), headers: { ...JSON_HEADERS, 'x-request-id': ['first', 'second'] } });
    assert.equal(raw.headers['x-request-id'], 'first');
  });

  test('generates a request id when none is sent, a new one for every call', async () => {
    const app = appWithHandler();
    const first = await app.handle({ body: JSON.stringify(makeRequest()), headers: JSON_HEADERS });
    const second = await app.handle({ body: 'bad', headers: JSON_HEADERS });
    assert.match(first.headers['x-request-id'] ?? '', GENERATED_ID);
    assert.match(second.headers['x-request-id'] ?? '', GENERATED_ID);
    assert.notEqual(first.headers['x-request-id'], second.headers['x-request-id']);
  });

  for (const [what, id] of [
    ['with spaces', 'has spaces'],
    ['with a newline (header injection)', 'abc\r\nset-cookie: x'],
    ['longer than 128 characters', 'a'.repeat(129)],
    ['empty', ''],
  ]) {
    test(`replaces an x-request-id ${what} with a generated one`, async () => {
      const raw = await appWithHandler().handle({ body: JSON.stringify(makeRequest()), headers: { ...JSON_HEADERS, 'x-request-id': id } });
      assert.match(raw.headers['x-request-id'] ?? '', GENERATED_ID);
    });
  }
});

describe('app.answer', () => {
  const body = JSON.stringify(makeRequest());
  const headers = { ...JSON_HEADERS, 'x-request-id': 'same-id' };

  test('is the response itself when the handler answered synchronously, and the same response handle gives', async () => {
    const app = appWithHandler();
    const answered = app.answer({ body, headers });
    assert.ok(!(answered instanceof Promise), 'a plain response, no promise');
    assert.deepEqual(answered, await app.handle({ body, headers }));
  });

  test('is a promise when the handler is async, resolving to what handle gives', async () => {
    const app = makeApp();
    app.fallback(async (ctx) => {
      await new Promise((resolve) => setImmediate(resolve));
      ctx.reply.text('later');
    });
    const answered = app.answer({ body, headers });
    assert.ok(answered instanceof Promise);
    const response = await answered;
    assert.equal(response.status, 200);
    assert.deepEqual(JSON.parse(response.body).fulfillmentResponse.messages, [{ text: { text: ['later'] } }]);
    assert.deepEqual(response, await app.handle({ body, headers }));
  });

  test('is a promise when an authenticator has to be asked first', async () => {
    const app = makeApp({ auth: apiKey({ keys: ['k-1'] }) });
    app.fallback((ctx) => ctx.reply.text('ok'));
    const answered = app.answer({ body, headers: { ...headers, 'x-api-key': 'k-1' } });
    assert.ok(answered instanceof Promise);
    assert.equal((await answered).status, 200);
  });

  test('answers refusals synchronously too (415 without a promise)', () => {
    const answered = appWithHandler().answer({ body, headers: { 'content-type': 'text/plain' } });
    assert.ok(!(answered instanceof Promise));
    assert.equal(answered.status, 415);
  });
});

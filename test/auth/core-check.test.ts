// How the core runs an app's authenticator: before the body is parsed, with 401/403/503 answers
// that carry a code and never the secret, and the principal handed to handlers as ctx.auth.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Authenticator } from '../../src/auth/index.ts';
import { makeApp, makeRequest, memoryLogger } from '../app/helpers.ts';

/** Accepts `x-token: good`, refuses any other value, reports no token as missing. */
const tokenAuth: Authenticator = {
  scheme: 'test-token',
  challenge: 'Test realm="cxhook"',
  authenticate({ headers }) {
    const token = headers['x-token'];
    if (token === undefined) return { ok: false, kind: 'missing', reason: 'no x-token header' };
    if (token !== 'good') return { ok: false, kind: 'refused', reason: 'x-token does not match' };
    return { ok: true, principal: { scheme: 'test-token', subject: 'tester' } };
  },
};

const body = JSON.stringify(makeRequest());
const json = { 'content-type': 'application/json' };

test('a request without credentials gets 401 with the challenge, before its body is parsed', async () => {
  const app = makeApp({ auth: tokenAuth });
  const answer = await app.handle({ body: '{not json', headers: json });
  assert.equal(answer.status, 401);
  assert.equal(answer.headers['www-authenticate'], 'Test realm="cxhook"');
  assert.equal(JSON.parse(answer.body).error.code, 'CXH_ERR_UNAUTHENTICATED');
});

test('wrong credentials get 403; the reason is logged, the secret is in neither log nor body', async () => {
  const { logger, lines } = memoryLogger('info');
  const app = makeApp({ auth: tokenAuth, logger });
  const answer = await app.handle({ body, headers: { ...json, 'x-token': 'sup3r-s3cret-guess' } });
  assert.equal(answer.status, 403);
  assert.equal(JSON.parse(answer.body).error.code, 'CXH_ERR_FORBIDDEN');
  const rejected = lines.find((line) => line.code === 'CXH_ERR_FORBIDDEN');
  assert.equal(rejected?.reason, 'x-token does not match');
  assert.ok(!JSON.stringify(lines).includes('sup3r-s3cret-guess'));
  assert.ok(!answer.body.includes('sup3r-s3cret-guess'));
});

test('an authenticator that throws yields 503 CXH_ERR_AUTH_UNAVAILABLE, not a crash', async () => {
  const app = makeApp({
    auth: { scheme: 'broken', authenticate: () => Promise.reject(new Error('JWKS fetch failed')) },
  });
  const answer = await app.handle({ body, headers: json });
  assert.equal(answer.status, 503);
  assert.equal(answer.headers['retry-after'], '1');
  assert.equal(JSON.parse(answer.body).error.code, 'CXH_ERR_AUTH_UNAVAILABLE');
  assert.ok(!answer.body.includes('JWKS'));
});

test('an accepted caller reaches the handler, which sees who called as ctx.auth', async () => {
  const app = makeApp({ auth: tokenAuth });
  app.fallback((ctx) => ctx.reply.text(`hello ${ctx.auth?.subject} via ${ctx.auth?.scheme}`));
  const answer = await app.handle({ body, headers: { ...json, 'x-token': 'good' } });
  assert.equal(answer.status, 200);
  assert.deepEqual(JSON.parse(answer.body).fulfillmentResponse.messages[0].text.text, ['hello tester via test-token']);
});

test('without an auth option every caller is let in and ctx.auth is undefined', async () => {
  const app = makeApp();
  app.fallback((ctx) => ctx.reply.text(String(ctx.auth)));
  const answer = await app.handle({ body, headers: json });
  assert.equal(JSON.parse(answer.body).fulfillmentResponse.messages[0].text.text[0], 'undefined');
});

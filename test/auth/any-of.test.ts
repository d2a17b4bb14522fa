// anyOf: the first scheme that accepts wins; otherwise 503 if a check could not run, 403 if some
// scheme refused the credentials, 401 with every challenge if none was presented.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { anyOf, apiKey, basicAuth, bearerToken, googleIdToken, oauthToken, type Authenticator } from '../../src/auth/index.ts';
import { isCxhookError } from '../../src/errors/index.ts';
import { AUDIENCE, basic, call, PROJECT_NUMBER, SERVICE_AGENT, sign, signingKey, startJwksServer, type JwksServer, type SigningKey } from './helpers.ts';

const KEY = 'key-aa11bb22';
const TOKEN = 'static-token-cc33';
const PASSWORD = 'pw-dd44';

describe('anyOf', () => {
  let jwks: JwksServer;
  let key: SigningKey;
  before(async () => {
    key = await signingKey('k1');
    jwks = await startJwksServer([key.publicJwk]);
  });
  after(() => jwks.close());

  const google = () => googleIdToken({ audience: AUDIENCE, projectNumber: PROJECT_NUMBER, jwksUrl: jwks.url });

  test('each scheme of the set lets its own caller in, under its own principal', async () => {
    const auth = anyOf(apiKey({ keys: { probe: KEY } }), basicAuth({ users: { cx: PASSWORD } }), bearerToken({ tokens: { ci: TOKEN } }), google());
    assert.deepEqual((await call(auth, { 'x-api-key': KEY })).principal, { scheme: 'api-key', subject: 'probe' });
    assert.deepEqual((await call(auth, { authorization: basic('cx', PASSWORD) })).principal, { scheme: 'basic', subject: 'cx' });
    assert.deepEqual((await call(auth, { authorization: `Bearer ${TOKEN}` })).principal, { scheme: 'bearer', subject: 'ci' });
    assert.equal((await call(auth, { authorization: `Bearer ${await sign(key)}` })).principal?.subject, SERVICE_AGENT);
  });

  test('schemes sharing Authorization: Bearer: a static token is not hidden by the ID-token check, whatever the order', async () => {
    for (const auth of [anyOf(google(), bearerToken({ tokens: [TOKEN] })), anyOf(bearerToken({ tokens: [TOKEN] }), google())]) {
      assert.equal((await call(auth, { authorization: `Bearer ${TOKEN}` })).principal?.scheme, 'bearer');
      assert.equal((await call(auth, { authorization: `Bearer ${await sign(key)}` })).principal?.scheme, 'google-id-token');
    }
    // An opaque access token goes past the ID-token check to the OAuth verifier.
    const withOauth = anyOf(google(), oauthToken({ verify: (token) => (token === 'ya29.ok' ? { subject: 'client' } : false) }));
    assert.equal((await call(withOauth, { authorization: 'Bearer ya29.ok' })).principal?.scheme, 'oauth');
  });

  test('the first scheme that accepts wins; later ones are not asked', async () => {
    const asked: string[] = [];
    const spy = (scheme: string, accept: boolean): Authenticator => ({
      scheme,
      authenticate() {
        asked.push(scheme);
        return accept ? { ok: true, principal: { scheme, subject: scheme } } : { ok: false, kind: 'refused', reason: 'no' };
      },
    });
    const answer = await call(anyOf(spy('a', false), spy('b', true), spy('c', true)), {});
    assert.equal(answer.principal?.scheme, 'b');
    assert.deepEqual(asked, ['a', 'b']);
  });

  test('wrong credentials for one scheme and none for the others get 403, every reason in the log', async () => {
    const auth = anyOf(apiKey({ keys: [KEY] }), basicAuth({ users: { cx: PASSWORD } }));
    const answer = await call(auth, { 'x-api-key': 'wrong-key' });
    assert.equal(answer.status, 403);
    const reason = answer.lines.find((line) => line.code === 'CXH_ERR_FORBIDDEN')?.reason;
    assert.match(reason, /api-key: x-api-key matches no configured key/);
    assert.match(reason, /basic: no basic credentials/);
    // A scheme whose reasons already carry its name is named once.
    const withBasic = await call(anyOf(apiKey({ keys: [KEY] }), basicAuth({ users: { cx: PASSWORD } })), { authorization: `Basic ${Buffer.from('cx:wrong').toString('base64')}` });
    const basicReason = withBasic.lines.find((line) => line.code === 'CXH_ERR_FORBIDDEN')?.reason;
    assert.match(basicReason, /basic: unknown user or wrong password/);
    assert.doesNotMatch(basicReason, /basic: basic:/);
    // The order does not change the verdict.
    assert.equal((await call(anyOf(basicAuth({ users: { cx: PASSWORD } }), apiKey({ keys: [KEY] })), { 'x-api-key': 'wrong-key' })).status, 403);
  });

  test('no credentials at all get 401 with every challenge in one WWW-Authenticate, duplicates once', async () => {
    const auth = anyOf(apiKey({ keys: [KEY] }), basicAuth({ users: { cx: PASSWORD } }), bearerToken({ tokens: [TOKEN] }), google());
    const answer = await call(auth, {});
    assert.equal(answer.status, 401);
    assert.equal(answer.headers['www-authenticate'], 'Basic realm="cxhook", charset="UTF-8", Bearer realm="cxhook"');
    assert.match(answer.json.error.message, /api-key or basic or bearer or google-id-token/);
  });

  test('a scheme that cannot check (JWKS down) gives 503 unless another scheme accepts', async () => {
    const down = await startJwksServer([]);
    await down.close();
    const unreachable = googleIdToken({ audience: AUDIENCE, projectNumber: PROJECT_NUMBER, jwksUrl: down.url });
    const auth = anyOf(unreachable, apiKey({ keys: [KEY] }));
    const jwt = await sign(key);
    assert.equal((await call(auth, { authorization: `Bearer ${jwt}` })).status, 503);
    assert.equal((await call(auth, { authorization: `Bearer ${jwt}`, 'x-api-key': KEY })).status, 200);
  });

  test('the secret headers of every scheme are redacted from debug logs, including a custom api-key header', async () => {
    const auth = anyOf(apiKey({ header: 'x-cx-secret', keys: [KEY] }), bearerToken({ tokens: [TOKEN] }));
    assert.deepEqual([...(auth.secretHeaders ?? [])].sort(), ['authorization', 'x-cx-secret']);
    const answer = await call(auth, { 'x-cx-secret': KEY, authorization: `Bearer ${TOKEN}`, cookie: 'sid=cookie-secret-9', 'user-agent': 'cx' });
    assert.equal(answer.status, 200);
    const logged = answer.lines.find((line) => line.msg === 'webhook request')?.headers;
    assert.equal(logged['x-cx-secret'], '[redacted]');
    assert.equal(logged.authorization, '[redacted]');
    assert.equal(logged.cookie, '[redacted]');
    assert.equal(logged['user-agent'], 'cx');
    const all = JSON.stringify(answer.lines);
    for (const secret of [KEY, TOKEN, 'cookie-secret-9']) assert.ok(!all.includes(secret), secret);
  });

  test('anyOf needs at least one authenticator', () => {
    for (const list of [[], [{} as Authenticator]]) {
      assert.throws(() => anyOf(...list), (error) => isCxhookError(error) && error.code === 'CXH_ERR_INVALID_OPTION');
    }
  });
});

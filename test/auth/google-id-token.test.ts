// googleIdToken with a JWKS on 127.0.0.1: the Dialogflow service agent's token is accepted, keys
// are cached and refetched on rotation, clock skew is tolerated, and an unreachable JWKS is a 503.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { googleIdToken, type GoogleIdTokenOptions } from '../../src/auth/index.ts';
import { isCxhookError } from '../../src/errors/index.ts';
import {
  AUDIENCE,
  call,
  dialogflowClaims,
  PROJECT_NUMBER,
  SERVICE_AGENT,
  sign,
  signingKey,
  startJwksServer,
  type JwksServer,
  type SigningKey,
} from './helpers.ts';

const now = () => Math.floor(Date.now() / 1000);

describe('googleIdToken', () => {
  let jwks: JwksServer;
  let key: SigningKey;
  const options = (more: Partial<GoogleIdTokenOptions> = {}): GoogleIdTokenOptions => ({
    audience: AUDIENCE,
    projectNumber: PROJECT_NUMBER,
    jwksUrl: jwks.url,
    ...more,
  });

  before(async () => {
    key = await signingKey('key-2024-a');
    jwks = await startJwksServer([key.publicJwk]);
  });
  after(() => jwks.close());

  test("the Dialogflow service agent's token is accepted; the handler sees its email and claims", async () => {
    const answer = await call(googleIdToken(options()), { authorization: `Bearer ${await sign(key)}` });
    assert.equal(answer.status, 200);
    assert.equal(answer.principal?.scheme, 'google-id-token');
    assert.equal(answer.principal?.subject, SERVICE_AGENT);
    assert.equal((answer.principal?.claims as any).aud, AUDIENCE);
  });

  test('allowedEmails, the short issuer form, one audience of several and a missing email_verified are accepted', async () => {
    const email = 'cx-caller@my-project.iam.gserviceaccount.com';
    const auth = googleIdToken(options({ projectNumber: undefined, allowedEmails: [email], audience: ['https://a.example/x', AUDIENCE] }));
    const token = await sign(key, dialogflowClaims({ email: email.toUpperCase(), iss: 'accounts.google.com', email_verified: undefined }));
    const answer = await call(auth, { authorization: `Bearer ${token}` });
    assert.equal(answer.status, 200);
    // The service agent is not allowed unless projectNumber (or the list) says so.
    assert.equal((await call(auth, { authorization: `Bearer ${await sign(key)}` })).status, 403);
  });

  test('tokens within the clock tolerance are accepted: expired 10 s ago, valid in 10 s', async () => {
    const auth = googleIdToken(options());
    for (const claims of [{ iat: now() - 3610, exp: now() - 10 }, { nbf: now() + 10 }]) {
      assert.equal((await call(auth, { authorization: `Bearer ${await sign(key, dialogflowClaims(claims))}` })).status, 200);
    }
    // ...and refused without it.
    const strict = googleIdToken(options({ clockToleranceS: 0 }));
    assert.equal((await call(strict, { authorization: `Bearer ${await sign(key, dialogflowClaims({ nbf: now() + 10 }))}` })).status, 403);
  });

  test('no bearer token gets 401 with a Bearer challenge and costs no JWKS fetch', async () => {
    const fetches = jwks.fetches;
    const answer = await call(googleIdToken(options()), { authorization: 'Basic YTpi' });
    assert.equal(answer.status, 401);
    assert.equal(answer.headers['www-authenticate'], 'Bearer realm="cxhook"');
    assert.equal(jwks.fetches, fetches);
  });

  test('keys are fetched once and reused across requests', async () => {
    const auth = googleIdToken(options());
    const fetches = jwks.fetches;
    for (let i = 0; i < 3; i++) assert.equal((await call(auth, { authorization: `Bearer ${await sign(key)}` })).status, 200);
    assert.equal(jwks.fetches, fetches + 1);
  });

  test('key rotation: a token signed by a newly published key is accepted after one refetch', async () => {
    const auth = googleIdToken(options({ jwksCooldownMs: 0 }));
    assert.equal((await call(auth, { authorization: `Bearer ${await sign(key)}` })).status, 200);
    const fetches = jwks.fetches;
    const next = await signingKey('key-2024-b');
    jwks.keys = [key.publicJwk, next.publicJwk];
    try {
      assert.equal((await call(auth, { authorization: `Bearer ${await sign(next)}` })).status, 200);
      assert.equal(jwks.fetches, fetches + 1, 'the unknown kid made it refetch the key set');
    } finally {
      jwks.keys = [key.publicJwk];
    }
  });

  test('right after a fetch, an unknown kid triggers no refetch (the cooldown protects the JWKS)', async () => {
    const auth = googleIdToken(options());
    assert.equal((await call(auth, { authorization: `Bearer ${await sign(key)}` })).status, 200);
    const fetches = jwks.fetches;
    const stranger = await signingKey('forged-kid');
    for (let i = 0; i < 3; i++) assert.equal((await call(auth, { authorization: `Bearer ${await sign(stranger)}` })).status, 403);
    assert.equal(jwks.fetches, fetches);
  });

  test('a JWKS that answers 500, never answers, or is not listening gives 503; the token is then checked once it is back', async () => {
    const token = await sign(key);
    for (const failure of [500, 'hang'] as const) {
      jwks.failure = failure;
      try {
        const answer = await call(googleIdToken(options({ fetchTimeoutMs: 200 })), { authorization: `Bearer ${token}` });
        assert.equal(answer.status, 503, String(failure));
        assert.equal(answer.json.error.code, 'CXH_ERR_AUTH_UNAVAILABLE');
        assert.equal(answer.reachedHandler, false);
        assert.match(answer.lines.find((line) => line.code === 'CXH_ERR_AUTH_UNAVAILABLE')?.reason, /cannot be fetched/);
        assert.ok(!JSON.stringify(answer.lines).includes(token));
      } finally {
        jwks.failure = undefined;
      }
    }
    const down = await startJwksServer([key.publicJwk]);
    await down.close();
    const auth = googleIdToken(options({ jwksUrl: down.url }));
    assert.equal((await call(auth, { authorization: `Bearer ${token}` })).status, 503);
    // The same authenticator recovers: nothing bad was cached.
    const flaky = googleIdToken(options());
    jwks.failure = 500;
    assert.equal((await call(flaky, { authorization: `Bearer ${token}` })).status, 503);
    jwks.failure = undefined;
    assert.equal((await call(flaky, { authorization: `Bearer ${token}` })).status, 200);
  });

  test('invalid options are refused when the app is built', () => {
    const bad: Partial<GoogleIdTokenOptions>[] = [
      { audience: undefined },
      { audience: [] },
      { projectNumber: undefined },
      { projectNumber: undefined, allowedEmails: [] },
      { projectNumber: 'my-project' },
      { jwksUrl: 'not a url' },
      { clockToleranceS: -1 },
      { fetchTimeoutMs: Number.NaN },
    ];
    for (const more of bad) {
      assert.throws(
        () => googleIdToken(options(more)),
        (error) => isCxhookError(error) && error.code === 'CXH_ERR_INVALID_OPTION',
        JSON.stringify(more),
      );
    }
  });
});

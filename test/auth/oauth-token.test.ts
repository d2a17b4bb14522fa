// oauthToken: CX's OAuth option sends an access token as a bearer; the user's verifier decides.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { oauthToken, type AuthRequest } from '../../src/auth/index.ts';
import { isCxhookError } from '../../src/errors/index.ts';
import { call } from './helpers.ts';

const ACCESS_TOKEN = 'ya29.a0-access-token-6c1d';

describe('oauthToken', () => {
  test("the verifier's principal reaches the handler, scheme 'oauth' unless it names its own", async () => {
    const seen: { token: string; request: AuthRequest }[] = [];
    const auth = oauthToken({
      verify: async (token, request) => {
        seen.push({ token, request });
        return token === ACCESS_TOKEN ? { subject: 'dialogflow-client', claims: { scope: 'webhook' } } : undefined;
      },
    });
    const answer = await call(auth, { authorization: `Bearer ${ACCESS_TOKEN}`, 'x-extra': 'seen' });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.principal, { scheme: 'oauth', subject: 'dialogflow-client', claims: { scope: 'webhook' } });
    assert.equal(seen[0]?.token, ACCESS_TOKEN);
    assert.equal(seen[0]?.request.headers['x-extra'], 'seen');

    const named = oauthToken({ verify: () => ({ scheme: 'google-access-token', subject: 'sa@example.com' }) });
    assert.equal((await call(named, { authorization: 'Bearer t' })).principal?.scheme, 'google-access-token');
  });

  test('undefined or false from the verifier gets 403; a bare Bearer gets 403 without asking it', async () => {
    let asked = 0;
    for (const verdict of [undefined, false] as const) {
      const auth = oauthToken({
        verify: () => {
          asked++;
          return verdict;
        },
      });
      const answer = await call(auth, { authorization: 'Bearer ya29.wrong' });
      assert.equal(answer.status, 403);
      assert.equal(answer.reachedHandler, false);
      assert.match(answer.lines.find((line) => line.code === 'CXH_ERR_FORBIDDEN')?.reason, /verifier refused/);
      assert.equal((await call(auth, { authorization: 'Bearer' })).status, 403);
    }
    assert.equal(asked, 2);
  });

  test('no bearer token gets 401 with a challenge', async () => {
    const answer = await call(oauthToken({ verify: () => ({ subject: 'x' }) }), {});
    assert.equal(answer.status, 401);
    assert.equal(answer.headers['www-authenticate'], 'Bearer realm="cxhook"');
  });

  test('a verifier that throws, or returns nonsense, gives 503 without the token in log or body', async () => {
    const throwing = oauthToken({ verify: () => Promise.reject(new Error('introspection endpoint down')) });
    const nonsense = oauthToken({ verify: () => ({ who: 'me' }) as never });
    for (const auth of [throwing, nonsense]) {
      const answer = await call(auth, { authorization: `Bearer ${ACCESS_TOKEN}` });
      assert.equal(answer.status, 503);
      assert.equal(answer.json.error.code, 'CXH_ERR_AUTH_UNAVAILABLE');
      assert.ok(!(JSON.stringify(answer.lines) + answer.body).includes(ACCESS_TOKEN));
    }
  });

  test('verify must be a function', () => {
    assert.throws(() => oauthToken({} as never), (error) => isCxhookError(error) && error.code === 'CXH_ERR_INVALID_OPTION');
  });
});

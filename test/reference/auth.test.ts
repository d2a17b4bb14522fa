// The reference webhook's authentication comes from AUTH_* variables: each configured scheme is
// accepted, secrets can come from files, and none configured means anyone may call.
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { describeConfig, loadConfig } from '../../reference/config.ts';
import { AUDIENCE, basic, PROJECT_NUMBER, sign, signingKey, startJwksServer } from '../auth/helpers.ts';
import { cxRequest, tempDir, testApp, texts } from './helpers.ts';

const weather = cxRequest({ tag: 'weather', params: { location: 'Paris' } });

describe('reference authentication', () => {
  const opened: (() => void)[] = [];
  after(() => Promise.all(opened.map((close) => close())));
  const appWith = (env: Record<string, string>) => {
    const made = testApp({}, env);
    opened.push(made.close);
    return made.app;
  };

  test('without AUTH_* variables anyone may call', async () => {
    const answer = await appWith({}).inject(weather);
    assert.equal(answer.status, 200);
    assert.match(texts(answer.body)[0] ?? '', /Paris/);
  });

  test('AUTH_API_KEYS: no key is 401, a wrong key 403, a listed key 200', async () => {
    const app = appWith({ AUTH_API_KEYS: 'first-key, second-key' });
    assert.equal((await app.inject(weather)).status, 401);
    const wrong = await app.inject(weather, { 'x-api-key': 'third-key' });
    assert.equal(wrong.status, 403);
    assert.equal(wrong.body.error.code, 'CXH_ERR_FORBIDDEN');
    assert.equal((await app.inject(weather, { 'x-api-key': 'second-key' })).status, 200);
  });

  test('AUTH_API_KEYS_FILE and AUTH_API_KEY_HEADER: the key is read from the file, in the named header', async () => {
    const { dir, remove } = tempDir();
    opened.push(remove);
    const file = path.join(dir, 'api-keys');
    writeFileSync(file, 'from-a-file\n');
    const app = appWith({ AUTH_API_KEYS_FILE: file, AUTH_API_KEY_HEADER: 'X-CX-Key' });
    assert.equal((await app.inject(weather, { 'x-api-key': 'from-a-file' })).status, 401);
    assert.equal((await app.inject(weather, { 'x-cx-key': 'from-a-file' })).status, 200);
  });

  test('several schemes are accepted side by side (basic, bearer, Google ID token)', async () => {
    const key = await signingKey('k1');
    const jwks = await startJwksServer([key.publicJwk]);
    try {
      const app = appWith({
        AUTH_BASIC_USERS: 'dialogflow:pa:ss',
        AUTH_BEARER_TOKENS: 'static-token',
        AUTH_GOOGLE_AUDIENCE: AUDIENCE,
        AUTH_GOOGLE_PROJECT_NUMBER: PROJECT_NUMBER,
        AUTH_GOOGLE_JWKS_URL: jwks.url,
      });
      const unauthenticated = await app.inject(weather);
      assert.equal(unauthenticated.status, 401);
      assert.match(unauthenticated.headers['www-authenticate'] ?? '', /Basic/);
      assert.equal((await app.inject(weather, { authorization: basic('dialogflow', 'pa:ss') })).status, 200);
      assert.equal((await app.inject(weather, { authorization: basic('dialogflow', 'wrong') })).status, 403);
      assert.equal((await app.inject(weather, { authorization: 'Bearer static-token' })).status, 200);
      assert.equal((await app.inject(weather, { authorization: `Bearer ${await sign(key)}` })).status, 200);
    } finally {
      await jwks.close();
    }
  });
});

describe('authentication configuration', () => {
  test('bad or incomplete AUTH_* values are errors naming the variable, never echoing a secret', () => {
    const cases: [Record<string, string>, string][] = [
      [{ AUTH_BASIC_USERS: 'alice-without-password' }, 'AUTH_BASIC_USERS'],
      [{ AUTH_BASIC_USERS: 'alice:s3cret,bob' }, 'AUTH_BASIC_USERS'],
      [{ AUTH_API_KEY_HEADER: 'x api key' }, 'AUTH_API_KEY_HEADER'],
      [{ AUTH_GOOGLE_AUDIENCE: AUDIENCE }, 'AUTH_GOOGLE_PROJECT_NUMBER'],
      [{ AUTH_GOOGLE_PROJECT_NUMBER: PROJECT_NUMBER }, 'AUTH_GOOGLE_AUDIENCE'],
      [{ AUTH_GOOGLE_AUDIENCE: AUDIENCE, AUTH_GOOGLE_PROJECT_NUMBER: 'my-project' }, 'AUTH_GOOGLE_PROJECT_NUMBER'],
      [{ AUTH_API_KEYS: 'k', AUTH_API_KEYS_FILE: '/nonexistent' }, 'AUTH_API_KEYS'],
      [{ AUTH_API_KEYS_FILE: '/nonexistent/keys' }, 'AUTH_API_KEYS_FILE'],
    ];
    for (const [env, variable] of cases) {
      assert.throws(
        () => loadConfig(env),
        (error: any) => error.variable === variable && !String(error.message).includes('s3cret'),
        `${JSON.stringify(env)} should name ${variable}`,
      );
    }
  });

  test('the configuration as logged holds no secret, only counts and user names', () => {
    const config = loadConfig({ AUTH_API_KEYS: 'key-one,key-two', AUTH_BASIC_USERS: 'alice:pw-alice', AUTH_BEARER_TOKENS: 'tok-1' });
    const described = JSON.stringify(describeConfig(config));
    for (const secret of ['key-one', 'key-two', 'pw-alice', 'tok-1']) assert.ok(!described.includes(secret), secret);
    assert.deepEqual((describeConfig(config).auth as any).basicUsers, ['alice']);
    assert.equal((describeConfig(config).auth as any).apiKeys, 2);
  });
});

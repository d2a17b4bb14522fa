// apiKey: a key in a configurable header, any case, compared in constant time; never logged.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { apiKey } from '../../src/auth/index.ts';
import { isCxhookError } from '../../src/errors/index.ts';
import { call } from './helpers.ts';

const KEY = 'k-live-8d1f0c2b9e7a';
const OTHER = 'k-live-second-4411';

describe('apiKey', () => {
  test('the right key in x-api-key reaches the handler as the key named in the record', async () => {
    const answer = await call(apiKey({ keys: { dialogflow: KEY, probe: OTHER } }), { 'x-api-key': OTHER });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.principal, { scheme: 'api-key', subject: 'probe' });
  });

  test('keys given as a list are named key-<index>', async () => {
    const answer = await call(apiKey({ keys: [KEY, OTHER] }), { 'x-api-key': OTHER });
    assert.equal(answer.principal?.subject, 'key-1');
  });

  test('no key header gets 401 without a challenge, and the handler never runs', async () => {
    const answer = await call(apiKey({ keys: [KEY] }), {});
    assert.equal(answer.status, 401);
    assert.equal(answer.json.error.code, 'CXH_ERR_UNAUTHENTICATED');
    assert.equal(answer.headers['www-authenticate'], undefined);
    assert.equal(answer.reachedHandler, false);
  });

  test('a wrong key gets 403, also a prefix of the right one and one a byte longer', async () => {
    for (const wrong of ['nope', KEY.slice(0, -1), `${KEY}x`, KEY.toUpperCase()]) {
      const answer = await call(apiKey({ keys: [KEY] }), { 'x-api-key': wrong });
      assert.equal(answer.status, 403, wrong);
      assert.equal(answer.json.error.code, 'CXH_ERR_FORBIDDEN');
      assert.equal(answer.reachedHandler, false);
    }
  });

  test('the configured header name is matched in any case', async () => {
    const auth = apiKey({ header: 'X-CX-Key', keys: [KEY] });
    // The core lower-cases names, whatever the host sends.
    assert.equal((await call(auth, { 'X-Cx-KEY': KEY })).status, 200);
    assert.equal((await call(auth, { 'x-api-key': KEY })).status, 401);
  });

  test('neither the right nor a wrong key appears in any log line (even at debug) or answer body', async () => {
    const right = await call(apiKey({ header: 'x-cx-key', keys: [KEY] }), { 'x-cx-key': KEY });
    const wrong = await call(apiKey({ header: 'x-cx-key', keys: [KEY] }), { 'x-cx-key': 'guess-0f9e8d' });
    assert.ok(right.lines.some((line) => line.msg === 'webhook request'), 'headers were logged at debug');
    assert.equal(right.lines.find((line) => line.msg === 'webhook request')?.headers['x-cx-key'], '[redacted]');
    for (const answer of [right, wrong]) {
      const logged = JSON.stringify(answer.lines);
      assert.ok(!logged.includes(KEY) && !logged.includes('guess-0f9e8d'));
      assert.ok(!answer.body.includes(KEY) && !answer.body.includes('guess-0f9e8d'));
    }
    assert.match(wrong.lines.find((line) => line.code === 'CXH_ERR_FORBIDDEN')?.reason, /x-cx-key matches no configured key/);
  });

  test('an empty key list, an empty key or a bad header name is refused when the app is built', () => {
    for (const options of [{ keys: [] }, { keys: {} }, { keys: [KEY, ''] }, { keys: { a: '' } }, { keys: [KEY], header: 'bad header' }, {}]) {
      assert.throws(
        () => apiKey(options as never),
        (error) => isCxhookError(error) && error.code === 'CXH_ERR_INVALID_OPTION',
        JSON.stringify(options),
      );
    }
  });
});

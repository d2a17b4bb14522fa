// bearerToken: a static token in Authorization: Bearer, compared in constant time.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bearerToken } from '../../src/auth/index.ts';
import { isCxhookError } from '../../src/errors/index.ts';
import { basic, call } from './helpers.ts';

const TOKEN = 'tok-3c9a1e77f02b';

describe('bearerToken', () => {
  test('the right token reaches the handler with its name as subject', async () => {
    const answer = await call(bearerToken({ tokens: { cx: TOKEN } }), { authorization: `Bearer ${TOKEN}` });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.principal, { scheme: 'bearer', subject: 'cx' });
  });

  test('the scheme name is case-insensitive and a list names tokens token-<index>', async () => {
    const answer = await call(bearerToken({ tokens: ['other', TOKEN] }), { Authorization: `bearer   ${TOKEN}` });
    assert.equal(answer.principal?.subject, 'token-1');
  });

  test('no Authorization header, or another scheme, gets 401 with a Bearer challenge', async () => {
    for (const headers of [{}, { authorization: basic('a', TOKEN) }, { authorization: '   ' }]) {
      const answer = await call(bearerToken({ tokens: [TOKEN] }), headers);
      assert.equal(answer.status, 401);
      assert.equal(answer.headers['www-authenticate'], 'Bearer realm="cxhook"');
      assert.equal(answer.reachedHandler, false);
    }
  });

  test('a wrong or empty token gets 403 and never reaches the handler', async () => {
    for (const authorization of ['Bearer wrong', `Bearer ${TOKEN}0`, 'Bearer', `Bearer ${TOKEN.slice(1)}`]) {
      const answer = await call(bearerToken({ tokens: [TOKEN] }), { authorization });
      assert.equal(answer.status, 403, authorization);
      assert.equal(answer.json.error.code, 'CXH_ERR_FORBIDDEN');
      assert.equal(answer.reachedHandler, false);
    }
  });

  test('the token is in no log line and no answer body', async () => {
    for (const authorization of [`Bearer ${TOKEN}`, 'Bearer guess-77aa']) {
      const answer = await call(bearerToken({ tokens: [TOKEN] }), { authorization });
      const logged = JSON.stringify(answer.lines);
      assert.ok(!logged.includes(TOKEN) && !logged.includes('guess-77aa'));
      assert.ok(!answer.body.includes(TOKEN));
    }
  });

  test('no tokens or an empty token is an invalid option', () => {
    for (const tokens of [[], [''], { a: '' }, undefined]) {
      assert.throws(() => bearerToken({ tokens } as never), (error) => isCxhookError(error) && error.code === 'CXH_ERR_INVALID_OPTION');
    }
  });
});

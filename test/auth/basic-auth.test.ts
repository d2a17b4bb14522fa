// basicAuth: CX's username/password option. Missing → 401 with a Basic challenge; wrong or
// undecodable credentials → 403 (the caller did present credentials).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { basicAuth } from '../../src/auth/index.ts';
import { isCxhookError } from '../../src/errors/index.ts';
import { b64url, basic, call } from './helpers.ts';

const PASSWORD = 'pw-Zq81!x:colon-ok';
const users = { dialogflow: PASSWORD, ops: 'pw-ops-5531' };

describe('basicAuth', () => {
  test('a configured user with the right password reaches the handler (a colon in the password is fine)', async () => {
    const answer = await call(basicAuth({ users }), { authorization: basic('dialogflow', PASSWORD) });
    assert.equal(answer.status, 200);
    assert.deepEqual(answer.principal, { scheme: 'basic', subject: 'dialogflow' });
  });

  test('UTF-8 user names and passwords work', async () => {
    const answer = await call(basicAuth({ users: { 'zoë': 'mötörhead' } }), { authorization: basic('zoë', 'mötörhead') });
    assert.equal(answer.principal?.subject, 'zoë');
  });

  test('no credentials, or a Bearer token, get 401 with the realm and charset in the challenge', async () => {
    for (const headers of [{}, { authorization: 'Bearer abc' }]) {
      const answer = await call(basicAuth({ users, realm: 'bank bot' }), headers);
      assert.equal(answer.status, 401);
      assert.equal(answer.headers['www-authenticate'], 'Basic realm="bank bot", charset="UTF-8"');
      assert.equal(answer.json.error.code, 'CXH_ERR_UNAUTHENTICATED');
    }
  });

  test("a wrong password, an unknown user or another user's password get 403", async () => {
    for (const [user, password] of [['dialogflow', 'nope'], ['mallory', PASSWORD], ['ops', PASSWORD], ['dialogflow', ''], ['', PASSWORD]]) {
      const answer = await call(basicAuth({ users }), { authorization: basic(user!, password!) });
      assert.equal(answer.status, 403, `${user}:${password}`);
      assert.equal(answer.reachedHandler, false);
    }
  });

  test('malformed credentials (not base64, no colon, not UTF-8, empty) get 403 with the reason logged', async () => {
    const cases = {
      'Basic %%%notbase64': 'not base64',
      [`Basic ${Buffer.from('no-colon-here').toString('base64')}`]: 'no ":"',
      [`Basic ${Buffer.from([0x64, 0x66, 0xff, 0x3a, 0x70]).toString('base64')}`]: 'not UTF-8',
      [`Basic ${b64url('dialogflow:' + PASSWORD + '??>>')}`]: 'not base64',
      'Basic YWJj': 'no ":"',
      Basic: 'not base64',
    };
    for (const [authorization, reason] of Object.entries(cases)) {
      const answer = await call(basicAuth({ users }), { authorization });
      assert.equal(answer.status, 403, authorization);
      assert.ok(answer.lines.find((line) => line.code === 'CXH_ERR_FORBIDDEN')?.reason.includes(reason), authorization);
    }
  });

  test('the password and the encoded credentials are in no log line and no answer body', async () => {
    for (const password of [PASSWORD, 'guessed-pw-0042']) {
      const authorization = basic('dialogflow', password);
      const answer = await call(basicAuth({ users }), { authorization });
      const logged = JSON.stringify(answer.lines);
      for (const secret of [password, authorization.slice(6)]) {
        assert.ok(!logged.includes(secret) && !answer.body.includes(secret));
      }
    }
  });

  test('no users, an empty password, a user with a colon or a quoted realm are invalid options', () => {
    for (const options of [{ users: {} }, { users: { a: '' } }, { users: { 'a:b': 'x' } }, { users: { a: 'x' }, realm: 'a"b' }, {}]) {
      assert.throws(() => basicAuth(options as never), (error) => isCxhookError(error) && error.code === 'CXH_ERR_INVALID_OPTION');
    }
  });
});

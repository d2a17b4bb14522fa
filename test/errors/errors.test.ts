// The coded error registry and CxhookError: every code documented with a message and an HTTP
// status, JSON without stacks, and %s arguments formatted in order.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CxhookError, ERROR_CODES, isCxhookError, type ErrorCode } from '../../src/errors/index.ts';

const codes = Object.keys(ERROR_CODES) as ErrorCode[];

describe('ERROR_CODES', () => {
  test('has codes', () => {
    assert.ok(codes.length >= 15);
  });

  for (const code of codes) {
    test(`${code} has a message, a 4xx/5xx status and the CXH_ERR_ prefix`, () => {
      const definition = ERROR_CODES[code];
      assert.match(code, /^CXH_ERR_[A-Z_]+$/);
      assert.equal(typeof definition.message, 'string');
      assert.ok(definition.message.trim().length > 0);
      assert.ok(Number.isInteger(definition.status) && definition.status >= 400 && definition.status <= 599, `${definition.status}`);
    });

    test(`new CxhookError(${code}) carries the code and status of the registry`, () => {
      const error = new CxhookError(code, ['a', 'b']);
      assert.equal(error.code, code);
      assert.equal(error.status, ERROR_CODES[code].status);
      assert.equal(error.name, 'CxhookError');
      assert.ok(error instanceof Error);
      assert.ok(!error.message.includes('%s'), error.message);
    });
  }

  test('request-shaped problems map to 4xx and server-side ones to 5xx', () => {
    assert.equal(ERROR_CODES.CXH_ERR_UNSUPPORTED_MEDIA_TYPE.status, 415);
    assert.equal(ERROR_CODES.CXH_ERR_MALFORMED_JSON.status, 400);
    assert.equal(ERROR_CODES.CXH_ERR_INVALID_REQUEST.status, 400);
    assert.equal(ERROR_CODES.CXH_ERR_HANDLER_FAILED.status, 500);
    assert.equal(ERROR_CODES.CXH_ERR_DEADLINE_EXCEEDED.status, 503);
  });
});

describe('CxhookError', () => {
  test('fills %s placeholders from the arguments in order', () => {
    assert.equal(new CxhookError('CXH_ERR_METHOD_NOT_ALLOWED', ['GET', 'POST']).message, 'Method GET is not allowed; use POST');
  });

  test('takes a single string argument as the first placeholder', () => {
    assert.equal(new CxhookError('CXH_ERR_INVALID_REPLY', 'targetPage and targetFlow are exclusive').message, 'Invalid reply: targetPage and targetFlow are exclusive');
  });

  test('formats non-string arguments with String()', () => {
    assert.equal(new CxhookError('CXH_ERR_DEADLINE_EXCEEDED', ['tag:x', 4500]).message, 'The handler for tag:x did not finish within 4500 ms');
  });

  test('fills missing arguments with nothing and ignores extra ones', () => {
    assert.equal(new CxhookError('CXH_ERR_METHOD_NOT_ALLOWED', ['GET']).message, 'Method GET is not allowed; use ');
    assert.equal(new CxhookError('CXH_ERR_NOT_READY', ['db', 'extra']).message, 'Not ready: db');
  });

  test('does not re-expand a %s that comes from an argument', () => {
    assert.equal(new CxhookError('CXH_ERR_METHOD_NOT_ALLOWED', ['%s', 'POST']).message, 'Method %s is not allowed; use POST');
  });

  test('toJSON has the code and message, details when given, and never a stack', () => {
    const plain = new CxhookError('CXH_ERR_NOT_FOUND', ['/x']).toJSON();
    assert.deepEqual(plain, { error: { code: 'CXH_ERR_NOT_FOUND', message: 'No webhook is mounted at /x' } });
    const details = [{ path: 'text', message: 'bad' }];
    const withDetails = new CxhookError('CXH_ERR_INVALID_REQUEST', ['text: bad'], { details }).toJSON();
    assert.deepEqual(withDetails.error.details, details);
    const serialized = JSON.stringify(new CxhookError('CXH_ERR_HANDLER_FAILED', ['x'], { cause: new Error('secret') }));
    assert.ok(!serialized.includes('stack'), serialized);
    assert.ok(!serialized.includes('secret'), serialized);
    assert.ok(!serialized.includes('    at '), serialized);
  });

  test('keeps the cause for logs', () => {
    const cause = new Error('root');
    assert.equal(new CxhookError('CXH_ERR_HANDLER_FAILED', ['x'], { cause }).cause, cause);
  });

  test('isCxhookError tells coded errors from others', () => {
    assert.equal(isCxhookError(new CxhookError('CXH_ERR_NOT_READY', ['x'])), true);
    assert.equal(isCxhookError(new Error('x')), false);
    assert.equal(isCxhookError({ code: 'CXH_ERR_NOT_READY' }), false);
  });
});

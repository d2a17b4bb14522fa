// readSecret: a secret from NAME or from the file named by NAME_FILE; errors name the variable
// and the path, never the content.
import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { readSecret } from '../../src/auth/index.ts';
import { isCxhookError } from '../../src/errors/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'cxhook-secrets-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

function invalidOption(message: RegExp) {
  return (error: unknown) => isCxhookError(error) && error.code === 'CXH_ERR_INVALID_OPTION' && message.test(error.message);
}

describe('readSecret', () => {
  test('reads the variable itself', () => {
    assert.equal(readSecret({ CX_KEY: 'from-env' }, 'CX_KEY'), 'from-env');
  });

  test('reads the file named by NAME_FILE, without the trailing newline and surrounding blanks', () => {
    assert.equal(readSecret({ CX_KEY_FILE: file('key', '  s3cr3t-from-file\n') }, 'CX_KEY'), 's3cr3t-from-file');
    assert.equal(readSecret({ CX_KEY_FILE: file('crlf', 'crlf-secret\r\n') }, 'CX_KEY'), 'crlf-secret');
  });

  test('neither set (or set empty) is undefined', () => {
    assert.equal(readSecret({}, 'CX_KEY'), undefined);
    assert.equal(readSecret({ CX_KEY: '', CX_KEY_FILE: '' }, 'CX_KEY'), undefined);
  });

  test('both set is an error naming both variables and neither value', () => {
    const env = { CX_KEY: 'value-in-env-77', CX_KEY_FILE: file('both', 'value-in-file-88') };
    assert.throws(() => readSecret(env, 'CX_KEY'), invalidOption(/CX_KEY and CX_KEY_FILE/));
    try {
      readSecret(env, 'CX_KEY');
    } catch (error) {
      assert.ok(!String((error as Error).message).includes('value-in'));
    }
  });

  test('a missing, unreadable or empty file is an error naming the variable and the path, not the content', () => {
    const missing = join(dir, 'nope');
    assert.throws(() => readSecret({ CX_KEY_FILE: missing }, 'CX_KEY'), invalidOption(new RegExp(`CX_KEY_FILE.*${missing}.*ENOENT`)));
    assert.throws(() => readSecret({ CX_KEY_FILE: dir }, 'CX_KEY'), invalidOption(/CX_KEY_FILE.*EISDIR/));
    assert.throws(() => readSecret({ CX_KEY_FILE: file('empty', '\n') }, 'CX_KEY'), invalidOption(/CX_KEY_FILE.*is empty/));
    if (process.getuid?.() !== 0) {
      const locked = file('locked', 'locked-secret-99');
      chmodSync(locked, 0o000);
      assert.throws(() => readSecret({ CX_KEY_FILE: locked }, 'CX_KEY'), invalidOption(/CX_KEY_FILE.*EACCES/));
    }
  });
});

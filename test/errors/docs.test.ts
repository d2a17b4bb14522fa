import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import { ERROR_CODES } from '../../src/errors/index.ts';

const page = readFileSync(new URL('../../docs/errors.md', import.meta.url), 'utf8');
const documented = new Map(
  [...page.matchAll(/^\| `(CXH_ERR_[A-Z_]+)` \| (\d{3}) \|/gm)].map((match) => [match[1], Number(match[2])]),
);

test('every error code in the registry is documented with its status in docs/errors.md', () => {
  for (const [code, definition] of Object.entries(ERROR_CODES)) {
    assert.equal(documented.get(code), definition.status, `${code} missing or with another status in docs/errors.md`);
  }
});

test('docs/errors.md documents no code that the registry lacks', () => {
  for (const code of documented.keys()) assert.ok(code && code in ERROR_CODES, `${code} is documented but not in the registry`);
});

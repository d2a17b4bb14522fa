// The reference webhook is written the way a user's project would be: it may import the library
// only by its package name, never by reaching into src/.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { test } from 'node:test';

const root = new URL('../../reference/', import.meta.url);

test('the reference webhook imports the library only through its public package name', () => {
  const files = readdirSync(root, { recursive: true }).map(String).filter((file) => file.endsWith('.ts'));
  assert.ok(files.length > 5, 'reference sources found');
  for (const file of files) {
    const source = readFileSync(new URL(file, root), 'utf8');
    for (const [, specifier] of source.matchAll(/from '([^']+)'/g)) {
      assert.ok(!specifier?.includes('src/'), `reference/${file} imports ${specifier}: use 'cxhook' instead`);
    }
  }
});

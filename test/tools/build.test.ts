// `npm run build` makes one file for deployment; libraries only an optional feature uses stay in
// node_modules (loaded when the feature is configured), so every cold start does not parse them.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { bundle, EXTERNAL, ROOT } from '../../tools/build.ts';

test('the reference bundle loads the optional-feature libraries from node_modules instead of carrying them', async (t) => {
  const dir = mkdtempSync(path.join(ROOT, 'dist-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const code = readFileSync(await bundle('reference/main.ts', path.join(dir, 'reference.mjs')), 'utf8');
  for (const name of ['pg', 'undici', 'cockatiel', 'jose', 'ioredis']) {
    assert.ok(EXTERNAL.includes(name as (typeof EXTERNAL)[number]), `${name} is declared external`);
    assert.match(code, new RegExp(`import\\("${name}"\\)`), `${name} is imported at run time, when its feature is used`);
  }
  // Strings found only inside each library's own code.
  for (const [name, marker] of [['undici', 'UND_ERR_HEADERS_TIMEOUT'], ['pg', 'pg-protocol'], ['cockatiel', 'Execution prevented because the circuit breaker is open'], ['jose', 'no applicable key found in the JSON Web Key Set']]) {
    assert.ok(!code.includes(marker as string), `${name}'s code is not in the bundle`);
  }
});

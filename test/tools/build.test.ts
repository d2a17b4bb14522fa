// `npm run build` makes a bundle for deployment: the code (`x.cjs`) and the launcher you run
// (`x.mjs`), which loads the code through V8's code cache. Libraries only an optional feature uses
// stay in node_modules (loaded when the feature is configured), so every cold start does not parse them.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { test } from 'node:test';
import { bundle, codeCacheOf, codeFileOf, EXTERNAL, prewarm, REFERENCE_PREWARM_CALLS, ROOT } from '../../tools/build.ts';

test('the reference bundle loads the optional-feature libraries from node_modules instead of carrying them', async (t) => {
  const dir = mkdtempSync(path.join(ROOT, 'dist-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const code = readFileSync(codeFileOf(await bundle('reference/main.ts', path.join(dir, 'reference.mjs'))), 'utf8');
  for (const name of ['pg', 'undici', 'cockatiel', 'jose', 'ioredis']) {
    assert.ok(EXTERNAL.includes(name as (typeof EXTERNAL)[number]), `${name} is declared external`);
    // Loaded where the feature starts, not at the top of the bundle.
    const lazy = new RegExp(`Promise\\.resolve\\(\\)\\.then\\(\\(\\)=>\\w+\\(require\\("${name}"\\),1\\)\\)`);
    assert.ok(lazy.test(code), `${name} is required at run time, when its feature is used`);
  }
  // Strings found only inside each library's own code.
  for (const [name, marker] of [['undici', 'UND_ERR_HEADERS_TIMEOUT'], ['pg', 'pg-protocol'], ['cockatiel', 'Execution prevented because the circuit breaker is open'], ['jose', 'no applicable key found in the JSON Web Key Set']]) {
    assert.ok(!code.includes(marker as string), `${name}'s code is not in the bundle`);
  }
});

/** Runs a launcher; returns its stdout (trimmed) and exit code. */
function run(launcher: string, env: Record<string, string> = {}): { stdout: string; status: number | null; stderr: string } {
  const result = spawnSync(process.execPath, [launcher], { env: { ...process.env, ...env }, encoding: 'utf8' });
  return { stdout: result.stdout.trim(), status: result.status, stderr: result.stderr };
}

test('the launcher writes the code cache on the first run, uses it on the next, and replaces one V8 refuses', async (t) => {
  const dir = mkdtempSync(path.join(ROOT, 'dist-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // import.meta.url and a dynamic import must still work in the CommonJS bundle.
  writeFileSync(
    path.join(dir, 'entry.ts'),
    [
      "import { fileURLToPath } from 'node:url';",
      "void import('node:path').then(({ sep }) => console.log(fileURLToPath(import.meta.url).endsWith(`${sep}entry.cjs`) ? 'located' : 'lost'));",
    ].join('\n'),
  );
  const launcher = await bundle(path.relative(ROOT, path.join(dir, 'entry.ts')), path.join(dir, 'entry.mjs'));
  const cache = codeCacheOf(launcher);
  assert.equal(existsSync(cache), false, 'a fresh bundle has no cache');

  assert.deepEqual(run(launcher, { CXHOOK_CODE_CACHE: 'off' }).stdout, 'located');
  assert.equal(existsSync(cache), false, 'CXHOOK_CODE_CACHE=off writes none');

  const first = run(launcher);
  assert.equal(first.stdout, 'located', first.stderr);
  assert.ok(statSync(cache).size > 0, 'the first run wrote a cache');
  const written = readFileSync(cache);

  assert.equal(run(launcher).stdout, 'located');
  assert.deepEqual(readFileSync(cache), written, 'a run that used the cache leaves it as it is');

  writeFileSync(cache, 'not a V8 code cache');
  assert.equal(run(launcher).stdout, 'located', 'a refused cache is compiled around');
  assert.notEqual(readFileSync(cache, 'utf8'), 'not a V8 code cache', 'and replaced at exit');
});

test('a launcher that cannot write its cache still runs, and leaves no temporary file', async (t) => {
  const dir = mkdtempSync(path.join(ROOT, 'dist-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(path.join(dir, 'entry.ts'), "console.log('ran');\n");
  const launcher = await bundle(path.relative(ROOT, path.join(dir, 'entry.ts')), path.join(dir, 'entry.mjs'));
  // A directory where the cache file would go: unwritable even for root.
  mkdirSync(codeCacheOf(launcher));
  const result = run(launcher);
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stdout, 'ran');
  assert.ok(statSync(codeCacheOf(launcher)).isDirectory());
  assert.deepEqual(readdirSync(dir).filter((name) => name.endsWith('.tmp')), []);
});

test('prewarming the reference bundle answers its calls and leaves the code cache beside it', async (t) => {
  const dir = mkdtempSync(path.join(ROOT, 'dist-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const launcher = await bundle('reference/main.ts', path.join(dir, 'reference.mjs'));
  await prewarm(launcher, REFERENCE_PREWARM_CALLS);
  assert.ok(statSync(codeCacheOf(launcher)).size > 100_000, 'the cache holds the compiled bundle');
  await assert.rejects(prewarm(launcher, [{ path: '/nowhere', body: {} }]), /\/nowhere answered 404/);
});

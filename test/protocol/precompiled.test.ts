// `npm run build` inlines the request and response validators as ajv standalone code generated from
// the zod schemas. A bundle must judge (and strip) exactly as the validators compiled at run time.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { bundle, precompiledValidatorsSource, ROOT } from '../../tools/build.ts';
import { compileValidator, type Validate } from '../../src/protocol/compiled.ts';
import { requestSchemas, responseSchemas } from '../../src/protocol/schemas.ts';
import { sharedFixture } from '../../tools/support/shared-fixtures.ts';

const shared = sharedFixture('');
const load = (folder: string) =>
  readdirSync(new URL(folder, shared))
    .filter((file) => file.endsWith('.json'))
    .map((file) => JSON.parse(readFileSync(new URL(`${folder}${file}`, shared), 'utf8')) as unknown);

/** Every field of `value` in turn replaced by each of a few wrong values, plus an unknown field. */
function* variants(value: unknown): Generator<unknown> {
  yield structuredClone(value);
  const paths: (string | number)[][] = [];
  const walk = (node: unknown, at: (string | number)[]) => {
    if (Array.isArray(node)) node.forEach((item, index) => (paths.push([...at, index]), walk(item, [...at, index])));
    else if (node && typeof node === 'object') for (const [key, item] of Object.entries(node)) paths.push([...at, key]), walk(item, [...at, key]);
  };
  walk(value, []);
  for (const at of paths) {
    for (const replacement of [null, 7, 'BOGUS', [], { surprise: true }]) {
      const copy = structuredClone(value) as Record<string | number, unknown>;
      let parent = copy;
      for (const key of at.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
      parent[at.at(-1) as string | number] = replacement;
      yield copy;
    }
  }
}

test('the validators a bundle carries accept, refuse and strip exactly as the ones compiled at run time', async (t) => {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cxhook-precompiled-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  // Bundled the way the build bundles it: ajv's runtime helpers the generated code requires come along.
  const out = await build({ stdin: { contents: await precompiledValidatorsSource(), resolveDir: ROOT, loader: 'js' }, bundle: true, platform: 'node', format: 'esm', write: false });
  const file = path.join(dir, 'precompiled.mjs');
  writeFileSync(file, out.outputFiles[0]?.text ?? '');
  const { PRECOMPILED } = (await import(pathToFileURL(file).href)) as { PRECOMPILED: Record<'webhookRequest' | 'webhookResponse', Validate> };

  const pairs = [
    { name: 'request', generated: PRECOMPILED.webhookRequest, runtime: compileValidator(requestSchemas.webhookRequest, { stripUnknown: true }), seeds: [...load('requests/'), ...load('bench/')] },
    { name: 'response', generated: PRECOMPILED.webhookResponse, runtime: compileValidator(responseSchemas.webhookResponse, { stripUnknown: false }), seeds: load('responses/') },
  ];
  for (const { name, generated, runtime, seeds } of pairs) {
    let accepted = 0;
    let refused = 0;
    for (const seed of seeds) {
      for (const candidate of variants(seed)) {
        const a = structuredClone(candidate);
        const b = structuredClone(candidate);
        const verdict = generated(a);
        assert.equal(verdict, runtime(b), `${name}: verdicts differ on ${JSON.stringify(candidate).slice(0, 200)}`);
        assert.deepEqual(a, b, `${name}: stripped values differ`);
        if (verdict) accepted++;
        else refused++;
      }
    }
    assert.ok(accepted > 0 && refused > 0, `${name}: both verdicts exercised (accepted ${accepted}, refused ${refused})`);
  }
});

test('a bundle made by the build has both validators precompiled; the sources compile them at run time', async (t) => {
  const dir = mkdtempSync(path.join(ROOT, 'dist-test-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  const entry = path.join(dir, 'entry.ts');
  writeFileSync(entry, `import { PRECOMPILED } from '../src/protocol/precompiled.ts';\nconsole.log(Object.keys(PRECOMPILED).join(','));\n`);
  const outfile = await bundle(path.relative(ROOT, entry), path.join(dir, 'entry.mjs'));
  const printed = await new Promise<string>((resolve, reject) =>
    execFile(process.execPath, [outfile], (error, stdout) => (error ? reject(error) : resolve(stdout.trim()))),
  );
  assert.equal(printed, 'webhookRequest,webhookResponse');
  const { PRECOMPILED } = await import('../../src/protocol/precompiled.ts');
  assert.deepEqual(Object.keys(PRECOMPILED), []);
});

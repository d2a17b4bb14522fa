// The cache is public: from the package root and from the `cxhook/cache` subpath, and importing cxhook
// does not load lru-cache (a cache loads it when made).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

test('cxhook and cxhook/cache export the same cache factories', async () => {
  const root = await import('cxhook');
  const sub = await import('cxhook/cache');
  for (const name of ['memoryCache', 'redisCache'] as const) {
    assert.equal(typeof sub[name], 'function', name);
    assert.equal(root[name], sub[name], name);
  }
  assert.equal(sub.memoryCache().engine, 'memory');
});

/** The lru-cache and ioredis modules a script resolves (see fixtures/record-imports.mjs). */
function loadedBy(script: string): string[] {
  const { stderr } = spawnSync(process.execPath, ['--import', './test/cache/fixtures/record-imports.mjs', '--import', 'tsx', '--input-type=module', '-e', script], {
    cwd: fileURLToPath(new URL('../../', import.meta.url)),
    encoding: 'utf8',
  });
  return [...stderr.matchAll(/^LOADED .*node_modules\/(lru-cache|ioredis)\//gm)].map((match) => match[1]!);
}

test('importing cxhook loads neither lru-cache nor ioredis; making a memory cache loads lru-cache', () => {
  assert.deepEqual(loadedBy(`await import('cxhook');`), []);
  assert.deepEqual([...new Set(loadedBy(`const { memoryCache } = await import('cxhook'); await memoryCache().get('k');`))], ['lru-cache']);
});

// undici and cockatiel load when an upstream is made, not when cxhook/outbound is imported: an app
// whose external services are off must not pay for them at start (checked in a fresh process).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { test } from 'node:test';
import { promisify } from 'node:util';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url);

/** Runs `code` in a fresh Node with tsx and answers which of undici and cockatiel were loaded. */
async function loadedAfter(code: string): Promise<{ undici: boolean; cockatiel: boolean }> {
  const probe = `${code}
const { createRequire } = await import('node:module');
const files = Object.keys(createRequire(import.meta.url).cache);
console.log(JSON.stringify({ undici: files.some((file) => file.includes('node_modules/undici/')), cockatiel: files.some((file) => file.includes('node_modules/cockatiel/')) }));`;
  const { stdout } = await run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', probe], { cwd: root });
  return JSON.parse(stdout.trim().split('\n').at(-1) ?? '{}');
}

test('importing cxhook/outbound, or the reference services built on it, loads neither undici nor cockatiel', async () => {
  assert.deepEqual(await loadedAfter("await import('cxhook/outbound');"), { undici: false, cockatiel: false });
  assert.deepEqual(
    await loadedAfter("await import('./reference/services/weather/index.ts'); await import('./reference/services/bookings/index.ts');"),
    { undici: false, cockatiel: false },
  );
});

test('making an upstream starts loading both, so its first call does not wait for them', async () => {
  // No call is made: the probe waits (up to 10 s) for the loading that making the upstream started.
  const made = `const { upstream } = await import('cxhook/outbound');
upstream({ name: 'probe', timeoutMs: 100 });
const { createRequire: made } = await import('node:module');
const loaded = (name) => Object.keys(made(import.meta.url).cache).some((file) => file.includes('node_modules/' + name + '/'));
for (let waited = 0; waited < 10_000 && !(loaded('undici') && loaded('cockatiel')); waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));`;
  assert.deepEqual(await loadedAfter(made), { undici: true, cockatiel: true });
});

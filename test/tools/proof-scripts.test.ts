// Smoke tests of the proof scripts as users run them: `npm run fuzz -- <count>` and `npm run soak`
// (short), each ending with its machine-readable summary line and exit code 0 on a healthy server.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function run(script: string, args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', script, ...args], { cwd: ROOT, env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1) ?? '';

test('npm run fuzz -- 200 runs exactly 200 cases and ends with the summary line, all zero', async () => {
  const { code, stdout, stderr } = await run('tools/fuzz.ts', ['200'], { FUZZ_SEED: '7' });
  assert.equal(lastLine(stdout), 'fuzz: cases=200 crashes=0 non_json=0 wrong_status=0', stderr);
  assert.equal(code, 0);
  assert.match(stderr, /fuzz: 200 cases from seed 7/);
});

test('npm run fuzz refuses a count that is not a whole number', async () => {
  const { code, stderr } = await run('tools/fuzz.ts', ['lots'], {});
  assert.notEqual(code, 0);
  assert.match(stderr, /usage: npm run fuzz -- <count>/);
});

test('a 2-second soak answers every valid request, loses nothing at SIGTERM and ends with the summary line', async () => {
  const { code, stdout, stderr } = await run('tools/soak.ts', [], { SOAK_DURATION_S: '2', SOAK_CONNECTIONS: '8' });
  const match = /^soak: sent=(\d+) valid_failed=(\d+) lost_at_shutdown=(\d+) p99_ms=(\d+\.\d) rss_start_mb=(\d+\.\d) rss_end_mb=(\d+\.\d)$/.exec(lastLine(stdout));
  assert.ok(match, `last line: ${lastLine(stdout)}\n${stderr}`);
  assert.ok(Number(match[1]) > 0, 'requests were sent');
  assert.equal(match[2], '0', stdout);
  assert.equal(match[3], '0', stdout);
  for (const status of ['200', '400', '401', '403']) assert.match(stdout, new RegExp(`answers by status: .*\\b${status}=\\d+`), `the mix reached ${status}`);
  assert.match(stdout, /exit code=0/);
  assert.equal(code, 0, stdout);
});

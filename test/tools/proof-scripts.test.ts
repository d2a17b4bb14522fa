// Smoke tests of the proof scripts as users run them: `npm run fuzz -- <count>`, `npm run soak`, `npm run durability`
// (short) and `npm run scale-out`, each ending with its machine-readable summary line and exit code 0 on a healthy server.
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

test('a short npm run durability ends each engine with its summary line, nothing missing or doubled', async () => {
  const { code, stdout, stderr } = await run('tools/durability.ts', [], { DURABILITY_REQUESTS: '80', DURABILITY_CONCURRENCY: '8' });
  const summaries = stdout.split('\n').filter((line) => line.startsWith('durability: engine='));
  const engines = summaries.map((line) => /^durability: engine=(\w+) confirmed=(\d+) missing=(\d+) doubled=(\d+)$/.exec(line));
  assert.ok(engines.length > 0 && engines.every(Boolean), `${stdout}\n${stderr}`);
  assert.equal(lastLine(stdout), summaries.at(-1));
  assert.equal(engines[0]?.[1], 'sqlite');
  if (process.env.CXHOOK_REQUIRE_POSTGRES === '1') assert.equal(engines[1]?.[1], 'postgres', 'PostgreSQL is required and was run');
  for (const match of engines) {
    assert.ok(Number(match![2]) > 0, `${match![1]}: bookings were confirmed`);
    assert.equal(match![3], '0', `${match![1]}: missing`);
    assert.equal(match![4], '0', `${match![1]}: doubled`);
  }
  // The burst really raced for slots and repeated calls, and the kill really cut calls off.
  for (const info of stdout.split('\n').filter((line) => / calls, \d+ in flight/.test(line))) {
    const [, cut, taken, repeated] = /(\d+) calls cut off by it and retried, (\d+) slot-taken answers, (\d+) repeated calls/.exec(info) ?? [];
    assert.ok(Number(cut) > 0 && Number(taken) > 0 && Number(repeated) > 0, info);
  }
  assert.equal(code, 0, stderr);
});

const { redisUp } = await import('../cache/redis-helpers.ts');
const { postgresReachable } = await import('../reference/engines.ts');
const servicesMissing = !(await postgresReachable()) ? 'PostgreSQL on 127.0.0.1:5432' : !redisUp ? 'Redis on 127.0.0.1:6379' : undefined;
const servicesRequired = process.env.CXHOOK_REQUIRE_POSTGRES === '1' && process.env.CXHOOK_REQUIRE_REDIS === '1';

test(
  'npm run scale-out: two replicas on one PostgreSQL and one Redis book no slot twice, agree on repeated calls and share the weather cache',
  { skip: servicesMissing && !servicesRequired ? `needs ${servicesMissing} (start it, or set CXHOOK_REQUIRE_POSTGRES=1 and CXHOOK_REQUIRE_REDIS=1 to make this a failure)` : false },
  async () => {
    assert.equal(servicesMissing, undefined, `required services are down: ${servicesMissing}`);
    const { code, stdout, stderr } = await run('tools/scale-out.ts', [], {});
    const match = /^scale-out: replicas=2 bookings=(\d+) confirmed=(\d+) slot_taken=(\d+) doubled=(\d+) idempotency_mismatches=(\d+) locations=(\d+) upstream_calls=(\d+)$/.exec(lastLine(stdout));
    assert.ok(match, `last line: ${lastLine(stdout)}\n${stderr}`);
    const [, bookings, confirmed, slotTaken, doubled, mismatches, locations, upstream] = match.map(Number);
    assert.equal(confirmed! + slotTaken!, bookings, 'every booking answered confirmed or slot taken');
    assert.ok(confirmed! > 0 && slotTaken! > 0, 'slots were really contended');
    assert.equal(doubled, 0);
    assert.equal(mismatches, 0);
    assert.equal(upstream, locations, 'one weather API call per location across both replicas');
    assert.equal(code, 0, stderr);
  },
);

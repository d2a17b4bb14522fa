// `npm start` for real: reference/main.ts as a child process, every shared fixture posted over HTTP,
// then a graceful SIGTERM.
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { databaseBookings } from '../../reference/storage/bookings.ts';
import { openDatabase } from '../../reference/storage/database.ts';
import { checkWebhookResponse } from '../../src/index.ts';
import { tempDir, texts } from './helpers.ts';
import { sharedFixture } from '../../tools/support/shared-fixtures.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FIXTURES = fileURLToPath(sharedFixture(''));
const fixtureFiles = ['requests', 'bench'].flatMap((folder) =>
  readdirSync(path.join(FIXTURES, folder))
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => path.join(FIXTURES, folder, name)),
);

function start(env: Record<string, string>): ChildProcess {
  // The parent's LOG_LEVEL, PORT… must not leak in: only what the test sets, plus PATH and HOME.
  const base = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '' };
  return spawn(process.execPath, ['--import', 'tsx', 'reference/main.ts'], { cwd: ROOT, env: { ...base, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
}

/** Resolves with the webhook URL the server logs once it listens. */
function webhookUrl(child: ChildProcess, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no "reference webhook ready" log within 20 s; stderr: ${stderr()}`)), 20_000);
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      let entry: { msg?: string; webhookUrl?: string };
      try {
        entry = JSON.parse(line);
      } catch {
        return;
      }
      if (entry.msg === 'reference webhook ready' && entry.webhookUrl) {
        clearTimeout(timer);
        resolve(entry.webhookUrl);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code}) before listening; stderr: ${stderr()}`));
    });
  });
}

describe('reference webhook as a process', () => {
  const { dir, remove } = tempDir();
  const dataDir = path.join(dir, 'data');
  let child: ChildProcess;
  let url = '';
  let stderr = '';
  let exited: Promise<number | null>;

  before(async () => {
    // PORT=0: the OS picks a free port and the server logs the URL, so no port can be taken in between.
    child = start({ PORT: '0', HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    exited = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
    url = await webhookUrl(child, () => stderr);
  });
  after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    remove();
  });

  test('it listens on POST /webhook and reports ready', async () => {
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+\/webhook$/);
    const ready = await fetch(new URL('/readyz', url));
    assert.equal(ready.status, 200);
    assert.deepEqual((await ready.json()).apps['/webhook'], { ok: true, checks: { sqlite: 'ok' } });
  });

  test('every shared fixture gets a 200 with a body that passes the response contract check', async () => {
    assert.ok(fixtureFiles.length >= 10, `found only ${fixtureFiles.length} fixtures`);
    for (const file of fixtureFiles) {
      const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: readFileSync(file) });
      const name = path.relative(FIXTURES, file);
      assert.equal(response.status, 200, name);
      const body = await response.json();
      const check = checkWebhookResponse(body);
      assert.ok(check.ok, `${name}: ${JSON.stringify(check.ok ? [] : check.issues)}`);
      assert.ok(texts(body).length > 0, `${name} got an answer`);
    }
  });

  test('the bench fixtures reach their handlers', async () => {
    const post = async (name: string) =>
      (await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: readFileSync(path.join(FIXTURES, 'bench', name)) })).json();
    assert.match(texts(await post('weather.json'))[0] ?? '', /^The weather in New York is .+ with a temperature of -?\d+°C\.$/);
    const booking = await post('booking.json');
    assert.equal(booking.sessionInfo.parameters.booking_status, 'confirmed');
    assert.match(booking.sessionInfo.parameters.confirmation_id, /^BK-[A-Z2-7]{10}$/);
  });

  test('SIGTERM stops it with exit code 0, and the bookings are on disk', async () => {
    child.kill('SIGTERM');
    assert.equal(await exited, 0, `stderr: ${stderr}`);
    assert.equal(stderr, '');
    assert.ok(!existsSync(path.join(dataDir, 'cxhook.sqlite-wal')), 'closing the database folded the WAL back in');
    const database = await openDatabase({ dataDir, migrate: false, seed: false });
    try {
      // booking.json was posted twice with the same detectIntentResponseId: one booking.
      assert.equal(await databaseBookings(database.db).count(), 1);
    } finally {
      await database.close();
    }
  });
});

test('a bad configuration stops the process with exit code 2 and names the variable', () => {
  const result = spawnSync(process.execPath, ['--import', 'tsx', 'reference/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', PORT: 'eighty' },
    encoding: 'utf8',
    timeout: 20_000,
  });
  assert.equal(result.status, 2);
  assert.equal(result.stderr, 'cxhook reference: PORT must be a whole number from 0 to 65535, got "eighty"\n');
  assert.equal(result.stdout, '');
});

describe('reference webhook over HTTPS with an API key (TLS_* and AUTH_* variables)', () => {
  test('serves https, refuses a call without the key with 401 and answers one with it', async () => {
    const { makeCertificates } = await import('../transport/certificates.ts');
    const { request } = await import('node:https');
    const certificates = makeCertificates();
    const { dir, remove } = tempDir();
    let stderr = '';
    const child = start({
      PORT: '0',
      DATA_DIR: dir,
      TLS_CERT_FILE: certificates.files.serverCert,
      TLS_KEY_FILE: certificates.files.serverKey,
      AUTH_API_KEYS: 'e2e-key',
    });
    child.stderr!.on('data', (chunk) => (stderr += chunk));
    const exited = new Promise((resolve) => child.once('exit', resolve));
    try {
      const url = await webhookUrl(child, () => stderr);
      assert.match(url, /^https:\/\/127\.0\.0\.1:\d+\/webhook$/);
      const post = (headers: Record<string, string>) =>
        new Promise<{ status: number; body: any }>((resolve, reject) => {
          const req = request(url, { method: 'POST', ca: certificates.ca, headers: { 'content-type': 'application/json', ...headers } }, (res) => {
            let text = '';
            res.on('data', (chunk) => (text += chunk));
            res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
          });
          req.on('error', reject);
          req.end(readFileSync(path.join(FIXTURES, 'bench', 'weather.json')));
        });
      const refused = await post({});
      assert.equal(refused.status, 401);
      assert.equal(refused.body.error.code, 'CXH_ERR_UNAUTHENTICATED');
      const answered = await post({ 'x-api-key': 'e2e-key' });
      assert.equal(answered.status, 200);
      assert.ok(texts(answered.body).length > 0);
    } finally {
      child.kill('SIGTERM');
      await exited;
      certificates.remove();
      remove();
    }
  });
});

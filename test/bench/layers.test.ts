// The layer servers of `npm run bench:layers` must answer the bench's weather body as the reference
// does (200, a WebhookResponse), or the layer figures would measure refusals.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readBody } from '../../bench/storage.ts';
import { checkWebhookResponse } from '../../src/protocol/index.ts';
import { freePort } from '../../tools/support/free-port.ts';
import { sharedFixture } from '../../tools/support/shared-fixtures.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WEATHER = readFileSync(new URL('weather.json', sharedFixture('bench/')), 'utf8');

async function firstAnswer(url: string): Promise<Response> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      return await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: WEATHER });
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe('bench:layers servers', () => {
  for (const layer of ['adapter-only', 'checked-request', 'one-line-app', 'constant-bank']) {
    test(`${layer} answers the weather body with a valid WebhookResponse and stops on SIGTERM`, async (t) => {
      const port = await freePort();
      const child = spawn(process.execPath, ['--import', 'tsx', `bench/layers/${layer}.ts`], {
        cwd: ROOT,
        env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      t.after(() => child.kill('SIGKILL'));
      const answer = await firstAnswer(`http://127.0.0.1:${port}/webhook`);
      assert.equal(answer.status, 200);
      const body: unknown = await answer.json();
      assert.ok(checkWebhookResponse(body).ok, JSON.stringify(body));
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await exited;
      assert.equal(code, 0);
    });
  }

  test('constant-bank answers the reads body with the balance the reference reads from SQLite', async (t) => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/layers/constant-bank.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    t.after(() => child.kill('SIGKILL'));
    await firstAnswer(`http://127.0.0.1:${port}/webhook`);
    const answer = await fetch(`http://127.0.0.1:${port}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: readBody() });
    assert.equal(answer.status, 200);
    const body = (await answer.json()) as { fulfillmentResponse: { messages: { text: { text: string[] } }[] } };
    assert.deepEqual(body.fulfillmentResponse.messages[0]?.text.text, ['Your current account balance is $1,250.75.']);
  });

  test('checked-request refuses a body that is not a WebhookRequest (it checks for real)', async (t) => {
    const port = await freePort();
    const child = spawn(process.execPath, ['--import', 'tsx', 'bench/layers/checked-request.ts'], {
      cwd: ROOT,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'fatal' },
      stdio: ['ignore', 'ignore', 'ignore'],
    });
    t.after(() => child.kill('SIGKILL'));
    await firstAnswer(`http://127.0.0.1:${port}/webhook`);
    const refused = await fetch(`http://127.0.0.1:${port}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"sessionInfo": 5}' });
    assert.equal(refused.status, 500);
  });
});

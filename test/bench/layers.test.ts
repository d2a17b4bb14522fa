// The layer servers of `npm run bench:layers` must answer the bench's weather body as the reference
// does (200, a WebhookResponse), or the layer figures would measure refusals.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import { describe, test, type TestContext } from 'node:test';
import { fileURLToPath } from 'node:url';
import { readBody } from '../../bench/storage.ts';
import { checkWebhookResponse } from '../../src/protocol/index.ts';
import { freePort } from '../../tools/support/free-port.ts';
import { sharedFixture } from '../../tools/support/shared-fixtures.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WEATHER = readFileSync(new URL('weather.json', sharedFixture('bench/')), 'utf8');

const post = (url: string, body: string): Promise<Response> => fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body });

/** Starts `bench/layers/<layer>.ts` on a free port; resolves once it has answered the weather body. */
async function startLayer(t: TestContext, layer: string, logLevel = 'warn'): Promise<{ url: string; child: ChildProcess; first: Response }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', `bench/layers/${layer}.ts`], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: logLevel },
    stdio: 'ignore',
  });
  t.after(() => child.kill('SIGKILL'));
  const url = `http://127.0.0.1:${port}/webhook`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    try {
      return { url, child, first: await post(url, WEATHER) };
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe('bench:layers servers', () => {
  for (const layer of ['adapter-only', 'checked-request', 'one-line-app', 'constant-bank']) {
    test(`${layer} answers the weather body with a valid WebhookResponse and stops on SIGTERM`, async (t) => {
      const { child, first } = await startLayer(t, layer);
      assert.equal(first.status, 200);
      const body: unknown = await first.json();
      assert.ok(checkWebhookResponse(body).ok, JSON.stringify(body));
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await exited;
      assert.equal(code, 0);
    });
  }

  test('constant-bank answers the reads body with the balance the reference reads from SQLite', async (t) => {
    const { url } = await startLayer(t, 'constant-bank');
    const answer = await post(url, readBody());
    assert.equal(answer.status, 200);
    const body = (await answer.json()) as { fulfillmentResponse: { messages: { text: { text: string[] } }[] } };
    assert.deepEqual(body.fulfillmentResponse.messages[0]?.text.text, ['Your current account balance is $1,250.75.']);
  });

  test('checked-request refuses a body that is not a WebhookRequest (it checks for real)', async (t) => {
    const { url } = await startLayer(t, 'checked-request', 'fatal');
    const refused = await post(url, '{"sessionInfo": 5}');
    assert.equal(refused.status, 500);
  });
});

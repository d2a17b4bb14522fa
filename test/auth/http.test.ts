// Over a real socket: serve() answers an unauthenticated call with a 401 JSON error and a challenge,
// and lets the right credentials through.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { basicAuth, createLogger, createWebhook, serve, type RunningServer } from '../../src/index.ts';
import { makeRequest } from '../app/helpers.ts';
import { basic } from './helpers.ts';

let server: RunningServer;
before(async () => {
  const logger = createLogger({ level: 'silent' });
  const app = createWebhook({ logger, auth: basicAuth({ users: { dialogflow: 'pw-socket-1' } }) });
  app.fallback((ctx) => ctx.reply.text(`hello ${ctx.auth?.subject}`));
  server = await serve({ app, host: '127.0.0.1', port: 0, logger });
});
after(() => server.close());

const post = (headers: Record<string, string>) =>
  fetch(`${server.url}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(makeRequest()) });

test('over HTTP, no credentials get 401 JSON with a WWW-Authenticate challenge', async () => {
  const response = await post({});
  assert.equal(response.status, 401);
  assert.match(response.headers.get('content-type') ?? '', /^application\/json/);
  assert.equal(response.headers.get('www-authenticate'), 'Basic realm="cxhook", charset="UTF-8"');
  assert.equal((await response.json()).error.code, 'CXH_ERR_UNAUTHENTICATED');
});

test('over HTTP, a wrong password gets 403 JSON and the right one reaches the handler', async () => {
  const wrong = await post({ authorization: basic('dialogflow', 'nope') });
  assert.equal(wrong.status, 403);
  assert.equal((await wrong.json()).error.code, 'CXH_ERR_FORBIDDEN');
  const right = await post({ authorization: basic('dialogflow', 'pw-socket-1') });
  assert.equal(right.status, 200);
  assert.deepEqual((await right.json()).fulfillmentResponse.messages[0].text.text, ['hello dialogflow']);
});

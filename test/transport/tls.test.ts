// HTTPS and mTLS over real sockets on 127.0.0.1, with certificates the test makes with openssl: the
// server trusts one CA, refuses clients without a certificate or with one from another CA when
// mTLS is required, and hands the verified certificate to the app's authenticator.
import assert from 'node:assert/strict';
import https from 'node:https';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { clientCertificate } from '../../src/auth/client-certificate.ts';
import type { AuthRequest, Authenticator } from '../../src/auth/authenticator.ts';
import { createWebhook, type WebhookApp } from '../../src/app/create-webhook.ts';
import type { WebhookOptions } from '../../src/app/options.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { serve, type RunningServer, type ServeOptions } from '../../src/transport/node-http/server.ts';
import { makeCertificates, type Certificates } from './certificates.ts';

const logger = createLogger({ level: 'silent' });
let certs: Certificates;
before(() => {
  certs = makeCertificates();
});
after(() => certs.remove());

const REQUEST = JSON.stringify({
  detectIntentResponseId: 'tls-1',
  languageCode: 'en',
  text: 'hello',
  sessionInfo: { session: 'projects/p/locations/global/agents/a/sessions/s-1', parameters: {} },
});

function app(options: WebhookOptions = {}): WebhookApp {
  const webhook = createWebhook({ logger, ...options });
  webhook.fallback((ctx) => ctx.reply.text(`hello ${ctx.auth?.subject ?? 'anonymous'}`));
  return webhook;
}

function start(options: ServeOptions): Promise<RunningServer> {
  return serve({ host: '127.0.0.1', port: 0, logger, ...options });
}

interface Answer {
  status: number;
  json: any;
}

/** One HTTPS request trusting the test CA; `client` presents a client certificate. */
function call(url: string, options: { path?: string; method?: string; client?: { cert: Buffer; key: Buffer } } = {}): Promise<Answer> {
  const { path = '/webhook', method = 'POST', client } = options;
  return new Promise((resolve, reject) => {
    const req = https.request(
      new URL(path, url),
      { method, ca: certs.ca, ...client, agent: false, headers: method === 'POST' ? { 'content-type': 'application/json' } : {} },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
      },
    );
    req.on('error', reject);
    req.end(method === 'POST' ? REQUEST : undefined);
  });
}

const text = (answer: Answer) => answer.json.fulfillmentResponse.messages[0].text.text[0];

describe('HTTPS', () => {
  test('serves health, readiness and the webhook over HTTPS with an https:// url', async () => {
    const running = await start({ app: app(), tls: { cert: certs.server.cert, key: certs.server.key } });
    try {
      assert.match(running.url, /^https:\/\/127\.0\.0\.1:\d+$/);
      assert.deepEqual((await call(running.url, { path: '/healthz', method: 'GET' })).json, { status: 'ok' });
      assert.equal((await call(running.url, { path: '/readyz', method: 'GET' })).status, 200);
      const answer = await call(running.url);
      assert.equal(answer.status, 200);
      assert.equal(text(answer), 'hello anonymous');
      const missing = await call(running.url, { path: '/nowhere' });
      assert.equal(missing.json.error.code, 'CXH_ERR_NOT_FOUND');
    } finally {
      await running.close();
    }
  });

  test('reads the certificate and key from files at start', async () => {
    const running = await start({ app: app(), tls: { certFile: certs.files.serverCert, keyFile: certs.files.serverKey } });
    try {
      assert.equal((await call(running.url)).status, 200);
    } finally {
      await running.close();
    }
  });

  test('a client that does not trust the server’s CA cannot connect', async () => {
    const running = await start({ app: app(), tls: { cert: certs.server.cert, key: certs.server.key } });
    try {
      await assert.rejects(
        new Promise((resolve, reject) => https.get(new URL('/healthz', running.url), { agent: false }, resolve).on('error', reject)),
        /self[- ]signed|unable to (get|verify)/i,
      );
    } finally {
      await running.close();
    }
  });

  test('close() lets an in-flight HTTPS request finish with 200, then stops listening', async () => {
    let release!: () => void;
    let started!: () => void;
    const inHandler = new Promise<void>((resolve) => (started = resolve));
    const webhook = createWebhook({ logger });
    webhook.fallback(async (ctx) => {
      started();
      await new Promise<void>((resolve) => (release = resolve));
      ctx.reply.text('finished');
    });
    const running = await start({ app: webhook, tls: { cert: certs.server.cert, key: certs.server.key } });
    const pending = call(running.url);
    await inHandler;
    const closed = running.close();
    release();
    const answer = await pending;
    await closed;
    assert.equal(answer.status, 200);
    assert.equal(text(answer), 'finished');
    assert.equal(running.server.listening, false);
  });
});

describe('mTLS (clientCertificates: require)', () => {
  let running: RunningServer;
  let handled = 0;
  before(async () => {
    const webhook = app({ auth: clientCertificate() });
    webhook.use(async (_ctx, next) => {
      handled++;
      await next();
    });
    running = await start({ app: webhook, tls: { cert: certs.server.cert, key: certs.server.key, ca: certs.ca, clientCertificates: 'require' } });
  });
  after(() => running.close());

  test('a client with a certificate from the configured CA gets 200 and the handler sees it as ctx.auth', async () => {
    const answer = await call(running.url, { client: certs.client });
    assert.equal(answer.status, 200);
    assert.equal(text(answer), 'hello O=Example,CN=cx-client');
  });

  test('a client without a certificate is refused during the handshake and never reaches a handler', async () => {
    const before = handled;
    await assert.rejects(call(running.url));
    await assert.rejects(call(running.url, { path: '/healthz', method: 'GET' }));
    assert.equal(handled, before);
  });

  test('a client whose certificate another CA signed (same subject) is refused during the handshake', async () => {
    const before = handled;
    await assert.rejects(call(running.url, { client: certs.foreignClient }));
    assert.equal(handled, before);
  });
});

describe('client certificates requested, checked by the app (clientCertificates: request)', () => {
  let running: RunningServer;
  const seen: AuthRequest[] = [];
  before(async () => {
    const auth = clientCertificate({ subjects: ['cx-client'] });
    const recording: Authenticator = { scheme: 'mtls', authenticate: (request) => (seen.push(request), auth.authenticate(request)) };
    running = await start({ app: app({ auth: recording }), tls: { cert: certs.server.cert, key: certs.server.key, ca: certs.ca, clientCertificates: 'request' } });
  });
  after(() => running.close());

  test('the app gets the verified certificate and the remote address', async () => {
    const answer = await call(running.url, { client: certs.client });
    assert.equal(answer.status, 200);
    const request = seen.at(-1)!;
    assert.equal(request.remoteAddress, '127.0.0.1');
    assert.equal(request.peerCertificate?.authorized, true);
    assert.equal(request.peerCertificate?.subject, 'O=Example,CN=cx-client');
    assert.match(request.peerCertificate?.fingerprint256 ?? '', /^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
  });

  test('no certificate gets 401 CXH_ERR_UNAUTHENTICATED', async () => {
    const answer = await call(running.url);
    assert.equal(answer.status, 401);
    assert.equal(answer.json.error.code, 'CXH_ERR_UNAUTHENTICATED');
  });

  test('a certificate from another CA reaches the app unverified and gets 403 CXH_ERR_FORBIDDEN', async () => {
    const answer = await call(running.url, { client: certs.foreignClient });
    assert.equal(seen.at(-1)?.peerCertificate?.authorized, false);
    assert.equal(answer.status, 403);
    assert.equal(answer.json.error.code, 'CXH_ERR_FORBIDDEN');
  });
});

describe('TLS options are checked at start', () => {
  const refused = (tls: any, pattern: RegExp) =>
    assert.rejects(start({ app: app(), tls }), (error: any) => {
      assert.equal(error.code, 'CXH_ERR_INVALID_OPTION');
      assert.match(error.message, pattern);
      return true;
    });

  test('an unreadable certificate file is named with its option and path', async () => {
    const missing = join(certs.dir, 'nope.crt');
    await refused({ certFile: missing, keyFile: certs.files.serverKey }, new RegExp(`tls\\.certFile.*${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.*ENOENT`));
    await refused({ certFile: certs.files.serverCert, keyFile: certs.files.serverKey, caFile: missing }, /tls\.caFile/);
  });

  test('a key file that is not a key is refused without quoting its content', async () => {
    const bogus = join(certs.dir, 'bogus.key');
    writeFileSync(bogus, 'SECRET-CONTENT-NOT-A-KEY');
    await assert.rejects(start({ app: app(), tls: { certFile: certs.files.serverCert, keyFile: bogus } }), (error: any) => {
      assert.equal(error.code, 'CXH_ERR_INVALID_OPTION');
      assert.doesNotMatch(error.message, /SECRET-CONTENT/);
      return true;
    });
  });

  test('mTLS without a CA is refused, since every public CA would be trusted', async () => {
    await refused({ cert: certs.server.cert, key: certs.server.key, clientCertificates: 'require' }, /tls\.clientCertificates.*needs tls\.ca/);
  });

  test('an unknown clientCertificates mode and mixed in-memory/file options are refused', async () => {
    await refused({ cert: certs.server.cert, key: certs.server.key, clientCertificates: 'always' }, /tls\.clientCertificates/);
    await refused({ cert: certs.server.cert, keyFile: certs.files.serverKey }, /not both/);
  });
});

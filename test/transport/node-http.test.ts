// The node:http adapter over real sockets on 127.0.0.1: statuses and their coded JSON bodies, health
// and readiness, several mounts, keep-alive, graceful shutdown (in-process and on SIGTERM/SIGINT in a
// child process), and error bodies that never leak a stack trace.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, describe, test } from 'node:test';
import { createWebhook, type WebhookApp } from '../../src/app/create-webhook.ts';
import type { RawResponse } from '../../src/app/handle.ts';
import type { WebhookOptions } from '../../src/app/options.ts';
import { ERROR_CODES, type ErrorCode } from '../../src/errors/codes.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { checkWebhookResponse } from '../../src/protocol/index.ts';
import { serve, type RunningServer, type ServeOptions } from '../../src/transport/node-http/server.ts';

const logger = createLogger({ level: 'silent' });
const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
const FIXTURE = fileURLToPath(new URL('./fixtures/slow-server.ts', import.meta.url));
const JSON_TYPE = { 'content-type': 'application/json' };

// ---------------------------------------------------------------------------------------------------
// Helpers

function webhookRequest(tag?: string): Record<string, unknown> {
  return {
    detectIntentResponseId: 'd8f0c7a4-0000-4000-8000-000000000001',
    languageCode: 'en',
    text: 'hello',
    ...(tag === undefined ? {} : { fulfillmentInfo: { tag } }),
    sessionInfo: { session: 'projects/p/locations/global/agents/a/sessions/s-1', parameters: {} },
  };
}

function app(options: WebhookOptions = {}): WebhookApp {
  return createWebhook({ logger, ...options });
}

function start(options: ServeOptions): Promise<RunningServer> {
  return serve({ host: '127.0.0.1', port: 0, logger, ...options });
}

interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  json: any;
  reusedSocket: boolean;
}

interface CallOptions {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string | Buffer | object;
  agent?: http.Agent | false;
}

/** One HTTP request over a real socket; a JSON body is sent for objects. */
function call(baseUrl: string, options: CallOptions = {}): Promise<Reply> {
  const { method = 'POST', path = '/webhook', agent = false } = options;
  let payload: Buffer | undefined;
  const headers: Record<string, string> = { ...options.headers };
  if (options.body !== undefined) {
    if (typeof options.body === 'string' || Buffer.isBuffer(options.body)) {
      payload = Buffer.from(options.body);
    } else {
      payload = Buffer.from(JSON.stringify(options.body));
      headers['content-type'] ??= 'application/json';
    }
    headers['content-length'] ??= String(payload.length);
  }
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(path, baseUrl), { method, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('error', reject);
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let json: unknown;
        try {
          json = text === '' ? undefined : JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json, reusedSocket: req.reusedSocket });
      });
    });
    req.on('error', reject);
    req.end(payload);
  });
}

/** Error bodies are for callers: a code and a message, never a stack trace or a file path. */
function assertNoStackTrace(text: string): void {
  assert.doesNotMatch(text, /\n\s*at /, 'a stack frame line');
  assert.doesNotMatch(text, /\bat (?:async )?\S*\s*\(?(?:file:\/\/|\/|node:)\S*:\d+:\d+/, 'a stack frame');
  assert.doesNotMatch(text, /file:\/\//, 'a file URL');
  assert.doesNotMatch(text, /node:internal/, 'a node internal path');
  assert.doesNotMatch(text, /\.[cm]?[jt]s:\d+/, 'a source location');
  assert.ok(!text.includes(REPO_ROOT), 'the repository path');
  assert.ok(!text.includes(REPO_ROOT.replace(/\/$/, '').split('/').slice(0, -1).join('/') + '/'), 'a parent path');
}

function assertError(reply: Reply, status: number, code: ErrorCode): { code: string; message: string; details?: unknown } {
  assert.equal(reply.status, status, `status (body: ${reply.text})`);
  assert.equal(ERROR_CODES[code].status, status, `${code} maps to ${status} in the registry`);
  assert.match(String(reply.headers['content-type']), /^application\/json\b/);
  assert.equal(reply.headers['content-length'], String(Buffer.byteLength(reply.text)));
  assert.ok(reply.json && typeof reply.json === 'object', `a JSON body, got ${JSON.stringify(reply.text)}`);
  const error = reply.json.error;
  assert.ok(error && typeof error === 'object', `an { error } body, got ${reply.text}`);
  assert.equal(error.code, code);
  assert.equal(typeof error.message, 'string');
  assert.ok(error.message.length > 0, 'a non-empty message');
  assert.equal(error.stack, undefined);
  assertNoStackTrace(reply.text);
  return error;
}

/** Sends a body without content-length, chunk by chunk, and collects whatever response arrives. */
function callChunked(baseUrl: string, chunks: Buffer[], path = '/webhook'): Promise<Reply & { requestError?: NodeJS.ErrnoException }> {
  return new Promise((resolve, reject) => {
    let requestError: NodeJS.ErrnoException | undefined;
    let responded = false;
    // `connection: keep-alive`, so a `connection: close` answer is the server's own decision.
    const headers = { ...JSON_TYPE, connection: 'keep-alive' };
    const req = http.request(new URL(path, baseUrl), { method: 'POST', headers, agent: false }, (res) => {
      responded = true;
      const received: Buffer[] = [];
      res.on('data', (chunk: Buffer) => received.push(chunk));
      res.on('error', () => {});
      res.on('end', () => {
        const text = Buffer.concat(received).toString('utf8');
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          json = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json, reusedSocket: false, requestError });
      });
    });
    req.on('error', (error: NodeJS.ErrnoException) => {
      // Writing after the server answered and closed may fail with EPIPE/ECONNRESET; only a request
      // that never got a response is a failure.
      requestError = error;
      if (!responded) reject(error);
    });
    assert.equal(req.getHeader('content-length'), undefined);
    void (async () => {
      for (const chunk of chunks) {
        if (responded || req.destroyed) break;
        req.write(chunk);
        await sleep(5);
      }
      if (!req.destroyed) req.end();
    })();
  });
}

interface Fixture {
  child: ChildProcess;
  url: string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stdout: () => string;
  stderr: () => string;
  /** Resolves once stdout has had `count` lines equal to `line`. */
  waitForLine: (line: string, count?: number) => Promise<void>;
}

/** Spawns test/transport/fixtures/slow-server.ts and waits for its `listening <url>` line. */
async function startFixture(env: Record<string, string> = {}): Promise<Fixture> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, PORT: '0', LOG_LEVEL: 'silent', ...env };
  delete childEnv.NODE_TEST_CONTEXT;
  delete childEnv.NODE_OPTIONS;
  const child = spawn(process.execPath, ['--import', 'tsx', FIXTURE], { cwd: REPO_ROOT, env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (data: string) => (stderr += data));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => resolve({ code, signal }));
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fixture did not print "listening <url>" within 20 s; stderr:\n${stderr}`)), 20_000);
    child.stdout!.on('data', (data: string) => {
      stdout += data;
      const match = /^listening (http:\/\/127\.0\.0\.1:\d+)$/m.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`fixture exited early (code ${code}, signal ${signal}); stderr:\n${stderr}`));
    });
  });
  const waitForLine = (line: string, count = 1) =>
    withTimeout(
      new Promise<void>((resolve) => {
        const check = () => {
          if (stdout.split('\n').filter((seen) => seen === line).length >= count) {
            child.stdout!.off('data', check);
            resolve();
          }
        };
        child.stdout!.on('data', check);
        check();
      }),
      10_000,
      `the fixture printing "${line}"`,
    );
  return { child, url, exited, stdout: () => stdout, stderr: () => stderr, waitForLine };
}

async function stopFixture(fixture: Fixture | undefined): Promise<void> {
  if (!fixture || fixture.child.exitCode !== null || fixture.child.signalCode !== null) return;
  fixture.child.kill('SIGKILL');
  await fixture.exited;
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

function connectError(port: number): Promise<NodeJS.ErrnoException | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(undefined);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error));
  });
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

// ---------------------------------------------------------------------------------------------------
// Statuses and bodies

describe('statuses and coded error bodies', () => {
  const BODY_LIMIT = 512;
  let running: RunningServer;

  before(async () => {
    const main = app({ onError: 'status' });
    main.tag('greet', (ctx) => {
      ctx.reply.text(`hello ${ctx.session.id}`);
    });
    main.tag('explode', () => {
      throw new Error(`boom in ${fileURLToPath(import.meta.url)}`);
    });
    running = await start({ app: main, bodyLimit: BODY_LIMIT });
  });
  after(() => running.close());

  test('a valid WebhookRequest posted to /webhook gets 200 with a WebhookResponse from the handler', async () => {
    const reply = await call(running.url, { body: webhookRequest('greet') });
    assert.equal(reply.status, 200, reply.text);
    assert.match(String(reply.headers['content-type']), /^application\/json\b/);
    assert.equal(reply.headers['content-length'], String(Buffer.byteLength(reply.text)));
    assert.equal(reply.json.error, undefined);
    const check = checkWebhookResponse(reply.json);
    assert.ok(check.ok, `a valid WebhookResponse: ${JSON.stringify(check)}`);
    assert.deepEqual(reply.json.fulfillmentResponse.messages, [{ text: { text: ['hello s-1'] } }]);
  });

  test('a query string on the mount path still reaches the app', async () => {
    const reply = await call(running.url, { path: '/webhook?source=cx', body: webhookRequest('greet') });
    assert.equal(reply.status, 200, reply.text);
    assert.deepEqual(reply.json.fulfillmentResponse.messages, [{ text: { text: ['hello s-1'] } }]);
  });

  test('a POST to a path where no app is mounted gets 404 CXH_ERR_NOT_FOUND naming the path', async () => {
    const reply = await call(running.url, { path: '/nowhere', body: webhookRequest('greet') });
    const error = assertError(reply, 404, 'CXH_ERR_NOT_FOUND');
    assert.match(error.message, /\/nowhere/);
  });

  test('a GET to an unknown path gets 404 CXH_ERR_NOT_FOUND too', async () => {
    assertError(await call(running.url, { method: 'GET', path: '/webhook/extra' }), 404, 'CXH_ERR_NOT_FOUND');
  });

  test('a GET on /webhook gets 405 CXH_ERR_METHOD_NOT_ALLOWED with Allow: POST', async () => {
    const reply = await call(running.url, { method: 'GET' });
    const error = assertError(reply, 405, 'CXH_ERR_METHOD_NOT_ALLOWED');
    assert.equal(reply.headers.allow, 'POST');
    assert.match(error.message, /GET/);
  });

  test('a PUT on /webhook gets 405 with Allow: POST as well', async () => {
    const reply = await call(running.url, { method: 'PUT', body: webhookRequest('greet') });
    assertError(reply, 405, 'CXH_ERR_METHOD_NOT_ALLOWED');
    assert.equal(reply.headers.allow, 'POST');
  });

  test('a text/plain body gets 415 CXH_ERR_UNSUPPORTED_MEDIA_TYPE naming the content type', async () => {
    const reply = await call(running.url, { headers: { 'content-type': 'text/plain' }, body: JSON.stringify(webhookRequest('greet')) });
    const error = assertError(reply, 415, 'CXH_ERR_UNSUPPORTED_MEDIA_TYPE');
    assert.match(error.message, /text\/plain/);
  });

  test('a body whose content-length exceeds bodyLimit gets 413 CXH_ERR_BODY_TOO_LARGE and the connection is closed', async () => {
    const big = JSON.stringify({ ...webhookRequest('greet'), text: 'x'.repeat(BODY_LIMIT * 2) });
    // The client asks for keep-alive, so `connection: close` is the server's own decision.
    const agent = new http.Agent({ keepAlive: true });
    try {
      const reply = await call(running.url, { body: big, headers: JSON_TYPE, agent });
      const error = assertError(reply, 413, 'CXH_ERR_BODY_TOO_LARGE');
      assert.match(error.message, new RegExp(`\\b${BODY_LIMIT}\\b`));
      assert.equal(reply.headers.connection, 'close');
    } finally {
      agent.destroy();
    }
  });

  test('a declared content-length over bodyLimit is answered 413 before the body is sent', async () => {
    const socket = net.connect({ host: '127.0.0.1', port: running.port });
    try {
      await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
      let received = '';
      socket.setEncoding('utf8');
      const answered = new Promise<void>((resolve) =>
        socket.on('data', (data: string) => {
          received += data;
          if (/\r\n\r\n\{.*\}$/s.test(received)) resolve();
        }),
      );
      // Headers only: the 10 MB body never comes, so only the declared length can trigger the 413.
      socket.write('POST /webhook HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 10000000\r\n\r\n{');
      await withTimeout(answered, 2000, 'a 413 before the body');
      assert.match(received, /^HTTP\/1\.1 413 /);
      assert.match(received, /connection: close/i);
      assert.equal(JSON.parse(received.split('\r\n\r\n')[1]!).error.code, 'CXH_ERR_BODY_TOO_LARGE');
    } finally {
      socket.destroy();
    }
  });

  test('a chunked body without content-length that grows past bodyLimit gets 413 CXH_ERR_BODY_TOO_LARGE', async () => {
    // Each chunk is below the limit; only their sum exceeds it.
    const chunks = Array.from({ length: 8 }, () => Buffer.from(' '.repeat(BODY_LIMIT / 4)));
    const reply = await callChunked(running.url, chunks);
    const error = assertError(reply, 413, 'CXH_ERR_BODY_TOO_LARGE');
    assert.match(error.message, new RegExp(`\\b${BODY_LIMIT}\\b`));
    assert.equal(reply.headers.connection, 'close');
  });

  test('a chunked body within bodyLimit is read whole and answered 200', async () => {
    const text = JSON.stringify(webhookRequest('greet'));
    assert.ok(text.length < BODY_LIMIT);
    const middle = Math.floor(text.length / 2);
    const reply = await callChunked(running.url, [Buffer.from(text.slice(0, middle)), Buffer.from(text.slice(middle))]);
    assert.equal(reply.status, 200, reply.text);
    assert.deepEqual(reply.json.fulfillmentResponse.messages, [{ text: { text: ['hello s-1'] } }]);
  });

  test('malformed JSON gets 400 CXH_ERR_MALFORMED_JSON pointing at the line and column', async () => {
    const reply = await call(running.url, { headers: JSON_TYPE, body: '{"text": "hello",\n "languageCode": "en",}' });
    const error = assertError(reply, 400, 'CXH_ERR_MALFORMED_JSON');
    assert.match(error.message, /line 2 column \d+/);
  });

  test('a malformed JSON error for an unexpected token points at line and column and never echoes the body', async () => {
    // V8 on Node 20 words this one `Unexpected token '}', ..."8761234",\n "x": }" is not valid JSON`.
    const reply = await call(running.url, { headers: JSON_TYPE, body: '{"pin": "98761234",\n "x": }' });
    const error = assertError(reply, 400, 'CXH_ERR_MALFORMED_JSON');
    assert.doesNotMatch(error.message, /1234/, 'request content echoed back');
    assert.doesNotMatch(error.message, /Unexpected token|" is not valid JSON/, 'the engine’s wording quoting the input');
    assert.match(error.message, /line 2 column 7\b/);
  });

  test('every kind of malformed JSON body is answered 400 without a stack trace or a file path', async () => {
    const bodies = ['', '   ', '{', '{"a":', 'nope', '{"a": 1,}', "{'single': 1}", '\u0000\u0001', '[1, 2', '{"a": "\\x"}'];
    for (const body of bodies) {
      const reply = await call(running.url, { headers: JSON_TYPE, body });
      assertError(reply, 400, 'CXH_ERR_MALFORMED_JSON');
      assert.doesNotMatch(reply.text, /SyntaxError|JSON\.parse/, `engine wording leaked for ${JSON.stringify(body)}: ${reply.text}`);
    }
  });

  test('JSON that is not a WebhookRequest gets 400 CXH_ERR_INVALID_REQUEST naming the offending path', async () => {
    const reply = await call(running.url, { body: { ...webhookRequest(), fulfillmentInfo: { tag: 42 } } });
    const error = assertError(reply, 400, 'CXH_ERR_INVALID_REQUEST');
    assert.match(error.message, /fulfillmentInfo\.tag/);
  });

  test('a JSON array body gets 400 CXH_ERR_INVALID_REQUEST at the root', async () => {
    const reply = await call(running.url, { headers: JSON_TYPE, body: '[]' });
    const error = assertError(reply, 400, 'CXH_ERR_INVALID_REQUEST');
    assert.match(error.message, /\(root\)/);
  });

  test('a handler that throws (onError: status) gets 500 CXH_ERR_HANDLER_FAILED without its stack or message', async () => {
    const reply = await call(running.url, { body: webhookRequest('explode') });
    const error = assertError(reply, 500, 'CXH_ERR_HANDLER_FAILED');
    assert.doesNotMatch(reply.text, /boom/);
    assert.match(error.message, /explode/);
  });

  test('GET /healthz answers 200 with a JSON status', async () => {
    const reply = await call(running.url, { method: 'GET', path: '/healthz' });
    assert.equal(reply.status, 200);
    assert.match(String(reply.headers['content-type']), /^application\/json\b/);
    assert.deepEqual(reply.json, { status: 'ok' });
  });
});

// ---------------------------------------------------------------------------------------------------
// Readiness

describe('the adapter calls app.answer', () => {
  const constant = (text: string): RawResponse => ({
    status: 200,
    headers: { 'content-type': 'application/json; charset=utf-8' },
    body: JSON.stringify({ fulfillmentResponse: { messages: [{ text: { text: [text] } }] } }),
  });

  async function served(answer: WebhookApp['answer']): Promise<Reply> {
    // `handle` answers something else: what comes back shows which one the adapter called.
    const wrapped: WebhookApp = { ...app(), handle: async () => constant('from handle'), answer };
    const running = await start({ app: wrapped });
    try {
      return await call(running.url, { body: webhookRequest('greet') });
    } finally {
      await running.close();
    }
  }

  test("a wrapper that replaces only handle ({ ...app, handle }) is still called: the app's own answer is not used behind its back", async () => {
    const inner = app();
    inner.fallback((ctx) => ctx.reply.text('from the app'));
    const wrapped: WebhookApp = { ...inner, handle: async (raw) => (await inner.handle(raw), constant('from the wrapper')) };
    const running = await start({ app: wrapped });
    try {
      const reply = await call(running.url, { body: webhookRequest('greet') });
      assert.deepEqual(reply.json.fulfillmentResponse.messages, [{ text: { text: ['from the wrapper'] } }]);
    } finally {
      await running.close();
    }
  });

  test('a synchronous answer is written as it is', async () => {
    const reply = await served(() => constant('at once'));
    assert.equal(reply.status, 200);
    assert.equal(reply.headers['content-length'], String(Buffer.byteLength(reply.text)));
    assert.deepEqual(reply.json.fulfillmentResponse.messages, [{ text: { text: ['at once'] } }]);
  });

  test('a promised answer is written once it resolves', async () => {
    const reply = await served(async () => {
      await sleep(5);
      return constant('later');
    });
    assert.deepEqual(reply.json.fulfillmentResponse.messages, [{ text: { text: ['later'] } }]);
  });

  test('an answer that throws (a broken wrapper) is a 500 CXH_ERR_HANDLER_FAILED, and the server lives on', async () => {
    const reply = await served(() => {
      throw new Error(`wrapper broke in ${fileURLToPath(import.meta.url)}`);
    });
    assertError(reply, 500, 'CXH_ERR_HANDLER_FAILED');
    assertNoStackTrace(reply.text);
  });
});

describe('readiness', () => {
  let dbUp = true;
  let running: RunningServer;

  before(async () => {
    const bank = app({
      readiness: {
        cache: () => true,
        db: () => {
          if (!dbUp) throw new Error('database unreachable');
          return true;
        },
      },
    });
    const travel = app({ readiness: { api: async () => true } });
    running = await start({ apps: { '/bank': bank, '/travel': travel } });
  });
  after(() => running.close());

  test('GET /readyz answers 200 when every check of every app passes', async () => {
    dbUp = true;
    const reply = await call(running.url, { method: 'GET', path: '/readyz' });
    assert.equal(reply.status, 200, reply.text);
    assert.match(String(reply.headers['content-type']), /^application\/json\b/);
    assert.equal(reply.json.status, 'ready');
    assert.deepEqual(reply.json.apps['/bank'], { ok: true, checks: { cache: 'ok', db: 'ok' } });
    assert.deepEqual(reply.json.apps['/travel'], { ok: true, checks: { api: 'ok' } });
  });

  test('GET /readyz answers 503 with the failing check’s message when one check fails', async () => {
    dbUp = false;
    try {
      const reply = await call(running.url, { method: 'GET', path: '/readyz' });
      assert.equal(reply.status, 503, reply.text);
      assert.match(String(reply.headers['content-type']), /^application\/json\b/);
      assert.equal(reply.json.status, 'not ready');
      assert.deepEqual(reply.json.apps['/bank'], { ok: false, checks: { cache: 'ok', db: 'database unreachable' } });
      assert.equal(reply.json.apps['/travel'].ok, true);
      assert.equal(reply.json.error.code, 'CXH_ERR_NOT_READY');
      assert.match(reply.json.error.message, /\/bank db: database unreachable/);
      assertNoStackTrace(reply.text);
    } finally {
      dbUp = true;
    }
  });

  test('HEAD /healthz and HEAD /readyz answer like GET, and other methods get 405 with Allow: GET, HEAD', async () => {
    for (const path of ['/healthz', '/readyz']) {
      const head = await call(running.url, { method: 'HEAD', path });
      assert.equal(head.status, 200, path);
      assert.equal(head.text, '', `${path} HEAD has no body`);
      const post = await call(running.url, { method: 'POST', path, body: '{}' });
      assert.equal(post.status, 405, path);
      assert.equal(post.headers.allow, 'GET, HEAD');
      assert.equal(post.json.error.code, 'CXH_ERR_METHOD_NOT_ALLOWED');
    }
  });

  test('a keepAliveTimeoutMs below one second is refused, since clients would be told timeout=0', async () => {
    await assert.rejects(start({ app: app(), keepAliveTimeoutMs: 500 }), (error: unknown) => (error as { code?: string }).code === 'CXH_ERR_INVALID_OPTION');
  });

  test('a degraded check keeps /readyz at 200 with status "degraded" naming the check; a failing one beside it still gives 503', async () => {
    let databaseUp = true;
    const degradedApp = app({
      readiness: {
        cache: () => ({ status: 'degraded', reason: 'Redis: connection is reconnecting' }),
        database: () => {
          if (!databaseUp) throw new Error('database unreachable');
        },
      },
    });
    const server = await start({ app: degradedApp });
    try {
      const reply = await call(server.url, { method: 'GET', path: '/readyz' });
      assert.equal(reply.status, 200, reply.text);
      assert.equal(reply.json.status, 'degraded');
      assert.deepEqual(reply.json.degraded, ['/webhook cache: Redis: connection is reconnecting']);
      assert.deepEqual(reply.json.apps['/webhook'], {
        ok: true,
        checks: { cache: 'degraded', database: 'ok' },
        degraded: { cache: 'Redis: connection is reconnecting' },
      });
      databaseUp = false;
      const down = await call(server.url, { method: 'GET', path: '/readyz' });
      assert.equal(down.status, 503, down.text);
      assert.equal(down.json.status, 'not ready');
      assert.match(down.json.error.message, /\/webhook database: database unreachable/);
      assert.doesNotMatch(down.json.error.message, /cache/, 'a degraded check is not a reason for not ready');
    } finally {
      await server.close();
    }
  });

  test('a check that returns false makes /readyz answer 503 with "failed"', async () => {
    const flaky = app({ readiness: { queue: () => false } });
    const server = await start({ app: flaky });
    try {
      const reply = await call(server.url, { method: 'GET', path: '/readyz' });
      assert.equal(reply.status, 503, reply.text);
      assert.deepEqual(reply.json.apps['/webhook'], { ok: false, checks: { queue: 'failed' } });
    } finally {
      await server.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// Several mounts

describe('several apps on one server', () => {
  let running: RunningServer;

  before(async () => {
    const bank = app().fallback((ctx) => void ctx.reply.text('bank'));
    const travel = app().fallback((ctx) => void ctx.reply.text('travel'));
    const travelDeep = app().fallback((ctx) => void ctx.reply.text('travel v2'));
    running = await start({ apps: { '/bank': bank, '/travel': travel, '/travel/v2': travelDeep } });
  });
  after(() => running.close());

  test('each mount path is answered by its own app’s handlers', async () => {
    for (const [path, expected] of [
      ['/bank', 'bank'],
      ['/travel', 'travel'],
      ['/travel/v2', 'travel v2'],
      ['/bank', 'bank'],
    ] as const) {
      const reply = await call(running.url, { path, body: webhookRequest('any') });
      assert.equal(reply.status, 200, `${path}: ${reply.text}`);
      assert.deepEqual(reply.json.fulfillmentResponse.messages, [{ text: { text: [expected] } }], path);
    }
  });

  test('with explicit mounts there is no default /webhook mount', async () => {
    assertError(await call(running.url, { body: webhookRequest('any') }), 404, 'CXH_ERR_NOT_FOUND');
  });

  test('mount paths must start with a slash', async () => {
    await assert.rejects(start({ apps: { bank: app() } }), (error: any) => error.code === 'CXH_ERR_INVALID_OPTION');
  });

  test('serve without app or apps is refused with CXH_ERR_INVALID_OPTION', async () => {
    await assert.rejects(start({}), (error: any) => error.code === 'CXH_ERR_INVALID_OPTION');
  });
});

// ---------------------------------------------------------------------------------------------------
// Keep-alive

describe('keep-alive', () => {
  /** A server answering "hi", a one-socket keep-alive agent, and a count of accepted connections. */
  async function withKeepAlive(run: (url: string, agent: http.Agent, connections: () => number) => Promise<void>): Promise<void> {
    const running = await start({ app: app().fallback((ctx) => void ctx.reply.text('hi')) });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    let connections = 0;
    running.server.on('connection', () => connections++);
    try {
      await run(running.url, agent, () => connections);
    } finally {
      agent.destroy();
      await running.close();
    }
  }

  test('two sequential requests through a keep-alive agent reuse one socket', () =>
    withKeepAlive(async (url, agent, connections) => {
      const first = await call(url, { body: webhookRequest(), agent });
      const second = await call(url, { body: webhookRequest(), agent });
      assert.equal(first.status, 200);
      assert.equal(second.status, 200);
      assert.notEqual(first.headers.connection, 'close');
      assert.equal(first.reusedSocket, false);
      assert.equal(second.reusedSocket, true, 'the second request reused the first socket');
      assert.equal(connections(), 1);
    }));

  test('error responses other than 413 keep the connection open for the next request', () =>
    withKeepAlive(async (url, agent, connections) => {
      assertError(await call(url, { path: '/nope', body: webhookRequest(), agent }), 404, 'CXH_ERR_NOT_FOUND');
      assertError(await call(url, { headers: JSON_TYPE, body: '{', agent }), 400, 'CXH_ERR_MALFORMED_JSON');
      const ok = await call(url, { body: webhookRequest(), agent });
      assert.equal(ok.status, 200);
      assert.equal(ok.reusedSocket, true);
      assert.equal(connections(), 1);
    }));

  test('an idle kept-alive connection is closed by the server after keepAliveTimeoutMs', async () => {
    // A raw socket: node's Agent would itself drop a socket whose Keep-Alive hint rounds down to 0 s.
    const hello = app().fallback((ctx) => void ctx.reply.text('hi'));
    const running = await start({ app: hello, keepAliveTimeoutMs: 1000 });
    const socket = net.connect({ host: '127.0.0.1', port: running.port });
    try {
      await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
      let received = '';
      let answeredAt = 0;
      socket.setEncoding('utf8');
      socket.on('data', (data: string) => {
        received += data;
        if (/\r\n\r\n\{.*\}$/s.test(received)) answeredAt ||= performance.now();
      });
      const ended = new Promise<void>((resolve) => socket.once('end', () => resolve()));
      const body = JSON.stringify(webhookRequest());
      socket.write(`POST /webhook HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
      await withTimeout(ended, 4000, 'the server closing the idle connection');
      const idleMs = performance.now() - answeredAt;
      assert.match(received, /^HTTP\/1\.1 200 /);
      assert.doesNotMatch(received, /connection: close/i);
      assert.ok(answeredAt > 0, 'a complete response arrived before the close');
      assert.ok(idleMs >= 900, `closed after ${Math.round(idleMs)} ms idle, before keepAliveTimeoutMs`);
      assert.ok(idleMs < 3000, `closed after ${Math.round(idleMs)} ms idle, long after keepAliveTimeoutMs`);
    } finally {
      socket.destroy();
      await running.close();
    }
  });

  test('idle connections are kept 65 s by default, above common load balancer idle timeouts, and keepAliveTimeoutMs overrides it', async () => {
    const byDefault = await start({ app: app() });
    const custom = await start({ app: app(), keepAliveTimeoutMs: 75_000 });
    try {
      assert.equal(byDefault.server.keepAliveTimeout, 65_000);
      assert.equal(custom.server.keepAliveTimeout, 75_000);
    } finally {
      await byDefault.close();
      await custom.close();
    }
  });
});

// ---------------------------------------------------------------------------------------------------
// Graceful shutdown, in-process

describe('graceful shutdown in-process', () => {
  test('close() lets an in-flight request finish with 200, refuses new connections and resolves after it', async () => {
    const entered = deferred();
    let handlerFinishedAt = 0;
    const slow = app({ deadlineMs: 5000 });
    slow.tag('slow', async (ctx) => {
      entered.resolve();
      await sleep(300);
      ctx.reply.text('slow done');
      handlerFinishedAt = performance.now();
    });
    const running = await start({ app: slow });
    let closing: Promise<void> | undefined;
    try {
      const inFlight = call(running.url, { body: webhookRequest('slow') });
      await withTimeout(entered.promise, 2000, 'the slow handler starting');
      let closedAt = 0;
      closing = running.close().then(() => void (closedAt = performance.now()));

      // The listening socket is closed at once: a new connection is refused.
      const refused = await connectError(running.port);
      assert.equal(refused?.code, 'ECONNREFUSED', `a new connection after close(): ${refused?.code ?? 'accepted'}`);
      assert.equal(closedAt, 0, 'close() resolved while a request was in flight');

      const reply = await inFlight;
      assert.equal(reply.status, 200, reply.text);
      assert.deepEqual(reply.json.fulfillmentResponse.messages, [{ text: { text: ['slow done'] } }]);

      await withTimeout(closing, 2000, 'close() resolving');
      assert.ok(handlerFinishedAt > 0 && closedAt >= handlerFinishedAt, 'close() resolved after the in-flight request finished');
      assert.equal(running.server.listening, false);
    } finally {
      await (closing ?? running.close());
    }
  });

  test('close() waits for an in-flight request on a keep-alive connection and then closes that connection', async () => {
    const entered = deferred();
    const slow = app({ deadlineMs: 5000 });
    slow.tag('slow', async (ctx) => {
      entered.resolve();
      await sleep(300);
      ctx.reply.text('slow done');
    });
    const running = await start({ app: slow });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    try {
      const inFlight = call(running.url, { body: webhookRequest('slow'), agent });
      await withTimeout(entered.promise, 2000, 'the slow handler starting');
      const closing = running.close();
      const reply = await inFlight;
      assert.equal(reply.status, 200, reply.text);
      // A kept-alive socket would otherwise hold close() until keepAliveTimeoutMs (65 s).
      await withTimeout(closing, 2000, 'close() resolving after the kept-alive request');
    } finally {
      agent.destroy();
      await running.close();
    }
  });

  test('a request pipelined on a busy connection during shutdown gets 503 CXH_ERR_SHUTTING_DOWN', async () => {
    const entered = deferred();
    const slow = app({ deadlineMs: 5000 });
    slow.tag('slow', async (ctx) => {
      entered.resolve();
      await sleep(300);
      ctx.reply.text('slow done');
    });
    const running = await start({ app: slow });
    const socket = net.connect({ host: '127.0.0.1', port: running.port });
    try {
      await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
      let received = '';
      socket.setEncoding('utf8');
      socket.on('data', (data: string) => (received += data));
      const ended = new Promise<void>((resolve) => socket.once('close', () => resolve()));
      const body = JSON.stringify(webhookRequest('slow'));
      const raw = (id: string) =>
        `POST /webhook HTTP/1.1\r\nhost: 127.0.0.1\r\nx-request-id: ${id}\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
      socket.write(raw('first'));
      await withTimeout(entered.promise, 2000, 'the slow handler starting');
      const closing = running.close();
      socket.write(raw('second'));
      await withTimeout(ended, 3000, 'the server closing the connection');
      await withTimeout(closing, 2000, 'close() resolving');

      const responses = received.split(/(?=HTTP\/1\.1 )/);
      assert.equal(responses.length, 2, `two responses, got:\n${received}`);
      assert.match(responses[0]!, /^HTTP\/1\.1 200 /);
      assert.match(responses[0]!, /slow done/);
      assert.match(responses[1]!, /^HTTP\/1\.1 503 /);
      assert.match(responses[1]!, /connection: close/i);
      const json = JSON.parse(responses[1]!.split('\r\n\r\n')[1]!);
      assert.equal(json.error.code, 'CXH_ERR_SHUTTING_DOWN');
    } finally {
      socket.destroy();
      await running.close();
    }
  });

  test('close() with shutdownTimeoutMs gives up on a handler that never finishes and closes its socket', async () => {
    const entered = deferred();
    const gate = deferred();
    const stuck = app({ deadlineMs: 20_000 });
    stuck.tag('stuck', async (ctx) => {
      entered.resolve();
      await gate.promise;
      ctx.reply.text('too late');
    });
    const running = await start({ app: stuck, shutdownTimeoutMs: 200 });
    try {
      const inFlight = call(running.url, { body: webhookRequest('stuck') }).then(
        (reply) => ({ reply, error: undefined }),
        (error: NodeJS.ErrnoException) => ({ reply: undefined, error }),
      );
      await withTimeout(entered.promise, 2000, 'the stuck handler starting');
      const started = performance.now();
      await withTimeout(running.close(), 1000, 'close() resolving within 1 s');
      const elapsed = performance.now() - started;
      assert.ok(elapsed >= 150, `close() resolved after ${Math.round(elapsed)} ms, before shutdownTimeoutMs`);

      const outcome = await withTimeout(inFlight, 1000, 'the client noticing');
      assert.equal(outcome.reply, undefined, `the client got a response: ${outcome.reply?.text}`);
      assert.ok(outcome.error, 'the client saw an error');
      assert.equal(outcome.error.code, 'ECONNRESET', `client error: ${outcome.error.message}`);
    } finally {
      // Let the handler settle so its deadline timer is cleared; a late send on the dead socket must
      // not throw.
      gate.resolve();
      await sleep(50);
      await running.close();
    }
  });

  test('a client that disconnects mid-body is no longer counted in flight, so close() resolves at once', async () => {
    const running = await start({ app: app(), shutdownTimeoutMs: 5000 });
    const socket = net.connect({ host: '127.0.0.1', port: running.port });
    try {
      await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
      const requestSeen = new Promise<void>((resolve) => running.server.once('request', () => resolve()));
      socket.write('POST /webhook HTTP/1.1\r\nhost: 127.0.0.1\r\ncontent-type: application/json\r\ncontent-length: 1000\r\n\r\n{"text":');
      await withTimeout(requestSeen, 2000, 'the server seeing the request');
      socket.destroy();
      await sleep(100);
      const started = performance.now();
      await withTimeout(running.close(), 1000, 'close() resolving after the client vanished');
      assert.ok(performance.now() - started < 1000);
    } finally {
      socket.destroy();
      await running.close();
    }
  });

  test(
    'close() removes the SIGTERM and SIGINT listeners that handleSignals added',
    async () => {
      const before = { SIGTERM: process.listeners('SIGTERM'), SIGINT: process.listeners('SIGINT') };
      const running = await start({ app: app(), handleSignals: true });
      try {
        assert.equal(process.listenerCount('SIGTERM'), before.SIGTERM.length + 1, 'a SIGTERM listener while serving');
        assert.equal(process.listenerCount('SIGINT'), before.SIGINT.length + 1, 'a SIGINT listener while serving');
        await running.close();
        assert.equal(process.listenerCount('SIGTERM'), before.SIGTERM.length, 'SIGTERM listener left after close()');
        assert.equal(process.listenerCount('SIGINT'), before.SIGINT.length, 'SIGINT listener left after close()');
      } finally {
        await running.close();
        // Never leave a listener that would process.exit(0) the test runner.
        for (const signal of ['SIGTERM', 'SIGINT'] as const) {
          for (const listener of process.listeners(signal)) {
            if (!before[signal].includes(listener)) process.off(signal, listener);
          }
        }
      }
    },
  );

  test('close() is idempotent and resolves at once when nothing is in flight', async () => {
    const running = await start({ app: app() });
    const started = performance.now();
    const first = running.close();
    const second = running.close();
    assert.equal(first, second);
    await withTimeout(first, 1000, 'close() resolving');
    assert.ok(performance.now() - started < 500);
    assert.equal((await connectError(running.port))?.code, 'ECONNREFUSED');
  });
});

// ---------------------------------------------------------------------------------------------------
// Graceful shutdown on signals, in a child process

describe('graceful shutdown on signals (child process)', () => {
  test('SIGTERM during a slow request lets it finish with 200 and the process exits 0', async () => {
    let fixture: Fixture | undefined;
    try {
      fixture = await startFixture();
      const { url, child, exited } = fixture;
      const inFlight = call(url, { body: webhookRequest('slow') });
      await fixture.waitForLine('slow started');
      await sleep(100);
      assert.equal(child.exitCode, null, 'the server is still running before SIGTERM');
      assert.ok(child.kill('SIGTERM'), 'SIGTERM sent');
      const reply = await withTimeout(inFlight, 5000, 'the slow response');
      assert.equal(reply.status, 200, reply.text);
      assert.deepEqual(reply.json.fulfillmentResponse.messages, [{ text: { text: ['slow done'] } }]);
      const exit = await withTimeout(exited, 5000, 'the process exiting');
      assert.deepEqual(exit, { code: 0, signal: null }, `stderr:\n${fixture.stderr()}`);
      assert.equal(fixture.stdout().trim(), `listening ${url}\nslow started`, 'no log lines on stdout');
    } finally {
      await stopFixture(fixture);
    }
  });

  test('SIGTERM stops accepting new connections while the slow request drains', async () => {
    let fixture: Fixture | undefined;
    try {
      fixture = await startFixture({ SLOW_MS: '800' });
      const { url, child, exited } = fixture;
      const port = Number(new URL(url).port);
      const inFlight = call(url, { body: webhookRequest('slow') });
      // Observed at once, so a failure below reports itself rather than an unhandled rejection.
      const answered = inFlight.then((reply) => reply.status, (error: Error) => `failed: ${error.message}`);
      await fixture.waitForLine('slow started');
      child.kill('SIGTERM');
      // The signal is handled on the child's next turn of its event loop (which may be busy, e.g.
      // compiling validators after its first call): wait until it refuses, not a fixed time.
      let refused: string | undefined;
      for (let tries = 0; tries < 40 && refused !== 'ECONNREFUSED'; tries++) {
        await sleep(25);
        refused = (await connectError(port))?.code;
      }
      assert.equal(refused, 'ECONNREFUSED', 'new connections are refused once SIGTERM is handled');
      assert.equal(child.exitCode, null, 'still draining the slow request');
      assert.equal(await withTimeout(answered, 5000, 'the slow response'), 200);
      assert.deepEqual(await withTimeout(exited, 5000, 'the process exiting'), { code: 0, signal: null });
    } finally {
      await stopFixture(fixture);
    }
  });

  test('SIGINT on an idle server exits 0', async () => {
    let fixture: Fixture | undefined;
    try {
      fixture = await startFixture();
      const reply = await call(fixture.url, { body: webhookRequest('fast') });
      assert.equal(reply.status, 200);
      assert.ok(fixture.child.kill('SIGINT'), 'SIGINT sent');
      const exit = await withTimeout(fixture.exited, 5000, 'the process exiting');
      assert.deepEqual(exit, { code: 0, signal: null }, `stderr:\n${fixture.stderr()}`);
    } finally {
      await stopFixture(fixture);
    }
  });
});

// Transport limits over raw sockets on 127.0.0.1: oversized headers, broken HTTP, clients too slow
// with their headers or body, and more concurrent calls than allowed. Each gets a coded JSON
// answer (when the socket can still take one) and never holds the server.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { after, before, describe, test } from 'node:test';
import { createWebhook } from '../../src/app/create-webhook.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { serve, type RunningServer, type ServeOptions } from '../../src/transport/node-http/server.ts';

const logger = createLogger({ level: 'silent' });
const BODY = JSON.stringify({
  detectIntentResponseId: 'limits-1',
  languageCode: 'en',
  text: 'hello',
  sessionInfo: { session: 'projects/p/locations/global/agents/a/sessions/s-1', parameters: {} },
});

function start(options: Partial<ServeOptions> = {}): Promise<RunningServer> {
  const app = createWebhook({ logger });
  app.fallback((ctx) => ctx.reply.text('ok'));
  return serve({ app, host: '127.0.0.1', port: 0, logger, ...options });
}

interface Exchange {
  /** Everything the server sent before it closed the connection. */
  received: string;
  status: number;
  json: any;
}

/** Opens a socket, lets `drive` write to it, and resolves with what came back once the server closes it. */
function exchange(port: number, drive: (socket: net.Socket) => void): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (received += chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const [head = '', body = ''] = received.split('\r\n\r\n');
      resolve({ received, status: Number(head.split(' ')[1]), json: body ? JSON.parse(body) : undefined });
    });
    socket.on('connect', () => drive(socket));
  });
}

function assertJsonError(answer: Exchange, status: number, code: string): void {
  assert.equal(answer.status, status, answer.received);
  assert.match(answer.received, /content-type: application\/json/i);
  assert.match(answer.received, /connection: close/i);
  assert.equal(answer.json.error.code, code);
}

describe('parser errors get coded JSON answers', () => {
  let running: RunningServer;
  before(async () => {
    running = await start({ maxHeaderSize: 2048 });
  });
  after(() => running.close());

  test('headers above maxHeaderSize get 431 CXH_ERR_HEADERS_TOO_LARGE and the connection is closed', async () => {
    const answer = await exchange(running.port, (socket) =>
      socket.write(`POST /webhook HTTP/1.1\r\nhost: x\r\nx-filler: ${'a'.repeat(4000)}\r\n\r\n`),
    );
    assertJsonError(answer, 431, 'CXH_ERR_HEADERS_TOO_LARGE');
  });

  test('headers within maxHeaderSize are served', async () => {
    const answer = await exchange(running.port, (socket) =>
      socket.write(`GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\nx-filler: ${'a'.repeat(1000)}\r\n\r\n`),
    );
    assert.equal(answer.status, 200);
  });

  test('a request that is not HTTP gets 400 CXH_ERR_MALFORMED_HTTP naming the parser’s reason', async () => {
    const answer = await exchange(running.port, (socket) => socket.write('HELLO THERE\r\n\r\n'));
    assertJsonError(answer, 400, 'CXH_ERR_MALFORMED_HTTP');
    assert.match(answer.json.error.message, /HPE_/);
  });

  test('a header with a forbidden character gets 400 CXH_ERR_MALFORMED_HTTP', async () => {
    const answer = await exchange(running.port, (socket) => socket.write('GET /healthz HTTP/1.1\r\nhost: x\r\nbad\u0001name: 1\r\n\r\n'));
    assertJsonError(answer, 400, 'CXH_ERR_MALFORMED_HTTP');
  });
});

describe('slow clients', () => {
  let running: RunningServer;
  before(async () => {
    running = await start({ headersTimeoutMs: 200, requestTimeoutMs: 400 });
  });
  after(() => running.close());

  test('a client sending its headers byte by byte gets 408 CXH_ERR_REQUEST_TIMEOUT and is disconnected', async () => {
    const head = `POST /webhook HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\nx-slow: ${'z'.repeat(500)}`;
    let timer: NodeJS.Timeout | undefined;
    const answer = await exchange(running.port, (socket) => {
      let i = 0;
      timer = setInterval(() => {
        if (!socket.destroyed && i < head.length) socket.write(head[i++]!);
      }, 10);
    });
    clearInterval(timer);
    assertJsonError(answer, 408, 'CXH_ERR_REQUEST_TIMEOUT');
  });

  test('a client that never finishes its body gets 408 CXH_ERR_REQUEST_TIMEOUT and is disconnected', async () => {
    const answer = await exchange(running.port, (socket) => {
      socket.write(`POST /webhook HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\ncontent-length: ${BODY.length}\r\n\r\n`);
      socket.write(BODY.slice(0, 10));
    });
    assertJsonError(answer, 408, 'CXH_ERR_REQUEST_TIMEOUT');
  });

  test('a client that connects and sends nothing is disconnected', async () => {
    const answer = await exchange(running.port, () => {});
    assert.ok(answer.received === '' || answer.status === 408, answer.received);
  });

  test('a prompt client on the same server is served', async () => {
    const answer = await exchange(running.port, (socket) =>
      socket.write(`POST /webhook HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: ${BODY.length}\r\n\r\n${BODY}`),
    );
    assert.equal(answer.status, 200);
  });
});

describe('maxConcurrent', () => {
  test('beyond maxConcurrent a call gets 503 CXH_ERR_OVERLOADED with Retry-After: 1 before its body is read; health checks still answer', async () => {
    const releases: (() => void)[] = [];
    let entered!: () => void;
    let count = 0;
    const bothIn = new Promise<void>((resolve) => (entered = resolve));
    const app = createWebhook({ logger });
    app.fallback(async (ctx) => {
      count++;
      if (count === 2) entered();
      // The first two calls hold their slots until released; later ones answer at once.
      if (count <= 2) await new Promise<void>((resolve) => releases.push(resolve));
      ctx.reply.text('done');
    });
    const running = await serve({ app, host: '127.0.0.1', port: 0, logger, maxConcurrent: 2 });
    const post = () =>
      new Promise<number>((resolve, reject) => {
        const req = http.request(new URL('/webhook', running.url), { method: 'POST', agent: false, headers: { 'content-type': 'application/json' } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode ?? 0));
        });
        req.on('error', reject);
        req.end(BODY);
      });
    try {
      const busy = [post(), post()];
      await bothIn;
      // Headers only: the body never comes, so an answer proves it was not waited for.
      const overloaded = await exchange(running.port, (socket) =>
        socket.write(`POST /webhook HTTP/1.1\r\nhost: x\r\nconnection: close\r\ncontent-type: application/json\r\ncontent-length: 100000\r\n\r\n`),
      );
      assert.equal(overloaded.status, 503);
      assert.match(overloaded.received, /retry-after: 1/i);
      assert.equal(overloaded.json.error.code, 'CXH_ERR_OVERLOADED');
      assert.match(overloaded.json.error.message, /limit of 2 concurrent/);

      const health = await exchange(running.port, (socket) => socket.write('GET /healthz HTTP/1.1\r\nhost: x\r\nconnection: close\r\n\r\n'));
      assert.equal(health.status, 200);

      for (const release of releases) release();
      assert.deepEqual(await Promise.all(busy), [200, 200]);
      assert.equal(await post(), 200, 'slots are freed when calls finish');
    } finally {
      for (const release of releases) release();
      await running.close();
    }
  });
});

describe('transport options are checked at start', () => {
  for (const [options, name] of [
    [{ maxConcurrent: 0 }, 'maxConcurrent'],
    [{ maxHeaderSize: -1 }, 'maxHeaderSize'],
    [{ headersTimeoutMs: 1.5 }, 'headersTimeoutMs'],
    [{ requestTimeoutMs: Number.NaN }, 'requestTimeoutMs'],
    [{ headersTimeoutMs: 5000, requestTimeoutMs: 1000 }, 'headersTimeoutMs'],
    [{ bodyLimit: 0 }, 'bodyLimit'],
  ] as const) {
    test(`${JSON.stringify(options)} is refused with CXH_ERR_INVALID_OPTION naming ${name}`, async () => {
      await assert.rejects(start(options), (error: any) => error.code === 'CXH_ERR_INVALID_OPTION' && error.message.includes(name));
    });
  }
});

// Fuzzing the core and the node:http adapter: requests generated from the schema must get a 200
// with a response CX accepts; mutated real requests must get a JSON answer with an allowed status
// and code, never a throw, a 5xx or a stack trace; memory stays bounded; over real sockets the server
// survives garbage and keeps answering /healthz. Fixed seed (FUZZ_SEED overrides) so CI reproduces.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import { runInNewContext } from 'node:vm';
import v8 from 'node:v8';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { createLogger } from '../../src/logging/logger.ts';
import { serve, type RunningServer } from '../../src/transport/node-http/server.ts';
import { fuzzCase, mutate, mutationCase, FIXTURES, validCase, type FuzzCase } from './arbitraries.ts';
import { describeCase, fuzzApp, judge, runCase } from './oracle.ts';

const SEED = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : 20261127;

async function assertCase(app: ReturnType<typeof fuzzApp>, fuzzCase: FuzzCase): Promise<void> {
  const verdict = await runCase(app, fuzzCase);
  assert.equal(verdict.failure, undefined, `${verdict.failure}: ${verdict.detail}\n  case: ${describeCase(fuzzCase)}`);
}

describe('in-process fuzzing of app.handle', () => {
  const app = fuzzApp();

  test('WebhookRequests generated from the request schema get 200 and a response CX accepts', async () => {
    await fc.assert(fc.asyncProperty(validCase, (c) => assertCase(app, c)), { seed: SEED, numRuns: 1200 });
  });

  test('mutated real requests get a JSON answer whose status and code fit the bytes sent, never a crash', async () => {
    await fc.assert(fc.asyncProperty(mutationCase, (c) => assertCase(app, c)), { seed: SEED, numRuns: 1500 });
  });

  test('every mutation kind meets every fixture at least once', async () => {
    for (const fixture of FIXTURES) {
      for (const mutation of ['swap-type', 'typed-swap', 'huge-string', 'deep-nesting', 'invalid-utf8', 'duplicate-keys', 'byte-flip'] as const) {
        const c = { kind: `${mutation} of ${fixture.name}`, ...mutate(fixture.request, mutation, SEED) };
        await assertCase(app, c);
      }
    }
  });

  test('a body nested 50 000 levels deep, well-formed or cut short, gets a coded 400 or 200, not a RangeError', async () => {
    const depth = 50_000;
    const bodies = ['['.repeat(depth), '['.repeat(depth) + 'x', `{"text":null,"payload":${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}}`];
    for (const body of bodies) {
      const response = await app.handle({ body, headers: { 'content-type': 'application/json' } });
      assert.ok(response.status === 200 || response.status === 400, `status ${response.status}: ${response.body.slice(0, 200)}`);
    }
  });

  test('a WebhookRequest nested 10 000 levels deep gets 400 CXH_ERR_JSON_TOO_COMPLEX', async () => {
    const body = `{"text":"hi","payload":${'{"a":'.repeat(10_000)}1${'}'.repeat(10_000)}}`;
    const response = await app.handle({ body, headers: { 'content-type': 'application/json' } });
    assert.equal(response.status, 400);
    assert.equal(JSON.parse(response.body).error.code, 'CXH_ERR_JSON_TOO_COMPLEX');
  });
});

describe('the oracle', () => {
  const c: FuzzCase = { kind: 'test', body: '{}', headers: {}, allowed: [{ status: 200 }, { status: 400, code: 'CXH_ERR_INVALID_REQUEST' }] };
  const json = { 'content-type': 'application/json' };

  test('flags a throw, a 5xx, a non-JSON body, a stack trace and a status or code the case does not allow', () => {
    assert.equal(judge(c, { error: new Error('boom') }).failure, 'crashes');
    assert.equal(judge(c, { response: { status: 500, headers: json, body: '{"error":{"code":"CXH_ERR_HANDLER_FAILED"}}' } }).failure, 'crashes');
    assert.equal(judge(c, { response: { status: 400, headers: json, body: 'Bad Request' } }).failure, 'non_json');
    const trace = JSON.stringify({ error: { code: 'CXH_ERR_INVALID_REQUEST', message: 'x\n    at parse (/app/src/x.ts:1:2)' } });
    assert.equal(judge(c, { response: { status: 400, headers: json, body: trace } }).failure, 'non_json');
    assert.equal(judge(c, { response: { status: 400, headers: json, body: '{"error":{"code":"CXH_ERR_MALFORMED_JSON"}}' } }).failure, 'wrong_status');
    assert.equal(judge(c, { response: { status: 415, headers: json, body: '{"error":{"code":"CXH_ERR_INVALID_REQUEST"}}' } }).failure, 'wrong_status');
    assert.equal(judge(c, { response: { status: 200, headers: json, body: '{"targetPage":1}' } }).failure, 'wrong_status');
  });

  test('accepts an allowed answer', () => {
    assert.deepEqual(judge(c, { response: { status: 400, headers: json, body: '{"error":{"code":"CXH_ERR_INVALID_REQUEST"}}' } }), {});
    assert.deepEqual(judge(c, { response: { status: 200, headers: json, body: '{}' } }), {});
  });
});

// ---------------------------------------------------------------------------------------------------
// Memory

/** A real collection when V8 lets us switch it on at runtime; the bound below is generous either way. */
function collector(): () => void {
  v8.setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as (() => void) | undefined;
  return typeof gc === 'function' ? () => (gc(), gc()) : () => {};
}

/** Heap growth in MB from after a warm-up batch to after `batches` more batches of the same cases. */
async function heapGrowthMb(app: ReturnType<typeof fuzzApp>, cases: FuzzCase[], batches: number): Promise<number> {
  const gc = collector();
  for (const c of cases) await runCase(app, c);
  gc();
  const start = process.memoryUsage().heapUsed;
  for (let batch = 0; batch < batches; batch++) for (const c of cases) await runCase(app, c);
  gc();
  return (process.memoryUsage().heapUsed - start) / 1024 / 1024;
}

describe('memory', () => {
  // 200 cases, with several megabyte-sized bodies among them: a leak of even one body per call
  // would grow the heap by far more than the bound over 6 batches.
  const cases = [
    ...fc.sample(fuzzCase, { seed: SEED, numRuns: 180 }),
    ...FIXTURES.flatMap((fixture, index) => [{ kind: 'huge', ...mutate(fixture.request, 'huge-string', SEED + index) }]),
    ...FIXTURES.slice(0, 4).map((fixture, index) => ({ kind: 'deep', ...mutate(fixture.request, 'deep-nesting', SEED + index) })),
  ];

  test('the heap does not grow with the number of cases handled', async () => {
    const growth = await heapGrowthMb(fuzzApp(), cases, 6);
    assert.ok(growth < 24, `heap grew by ${growth.toFixed(1)} MB over 6 batches of ${cases.length} cases`);
  });

  test('the memory check does catch a leak (an app that keeps a copy of every body)', async () => {
    const app = fuzzApp();
    const kept: unknown[] = [];
    const handle = app.handle;
    const leaky = { ...app, handle: (raw: Parameters<typeof handle>[0]) => (kept.push(Buffer.from(raw.body).toString('utf8')), handle(raw)) };
    const growth = await heapGrowthMb(leaky, cases, 6);
    assert.ok(growth >= 24, `a leaking app grew the heap by only ${growth.toFixed(1)} MB`);
  });
});

// ---------------------------------------------------------------------------------------------------
// Real sockets

function post(url: string, c: FuzzCase): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string }> {
  const body = Buffer.from(c.body);
  return new Promise((resolve, reject) => {
    const req = http.request(`${url}/webhook`, { method: 'POST', agent: false, headers: { ...c.headers, 'content-length': String(body.length) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** Writes raw bytes on a fresh connection and returns whatever comes back before the server closes it. */
function raw(port: number, bytes: Buffer | string): Promise<string> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (chunk) => chunks.push(chunk));
    socket.on('error', () => {});
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.setTimeout(2000, () => socket.destroy());
    socket.end(bytes);
  });
}

async function healthy(url: string): Promise<void> {
  const response = await fetch(`${url}/healthz`);
  assert.equal(response.status, 200);
  assert.deepEqual(await response.json(), { status: 'ok' });
}

describe('over real sockets through serve()', () => {
  let server: RunningServer;
  before(async () => {
    server = await serve({ app: fuzzApp(), host: '127.0.0.1', port: 0, logger: createLogger({ level: 'silent' }) });
  });
  after(() => server.close());

  test('fuzz cases sent over HTTP get the same judged answers (413 allowed above the body limit)', async () => {
    const cases = fc.sample(fuzzCase, { seed: SEED, numRuns: 150 });
    for (const c of cases) {
      const response = await post(server.url, c);
      const allowed = { ...c, allowed: [...c.allowed, { status: 413, code: 'CXH_ERR_BODY_TOO_LARGE' }] };
      const headers = Object.fromEntries(Object.entries(response.headers).map(([key, value]) => [key, String(value)]));
      const verdict = judge(allowed, { response: { status: response.status, headers, body: response.body } });
      assert.equal(verdict.failure, undefined, `${verdict.failure}: ${verdict.detail}\n  case: ${describeCase(c)}`);
    }
    await healthy(server.url);
  });

  const GARBAGE: Array<[string, Buffer | string]> = [
    ['random bytes', Buffer.from(Array.from({ length: 512 }, (_, i) => (i * 7919 + 13) % 256))],
    ['invalid UTF-8 in a header', Buffer.concat([Buffer.from('POST /webhook HTTP/1.1\r\nHost: x\r\nX-Name: '), Buffer.from([0xff, 0xfe, 0xc0]), Buffer.from('\r\nContent-Length: 2\r\nContent-Type: application/json\r\n\r\n{}')])],
    ['duplicate Content-Length headers that disagree', 'POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nContent-Length: 5\r\n\r\n{}'],
    ['Content-Length and Transfer-Encoding together', 'POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\nTransfer-Encoding: chunked\r\n\r\n2\r\n{}\r\n0\r\n\r\n'],
    ['a broken chunked body', 'POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n'],
    ['a NUL in the request line', 'POST /web\u0000hook HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a 20 kB header', `POST /webhook HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`],
    ['a body shorter than its Content-Length', 'POST /webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"text":'],
    ['HTTP/0.9', 'GET /\r\n'],
  ];

  test('garbage on raw sockets never brings the server down: /healthz answers after each', async () => {
    for (const [name, bytes] of GARBAGE) {
      const answer = await raw(server.port, bytes);
      assert.ok(answer === '' || answer.startsWith('HTTP/1.1 '), `${name}: ${JSON.stringify(answer.slice(0, 100))}`);
      await healthy(server.url);
    }
  });

  test('HTTP-level errors (bad framing, huge headers) are answered with a coded JSON body', async () => {
    // From bad framing to the 20 kB header; invalid UTF-8 in a header value is still valid HTTP.
    for (const [name, bytes] of GARBAGE.slice(2, 7)) {
      const answer = await raw(server.port, bytes);
      assert.match(answer, /^HTTP\/1\.1 4\d\d /, name);
      const body = answer.split('\r\n\r\n').slice(1).join('\r\n\r\n');
      assert.match(JSON.parse(body).error.code, /^CXH_ERR_/, name);
    }
  });
});

// upstream(): timeouts from the deadline, retries only for idempotent calls and only while time
// remains, a breaker that fails fast, and one typed error without secrets, against real sockets.
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, describe, test } from 'node:test';
import { isCxhookError } from '../../src/errors/index.ts';
import { upstream, UpstreamError, type UpstreamFailure } from '../../src/outbound/index.ts';
import { answer, answerLater, closedPort, deadlineIn, fakeUpstream, type FakeUpstream } from './fake-upstream.ts';

const SECRET = 'sk-live-5e3c7f91';

async function failure(promise: Promise<unknown>, kind: UpstreamFailure): Promise<UpstreamError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof UpstreamError, `expected an UpstreamError, got ${error}`);
    assert.equal(error.kind, kind, error.message);
    assert.equal(error.code, 'CXH_ERR_UPSTREAM_FAILED');
    assert.ok(!error.message.includes(SECRET) && !JSON.stringify(error).includes(SECRET), 'the secret leaked into the error');
    return error;
  }
  assert.fail(`expected a ${kind} failure`);
}

const servers: FakeUpstream[] = [];
async function fake(...args: Parameters<typeof fakeUpstream>): Promise<FakeUpstream> {
  const server = await fakeUpstream(...args);
  servers.push(server);
  return server;
}
after(() => Promise.all(servers.map((server) => server.close())));

// No breaker unless a test is about it, so failures in one test never open a circuit for another.
const quick = { timeoutMs: 500, retry: { initialDelayMs: 1, maxDelayMs: 5 }, breaker: false } as const;

describe('answers', () => {
  test('a 200 answer is handed to the reader and its result is the call result', async () => {
    const api = await fake((request, response) => answer(response, 200, { echo: request.url }));
    const weather = upstream({ name: 'weather', ...quick });
    const result = await weather.call({ url: `${api.origin}/current?q=Oslo` }, (response) => response.json());
    assert.deepEqual(result, { echo: '/current?q=Oslo' });
  });

  test('without a reader the call answers with status, headers and text', async () => {
    const api = await fake((_request, response) => answer(response, 404, { missing: true }));
    const response = await upstream({ name: 'plain', ...quick }).call({ url: api.origin });
    assert.equal(response.status, 404);
    assert.equal(response.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(response.text), { missing: true });
  });

  test('a 4xx answer goes to the reader once and is not retried', async () => {
    const api = await fake((_request, response) => answer(response, 409, { error: 'taken' }));
    const status = await upstream({ name: 'bookings', ...quick }).call({ url: api.origin }, (response) => response.status);
    assert.equal(status, 409);
    assert.equal(api.seen.length, 1);
  });

  test('a JSON body is sent with its content type', async () => {
    const api = await fake((request, response) => answer(response, 201, { got: JSON.parse(request.body), type: request.headers['content-type'] }));
    const result = await upstream({ name: 'bookings', ...quick }).call({ url: api.origin, method: 'POST', json: { slot: '10:00' } }, (response) => response.json());
    assert.deepEqual(result, { got: { slot: '10:00' }, type: 'application/json' });
  });
});

describe('failures and retries', () => {
  test('a flapping upstream (two 503s, then 200) is retried into an answer for a GET', async () => {
    const api = await fake((_request, response, n) => (n <= 2 ? answer(response, 503, 'busy') : answer(response, 200, { ok: true })));
    const result = await upstream({ name: 'flappy', ...quick }).call({ url: api.origin }, (response) => response.json());
    assert.deepEqual(result, { ok: true });
    assert.equal(api.seen.length, 3);
  });

  test('a 5xx answer on every attempt is a status failure carrying the status and the attempts made', async () => {
    const api = await fake((_request, response) => answer(response, 500, { error: 'boom' }));
    const error = await failure(upstream({ name: 'broken', ...quick, retry: { maxAttempts: 4, initialDelayMs: 1, maxDelayMs: 2 } }).call({ url: api.origin }), 'status');
    assert.equal(error.upstreamStatus, 500);
    assert.equal(error.attempts, 4);
    assert.equal(api.seen.length, 4);
    assert.match(error.message, /^Upstream broken failed \(status\): answered HTTP 500$/);
  });

  test('garbage instead of JSON is a bad-response failure, retried like any transient one', async () => {
    const api = await fake((_request, response) => answer(response, 200, '<html>oops'));
    const error = await failure(upstream({ name: 'garbage', ...quick }).call({ url: api.origin }, (response) => response.json()), 'bad-response');
    assert.equal(api.seen.length, 3);
    assert.equal(error.upstreamStatus, 200);
  });

  test('an error thrown by the reader is a bad-response failure', async () => {
    const api = await fake((_request, response) => answer(response, 200, { temp: 'warm' }));
    const read = () => {
      throw new TypeError('temp is not a number');
    };
    const error = await failure(upstream({ name: 'reader', ...quick, retry: false }).call({ url: api.origin }, read), 'bad-response');
    assert.match(error.reason, /temp is not a number/);
  });

  test('a failure the reader declares for a 4xx is not retried', async () => {
    const api = await fake((_request, response) => answer(response, 403, {}));
    const read = (response: { status: number; fail: (kind: UpstreamFailure, reason: string, status?: number) => UpstreamError }) => {
      throw response.fail('status', `refused with HTTP ${response.status}`, response.status);
    };
    const error = await failure(upstream({ name: 'refusing', ...quick }).call({ url: api.origin }, read), 'status');
    assert.equal(error.upstreamStatus, 403);
    assert.equal(api.seen.length, 1);
  });

  test('an answer larger than maxResponseBytes is a bad-response failure', async () => {
    const api = await fake((_request, response) => answer(response, 200, 'x'.repeat(10_000)));
    const error = await failure(upstream({ name: 'huge', ...quick, retry: false, maxResponseBytes: 1000 }).call({ url: api.origin }), 'bad-response');
    assert.match(error.reason, /larger than 1000 bytes/);
  });

  test('a refused connection is a network failure naming the socket error', async () => {
    const port = await closedPort();
    const error = await failure(upstream({ name: 'gone', ...quick }).call({ url: `http://127.0.0.1:${port}/` }), 'network');
    assert.match(error.reason, /ECONNREFUSED/);
    assert.equal(error.attempts, 3);
  });

  test('a slow upstream is a timeout failure after each attempt is cut at timeoutMs', async () => {
    const api = await fake((_request, response, _n, done) => answerLater(response, done, 5000));
    const error = await failure(upstream({ name: 'slow', ...quick, timeoutMs: 100 }).call({ url: api.origin }), 'timeout');
    assert.match(error.reason, /no answer within 100 ms/);
    assert.equal(api.seen.length, 3);
  });

  test('a POST without an idempotency key is never retried', async () => {
    const api = await fake((_request, response) => answer(response, 503, {}));
    const error = await failure(upstream({ name: 'post', ...quick }).call({ url: api.origin, method: 'POST', json: {} }), 'status');
    assert.equal(error.attempts, 1);
    assert.equal(api.seen.length, 1);
  });

  test('a POST that times out without an idempotency key is not sent again', async () => {
    const api = await fake((_request, response, _n, done) => answerLater(response, done, 5000));
    await failure(upstream({ name: 'post', ...quick, timeoutMs: 80 }).call({ url: api.origin, method: 'POST', body: 'x' }), 'timeout');
    assert.equal(api.seen.length, 1);
  });

  test('a POST with an idempotency key is retried, and every attempt carries the same key', async () => {
    const api = await fake((_request, response, n) => (n === 1 ? answer(response, 502, {}) : answer(response, 201, { id: 'b-1' })));
    const result = await upstream({ name: 'post', ...quick }).call({ url: api.origin, method: 'POST', json: {}, idempotencyKey: 'session-1:dir-9' }, (response) => response.json());
    assert.deepEqual(result, { id: 'b-1' });
    assert.deepEqual(api.seen.map((request) => request.headers['idempotency-key']), ['session-1:dir-9', 'session-1:dir-9']);
  });

  test('retry: false makes one attempt even for a GET', async () => {
    const api = await fake((_request, response) => answer(response, 500, {}));
    await failure(upstream({ name: 'once', ...quick, retry: false }).call({ url: api.origin }), 'status');
    assert.equal(api.seen.length, 1);
  });
});

describe('the deadline', () => {
  test('an attempt is cut at the time left before the deadline when that is shorter than timeoutMs', async () => {
    const api = await fake((_request, response, _n, done) => answerLater(response, done, 5000));
    const slowApi = upstream({ name: 'slow', timeoutMs: 10_000, reserveMs: 0, breaker: false });
    const left = { remainingMs: () => 150 };
    const error = await failure(slowApi.call({ url: api.origin, deadline: left }), 'timeout');
    assert.match(error.reason, /no answer within 150 ms/);
  });

  test('reserveMs is kept back from the time left, so the handler can still answer', async () => {
    const api = await fake((_request, response, _n, done) => answerLater(response, done, 5000));
    const slowApi = upstream({ name: 'slow', timeoutMs: 10_000, reserveMs: 100, retry: false, breaker: false });
    const error = await failure(slowApi.call({ url: api.origin, deadline: { remainingMs: () => 250 } }), 'timeout');
    assert.match(error.reason, /no answer within 150 ms/);
  });

  test('no retry is made when the time left cannot hold the backoff and a useful attempt', async () => {
    const api = await fake((_request, response) => answer(response, 503, {}));
    const api2 = upstream({ name: 'tight', timeoutMs: 1000, reserveMs: 0, retry: { maxAttempts: 5, initialDelayMs: 1, maxDelayMs: 2, minAttemptMs: 100 }, breaker: false });
    const error = await failure(api2.call({ url: api.origin, deadline: { remainingMs: () => 90 } }), 'status');
    assert.equal(error.attempts, 1);
    assert.equal(api.seen.length, 1);
  });

  test('with time to spare the same call is retried up to maxAttempts', async () => {
    const api = await fake((_request, response) => answer(response, 503, {}));
    const api2 = upstream({ name: 'roomy', timeoutMs: 1000, reserveMs: 0, retry: { maxAttempts: 5, initialDelayMs: 1, maxDelayMs: 2, minAttemptMs: 100 }, breaker: false });
    await failure(api2.call({ url: api.origin, deadline: { remainingMs: () => 10_000 } }), 'status');
    assert.equal(api.seen.length, 5);
  });

  test('retries stop once a real deadline leaves too little time, well short of maxAttempts', async () => {
    const api = await fake((_request, response, _n, done) => answerLater(response, done, 5000));
    const api2 = upstream({ name: 'slow', timeoutMs: 200, reserveMs: 0, retry: { maxAttempts: 10, initialDelayMs: 1, maxDelayMs: 2, minAttemptMs: 150 }, breaker: false });
    const error = await failure(api2.call({ url: api.origin, deadline: deadlineIn(500) }), 'timeout');
    // 500 ms hold two 200 ms attempts; a third would have less than 150 ms.
    assert.equal(error.attempts, 2);
  });

  test('the deadline signal abandons a call in flight as aborted, and it is not retried', async () => {
    const api = await fake((_request, response, _n, done) => answerLater(response, done, 5000));
    const error = await failure(upstream({ name: 'slow', ...quick, timeoutMs: 10_000 }).call({ url: api.origin, deadline: { signal: AbortSignal.timeout(100) } }), 'aborted');
    assert.equal(error.attempts, 1);
  });

  test('a deadline that has already passed makes no network call', async () => {
    const api = await fake((_request, response) => answer(response, 200, {}));
    await failure(upstream({ name: 'late', ...quick }).call({ url: api.origin, deadline: { signal: AbortSignal.abort() } }), 'aborted');
    await failure(upstream({ name: 'late', ...quick }).call({ url: api.origin, deadline: { remainingMs: () => 0 } }), 'timeout');
    assert.equal(api.seen.length, 0);
  });
});

describe('the circuit breaker', () => {
  test('opens after consecutive failures, then fails fast without calling the upstream', async () => {
    const api = await fake((_request, response) => answer(response, 500, {}));
    const api2 = upstream({ name: 'dead', timeoutMs: 500, retry: false, breaker: { consecutiveFailures: 3, halfOpenAfterMs: 60_000 } });
    for (let i = 0; i < 3; i++) await failure(api2.call({ url: api.origin }), 'status');
    assert.equal(api2.circuit, 'open');
    const error = await failure(api2.call({ url: api.origin }), 'circuit-open');
    assert.equal(error.attempts, 0);
    assert.equal(api.seen.length, 3, 'the open circuit made no network call');
  });

  test('retries of one call count towards opening the circuit', async () => {
    const port = await closedPort();
    const api2 = upstream({ name: 'gone', timeoutMs: 500, retry: { maxAttempts: 3, initialDelayMs: 1, maxDelayMs: 2 }, breaker: { consecutiveFailures: 3, halfOpenAfterMs: 60_000 } });
    await failure(api2.call({ url: `http://127.0.0.1:${port}/` }), 'network');
    await failure(api2.call({ url: `http://127.0.0.1:${port}/` }), 'circuit-open');
  });

  test('half-opens after halfOpenAfterMs: a good trial call closes it again', async () => {
    let healthy = false;
    const api = await fake((_request, response) => (healthy ? answer(response, 200, { ok: true }) : answer(response, 503, {})));
    const logs: string[] = [];
    const log = { warn: (_fields: object, message: string) => logs.push(message), info: (_fields: object, message: string) => logs.push(message) };
    const api2 = upstream({ name: 'recovering', timeoutMs: 500, retry: false, breaker: { consecutiveFailures: 2, halfOpenAfterMs: 100 }, log });
    await failure(api2.call({ url: api.origin }), 'status');
    await failure(api2.call({ url: api.origin }), 'status');
    await failure(api2.call({ url: api.origin }), 'circuit-open');
    healthy = true;
    await sleep(150);
    assert.deepEqual(await api2.call({ url: api.origin }, (response) => response.json()), { ok: true });
    assert.equal(api2.circuit, 'closed');
    assert.equal(api.seen.length, 3);
    assert.deepEqual(logs, ['circuit opened: calls fail fast', 'circuit closed: calls go through again']);
  });

  test('a failed trial call opens it again for another halfOpenAfterMs', async () => {
    const api = await fake((_request, response) => answer(response, 503, {}));
    const api2 = upstream({ name: 'still-dead', timeoutMs: 500, retry: false, breaker: { consecutiveFailures: 1, halfOpenAfterMs: 100 } });
    await failure(api2.call({ url: api.origin }), 'status');
    await sleep(150);
    await failure(api2.call({ url: api.origin }), 'status');
    await failure(api2.call({ url: api.origin }), 'circuit-open');
    assert.equal(api.seen.length, 2);
  });

  test('4xx answers and abandoned calls do not open the circuit', async () => {
    const api = await fake((request, response, _n, done) => (request.url === '/slow' ? answerLater(response, done, 5000) : answer(response, 404, {})));
    const api2 = upstream({ name: 'picky', timeoutMs: 2000, retry: false, breaker: { consecutiveFailures: 2, halfOpenAfterMs: 60_000 } });
    for (let i = 0; i < 3; i++) assert.equal(await api2.call({ url: `${api.origin}/missing` }, (response) => response.status), 404);
    for (let i = 0; i < 3; i++) await failure(api2.call({ url: `${api.origin}/slow`, deadline: { signal: AbortSignal.timeout(30) } }), 'aborted');
    assert.equal(api2.circuit, 'closed');
  });
});

describe('secrets and bad input', () => {
  test('a key in the query string or in the URL credentials never reaches an error message', async () => {
    const api = await fake((_request, response) => answer(response, 500, { error: `bad key ${SECRET}` }));
    await failure(upstream({ name: 'keyed', ...quick }).call({ url: `${api.origin}/v1?key=${SECRET}` }), 'status');
    const port = await closedPort();
    await failure(upstream({ name: 'keyed', ...quick, secrets: [SECRET] }).call({ url: `http://127.0.0.1:${port}/v1?key=${SECRET}`, headers: { authorization: `Bearer ${SECRET}` } }), 'network');
    await failure(upstream({ name: 'keyed', ...quick }).call({ url: `http://user:${SECRET}@127.0.0.1:${port}/` }), 'network');
    // A reader whose error quotes the URL, with no secret declared: the query string and the URL's
    // credentials are still taken out (the calls above never put the URL into a message at all).
    const ok = await fake((_request, response) => answer(response, 200, {}));
    const quoting = (url: string) => () => {
      throw new Error(`bad answer from ${url}`);
    };
    const inQuery = `${ok.origin}/v1?key=${SECRET}`;
    const queryError = await failure(upstream({ name: 'keyed', ...quick, retry: false }).call({ url: inQuery }, quoting(inQuery)), 'bad-response');
    assert.match(queryError.reason, /\/v1\?\[redacted\]/);
    const withCredentials = ok.origin.replace('http://', `http://user:${SECRET}@`);
    const credentialsError = await failure(upstream({ name: 'keyed', ...quick, retry: false }).call({ url: withCredentials }, quoting(withCredentials)), 'bad-response');
    assert.match(credentialsError.reason, /:\[redacted\]@127\.0\.0\.1/);
  });

  test('a reader error that quotes a declared secret is scrubbed', async () => {
    const api = await fake((_request, response) => answer(response, 200, {}));
    const read = () => {
      throw new Error(`cannot use ${SECRET}`);
    };
    const error = await failure(upstream({ name: 'keyed', ...quick, retry: false, secrets: [SECRET] }).call({ url: api.origin }, read), 'bad-response');
    assert.match(error.reason, /\[redacted\]/);
  });

  test('a URL that is not absolute http(s) is refused without echoing it', async () => {
    for (const url of [`not a url ${SECRET}`, `ftp://host/${SECRET}`]) {
      await assert.rejects(upstream({ name: 'bad', ...quick }).call({ url }), (error: unknown) => {
        assert.ok(isCxhookError(error) && error.code === 'CXH_ERR_INVALID_OPTION');
        assert.ok(!error.message.includes(SECRET));
        return true;
      });
    }
  });

  test('a header value undici refuses is the caller\'s error, not an upstream failure', async () => {
    const api = await fake((_request, response) => answer(response, 200, {}));
    await assert.rejects(upstream({ name: 'bad', ...quick }).call({ url: api.origin, headers: { 'x-key': `a\nb${SECRET}` } }), (error: unknown) => {
      assert.ok(isCxhookError(error) && error.code === 'CXH_ERR_INVALID_OPTION', String(error));
      assert.ok(!(error instanceof UpstreamError));
      return true;
    });
    assert.equal(api.seen.length, 0);
  });

  test('options out of range are refused when the upstream is made', () => {
    const bad = [
      { name: '', timeoutMs: 100 },
      { name: 'x', timeoutMs: 0 },
      { name: 'x', timeoutMs: 1.5 },
      { name: 'x', timeoutMs: 100, retry: { maxAttempts: 0 } },
      { name: 'x', timeoutMs: 100, retry: { initialDelayMs: 100, maxDelayMs: 10 } },
      { name: 'x', timeoutMs: 100, breaker: { consecutiveFailures: 0 } },
    ];
    for (const options of bad) {
      assert.throws(() => upstream(options), (error: unknown) => isCxhookError(error) && error.code === 'CXH_ERR_INVALID_OPTION', JSON.stringify(options));
    }
  });

  test('cxhook/outbound exports the same upstream as the source', async () => {
    const sub = await import('cxhook/outbound');
    assert.equal(sub.upstream, upstream);
    assert.equal(sub.UpstreamError, UpstreamError);
  });
});

// The error boundary: a failing handler, a late handler or an invalid response never breaks the
// conversation silently: the fallback (or a status, when asked) goes out and the error is logged.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_FALLBACK_TEXT } from '../../src/app/index.ts';
import { CxhookError } from '../../src/errors/index.ts';
import { deferred, makeApp, makeRequest, memoryLogger, PAGE, SESSION, sleep } from './helpers.ts';

const fallbackText = (body: any) => body.fulfillmentResponse.messages[0].text.text[0];

describe('a handler that throws', () => {
  test('gets HTTP 200 with the fallback text and webhook_error CXH_ERR_HANDLER_FAILED', async () => {
    const app = makeApp();
    app.tag('booking', () => {
      throw new Error('database exploded at /srv/app/db.ts:42');
    });
    const result = await app.inject(makeRequest());
    assert.equal(result.status, 200);
    assert.deepEqual(result.body, {
      fulfillmentResponse: { messages: [{ text: { text: [DEFAULT_FALLBACK_TEXT] } }] },
      sessionInfo: { parameters: { webhook_error: 'CXH_ERR_HANDLER_FAILED' } },
    });
  });

  test('sends no stack or error message in the body', async () => {
    const app = makeApp();
    app.tag('booking', async () => {
      throw new TypeError('secret internals');
    });
    const raw = await app.handle({ body: JSON.stringify(makeRequest()), headers: { 'content-type': 'application/json' } });
    assert.equal(raw.status, 200);
    assert.ok(!raw.body.includes('secret internals'), raw.body);
    assert.ok(!raw.body.includes('TypeError'), raw.body);
    assert.ok(!/\bat .*:\d+:\d+/.test(raw.body), raw.body);
  });

  test('is logged as an error with the request id, tag, session, code, route and the cause', async () => {
    const { logger, lines } = memoryLogger('info');
    const app = makeApp({ logger });
    app.tag('booking', () => {
      throw new Error('boom');
    });
    await app.inject(makeRequest(), { 'x-request-id': 'req-err-1' });
    const errors = lines.filter((line) => line.level === 50);
    assert.equal(errors.length, 1);
    const [error] = errors as [Record<string, any>];
    assert.equal(error.reqId, 'req-err-1');
    assert.equal(error.tag, 'booking');
    assert.equal(error.session, SESSION);
    assert.equal(error.code, 'CXH_ERR_HANDLER_FAILED');
    assert.equal(error.via, 'tag:booking');
    assert.equal(error.msg, 'The handler for tag:booking failed');
    assert.equal(error.err.message, 'boom');
    assert.match(error.err.stack, /boom/);
    const call = lines.find((line) => line.msg === 'webhook call');
    assert.equal(call?.outcome, 'fallback:error');
    assert.equal(call?.status, 200);
    // The access line carries the same request fields as ctx.log's lines.
    assert.equal(call?.reqId, 'req-err-1');
    assert.equal(call?.tag, 'booking');
    assert.equal(call?.session, SESSION);
  });

  test('a non-Error rejection is handled the same way', async () => {
    const app = makeApp();
    app.fallback(() => Promise.reject('plain string'));
    const result = await app.inject(makeRequest());
    assert.equal(result.body.sessionInfo.parameters.webhook_error, 'CXH_ERR_HANDLER_FAILED');
  });

  test('uses the configured fallback text and parameters', async () => {
    const codes: string[] = [];
    const app = makeApp({
      fallback: {
        text: 'One moment, transferring you.',
        parameters: (code) => {
          codes.push(code);
          return { failed: true, reason: code };
        },
      },
    });
    app.fallback(() => {
      throw new Error('x');
    });
    const { status, body } = await app.inject(makeRequest());
    assert.equal(status, 200);
    assert.equal(fallbackText(body), 'One moment, transferring you.');
    assert.deepEqual(body.sessionInfo.parameters, { failed: true, reason: 'CXH_ERR_HANDLER_FAILED' });
    assert.deepEqual(codes, ['CXH_ERR_HANDLER_FAILED']);
  });

  test('drops fallback parameters that are not JSON but still sends the fallback text', async () => {
    const app = makeApp({ fallback: { text: 'Sorry.', parameters: () => ({ when: new Date() as never }) } });
    app.fallback(() => {
      throw new Error('x');
    });
    const { status, body } = await app.inject(makeRequest());
    assert.equal(status, 200);
    assert.deepEqual(body, { fulfillmentResponse: { messages: [{ text: { text: ['Sorry.'] } }] } });
  });

  test("with onError: 'status' gets HTTP 500 and a JSON error with the code and no stack", async () => {
    const app = makeApp({ onError: 'status' });
    app.tag('booking', () => {
      throw new Error('secret internals');
    });
    const result = await app.inject(makeRequest(), { 'x-request-id': 'r-500' });
    assert.equal(result.status, 500);
    assert.equal(result.headers['x-request-id'], 'r-500');
    assert.match(result.headers['content-type'] ?? '', /^application\/json/);
    assert.deepEqual(result.body, { error: { code: 'CXH_ERR_HANDLER_FAILED', message: 'The handler for tag:booking failed' } });
  });
});

describe('the deadline', () => {
  test('a slow handler gets the fallback with CXH_ERR_DEADLINE_EXCEEDED before it finishes, its signal aborts and its late result is logged as dropped', async () => {
    const { logger, lines } = memoryLogger('info');
    const release = deferred();
    const finished = deferred();
    let signal: AbortSignal | undefined;
    let abortReason: unknown;
    const app = makeApp({ logger, deadlineMs: 50 });
    app.tag('booking', async (ctx) => {
      signal = ctx.signal;
      ctx.signal.addEventListener('abort', () => {
        abortReason = ctx.signal.reason;
      });
      await release.promise;
      ctx.reply.text('too late');
      finished.resolve();
    });

    const started = Date.now();
    const result = await app.inject(makeRequest());
    const elapsed = Date.now() - started;
    assert.equal(result.status, 200);
    assert.equal(fallbackText(result.body), DEFAULT_FALLBACK_TEXT);
    assert.equal(result.body.sessionInfo.parameters.webhook_error, 'CXH_ERR_DEADLINE_EXCEEDED');
    assert.ok(elapsed >= 45 && elapsed < 1000, `answered after ${elapsed} ms`);
    assert.equal(signal?.aborted, true);
    assert.ok(abortReason instanceof CxhookError && abortReason.code === 'CXH_ERR_DEADLINE_EXCEEDED');

    const error = lines.find((line) => line.level === 50);
    assert.equal(error?.code, 'CXH_ERR_DEADLINE_EXCEEDED');
    assert.match(error?.msg ?? '', /booking did not finish within 50 ms/);
    assert.equal(lines.find((line) => line.msg === 'webhook call')?.outcome, 'fallback:deadline');
    assert.equal(lines.find((line) => line.msg === 'late handler result dropped'), undefined, 'not yet: the handler is still running');

    release.resolve();
    await finished.promise;
    await sleep(5);
    const late = lines.filter((line) => line.msg === 'late handler result dropped');
    assert.equal(late.length, 1);
    assert.equal(late[0]?.level, 40);
    assert.equal(late[0]?.late, 'done');
  });

  test('a handler that fails after the deadline is logged as a dropped failure', async () => {
    const { logger, lines } = memoryLogger('info');
    const release = deferred();
    const app = makeApp({ logger, deadlineMs: 20 });
    app.fallback(async () => {
      await release.promise;
      throw new Error('late failure');
    });
    await app.inject(makeRequest());
    release.resolve();
    await sleep(10);
    const late = lines.find((line) => line.msg === 'late handler result dropped');
    assert.equal(late?.late, 'failed');
    assert.equal(late?.err?.message, 'late failure');
  });

  test("with onError: 'status' a late handler gets HTTP 503 CXH_ERR_DEADLINE_EXCEEDED", async () => {
    const release = deferred();
    const app = makeApp({ deadlineMs: 30, onError: 'status' });
    app.fallback(() => release.promise);
    const result = await app.inject(makeRequest());
    release.resolve();
    assert.equal(result.status, 503);
    assert.equal(result.body.error.code, 'CXH_ERR_DEADLINE_EXCEEDED');
    assert.equal(result.body.error.message, 'The handler for booking did not finish within 30 ms');
  });

  test('a handler that finishes in time is answered normally and its signal never aborts', async () => {
    let signal: AbortSignal | undefined;
    const app = makeApp({ deadlineMs: 200 });
    app.fallback(async (ctx) => {
      signal = ctx.signal;
      await sleep(5);
      ctx.reply.text('in time');
    });
    const { body } = await app.inject(makeRequest());
    assert.equal(fallbackText(body), 'in time');
    await sleep(250);
    assert.equal(signal?.aborted, false);
  });
});

describe('an invalid response', () => {
  test("with onInvalidResponse: 'throw' makes inject throw CXH_ERR_INVALID_RESPONSE with the paths", async () => {
    const app = makeApp({ onInvalidResponse: 'throw' });
    app.fallback(() => ({ fulfillmentResponse: { messages: [{ endInteraction: {} }] }, targetPage: 'a', targetFlow: 'b' }));
    await assert.rejects(app.inject(makeRequest()), (error: unknown) => {
      assert.ok(error instanceof CxhookError);
      assert.equal(error.code, 'CXH_ERR_INVALID_RESPONSE');
      const paths = (error.details as { path: string }[]).map((issue) => issue.path);
      assert.deepEqual(paths, ['fulfillmentResponse.messages.0.endInteraction']);
      assert.match(error.message, /endInteraction is output-only/);
      return true;
    });
  });

  test("with onInvalidResponse: 'throw' handle() answers HTTP 500 with the details", async () => {
    const app = makeApp({ onInvalidResponse: 'throw' });
    app.fallback(() => ({ targetPage: PAGE, targetFlow: 'x' }));
    const raw = await app.handle({ body: JSON.stringify(makeRequest()), headers: { 'content-type': 'application/json' } });
    assert.equal(raw.status, 500);
    const body = JSON.parse(raw.body);
    assert.equal(body.error.code, 'CXH_ERR_INVALID_RESPONSE');
    assert.deepEqual(
      body.error.details.map((issue: { path: string }) => issue.path),
      ['targetFlow'],
    );
  });

  test("with onInvalidResponse: 'fallback' gets HTTP 200 with the fallback and an error log", async () => {
    const { logger, lines } = memoryLogger('info');
    const app = makeApp({ logger, onInvalidResponse: 'fallback' });
    app.fallback(() => ({ sessionInfo: { parameters: { when: Number.NaN } } }));
    const result = await app.inject(makeRequest());
    assert.equal(result.status, 200);
    assert.equal(fallbackText(result.body), DEFAULT_FALLBACK_TEXT);
    assert.equal(result.body.sessionInfo.parameters.webhook_error, 'CXH_ERR_INVALID_RESPONSE');
    const error = lines.find((line) => line.level === 50);
    assert.equal(error?.code, 'CXH_ERR_INVALID_RESPONSE');
    assert.deepEqual(
      error?.details.map((issue: { path: string }) => issue.path),
      ['sessionInfo.parameters.when'],
    );
    assert.equal(lines.find((line) => line.msg === 'webhook call')?.outcome, 'fallback:invalid-response');
  });

  test('invalidating a form parameter the page lacks (returned response) is an invalid response', async () => {
    const app = makeApp({ onInvalidResponse: 'throw' });
    app.fallback(() => ({ pageInfo: { formInfo: { parameterInfo: [{ displayName: 'ghost', required: true, state: 'INVALID' }] } } }));
    await assert.rejects(app.inject(makeRequest()), (error: unknown) => {
      assert.ok(error instanceof CxhookError && error.code === 'CXH_ERR_INVALID_RESPONSE');
      assert.deepEqual(
        (error.details as { path: string }[]).map((issue) => issue.path),
        ['pageInfo.formInfo.parameterInfo.0.displayName'],
      );
      return true;
    });
  });

  test('a reply-builder mistake in a handler surfaces as CXH_ERR_INVALID_RESPONSE naming the mistake', async () => {
    const app = makeApp({ onInvalidResponse: 'throw' });
    app.fallback((ctx) => {
      ctx.reply.transferCall('555-0100');
    });
    await assert.rejects(app.inject(makeRequest()), (error: unknown) => {
      assert.ok(error instanceof CxhookError && error.code === 'CXH_ERR_INVALID_RESPONSE');
      assert.match(error.message, /Invalid reply: transferCall needs an E\.164 number/);
      return true;
    });
  });

  test("a reply-builder mistake with onInvalidResponse: 'fallback' sends the fallback, not HANDLER_FAILED", async () => {
    const app = makeApp({ onInvalidResponse: 'fallback' });
    app.fallback((ctx) => {
      ctx.reply.setParam('x', Number.NaN);
    });
    const { status, body } = await app.inject(makeRequest());
    assert.equal(status, 200);
    assert.equal(body.sessionInfo.parameters.webhook_error, 'CXH_ERR_INVALID_RESPONSE');
  });

  test('a response over 64 KiB makes inject throw CXH_ERR_RESPONSE_TOO_LARGE', async () => {
    const app = makeApp({ onInvalidResponse: 'throw' });
    app.fallback((ctx) => {
      ctx.reply.text('x'.repeat(70_000));
    });
    await assert.rejects(app.inject(makeRequest()), (error: unknown) => {
      assert.ok(error instanceof CxhookError);
      assert.equal(error.code, 'CXH_ERR_RESPONSE_TOO_LARGE');
      assert.match(error.message, /CX accepts at most 65536/);
      return true;
    });
  });

  test("a response over 64 KiB with onInvalidResponse: 'fallback' sends the fallback", async () => {
    const app = makeApp({ onInvalidResponse: 'fallback' });
    app.fallback((ctx) => {
      ctx.reply.text('x'.repeat(70_000));
    });
    const { status, body } = await app.inject(makeRequest());
    assert.equal(status, 200);
    assert.equal(body.sessionInfo.parameters.webhook_error, 'CXH_ERR_RESPONSE_TOO_LARGE');
  });

  test('onInvalidResponse defaults to fallback when NODE_ENV=production and to throw otherwise', () => {
    const previous = process.env.NODE_ENV;
    try {
      process.env.NODE_ENV = 'production';
      assert.equal(makeApp().options.onInvalidResponse, 'fallback');
      process.env.NODE_ENV = 'test';
      assert.equal(makeApp().options.onInvalidResponse, 'throw');
    } finally {
      if (previous === undefined) delete process.env.NODE_ENV;
      else process.env.NODE_ENV = previous;
    }
  });
});

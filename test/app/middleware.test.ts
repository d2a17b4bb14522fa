// Middleware: `(ctx, next)` in the order added, around the handler; a middleware may answer
// without calling next; calling next twice is a bug that fails the call.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { compose } from '../../src/app/compose.ts';
import { WebhookContext } from '../../src/app/context.ts';
import { CxhookError } from '../../src/errors/index.ts';
import { makeApp, makeRequest, memoryLogger } from './helpers.ts';

describe('middleware', () => {
  test('runs in the order added, around the handler (onion order)', async () => {
    const order: string[] = [];
    const app = makeApp();
    app.use(async (_ctx, next) => {
      order.push('a:before');
      await next();
      order.push('a:after');
    });
    app.use(async (_ctx, next) => {
      order.push('b:before');
      await next();
      order.push('b:after');
    });
    app.tag('booking', (ctx) => {
      order.push('handler');
      ctx.reply.text('done');
    });
    await app.inject(makeRequest());
    assert.deepEqual(order, ['a:before', 'b:before', 'handler', 'b:after', 'a:after']);
  });

  test('is called with the request context and a next function', async () => {
    let seen: { ctx: unknown; next: unknown; arity: number } | undefined;
    const app = makeApp();
    app.use(function (this: unknown, ctx, next) {
      seen = { ctx, next, arity: arguments.length };
      return next();
    });
    let handled: unknown;
    app.fallback((ctx) => {
      handled = ctx;
    });
    await app.inject(makeRequest());
    assert.ok(seen);
    assert.ok(seen.ctx instanceof WebhookContext);
    assert.equal(typeof seen.next, 'function');
    assert.equal(seen.arity, 2);
    assert.equal(seen.ctx, handled, 'middleware and handler share one context');
  });

  test('hands values to the handler through ctx.state', async () => {
    const app = makeApp();
    app.use(async (ctx, next) => {
      ctx.state.user = { id: 7 };
      await next();
    });
    app.fallback((ctx) => {
      ctx.reply.text(`user ${(ctx.state.user as { id: number }).id}`);
    });
    const { body } = await app.inject(makeRequest());
    assert.deepEqual(body.fulfillmentResponse.messages[0].text.text, ['user 7']);
  });

  test('a middleware that does not call next answers with its own reply and the handler never runs', async () => {
    let handlerRan = false;
    const app = makeApp();
    app.use((ctx) => {
      ctx.reply.text('blocked by middleware').setParam('blocked', true);
    });
    app.tag('booking', () => {
      handlerRan = true;
    });
    const result = await app.inject(makeRequest());
    assert.equal(result.status, 200);
    assert.equal(handlerRan, false);
    assert.deepEqual(result.body, {
      fulfillmentResponse: { messages: [{ text: { text: ['blocked by middleware'] } }] },
      sessionInfo: { parameters: { blocked: true } },
    });
  });

  test('a middleware can add to the reply after the handler ran', async () => {
    const app = makeApp();
    app.use(async (ctx, next) => {
      await next();
      ctx.reply.setParam('audited', true);
    });
    app.tag('booking', (ctx) => void ctx.reply.text('booked'));
    const { body } = await app.inject(makeRequest());
    assert.deepEqual(body.sessionInfo.parameters, { audited: true });
    assert.deepEqual(body.fulfillmentResponse.messages[0].text.text, ['booked']);
  });

  test('calling next twice fails the call with CXH_ERR_HANDLER_FAILED (fallback answer)', async () => {
    const { logger, lines } = memoryLogger('info');
    let handlerRuns = 0;
    const app = makeApp({ logger });
    app.use(async (_ctx, next) => {
      await next();
      await next();
    });
    app.tag('booking', (ctx) => {
      handlerRuns += 1;
      ctx.reply.text('once');
    });
    const result = await app.inject(makeRequest());
    assert.equal(handlerRuns, 1);
    assert.equal(result.status, 200);
    assert.equal(result.body.sessionInfo.parameters.webhook_error, 'CXH_ERR_HANDLER_FAILED');
    const error = lines.find((line) => line.level === 50);
    assert.match(error?.err?.message ?? '', /next\(\) called more than once/);
  });

  test('a middleware throwing fails the call like a handler would', async () => {
    const app = makeApp({ onError: 'status' });
    app.use(() => {
      throw new Error('auth backend down');
    });
    app.fallback((ctx) => void ctx.reply.text('never'));
    const result = await app.inject(makeRequest());
    assert.equal(result.status, 500);
    assert.equal(result.body.error.code, 'CXH_ERR_HANDLER_FAILED');
  });

  test('middleware cannot be added after the first request', async () => {
    const app = makeApp();
    await app.inject(makeRequest());
    assert.throws(
      () => app.use(async (_ctx, next) => next()),
      (error: unknown) => error instanceof CxhookError && error.code === 'CXH_ERR_INVALID_OPTION',
    );
  });
});

describe('compose', () => {
  test('runs an empty chain without error', async () => {
    await compose<object>([])({});
  });

  test('rejects when next is called twice', async () => {
    const run = compose<object>([async (_ctx, next) => {
      await next();
      await next();
    }]);
    await assert.rejects(run({}), /next\(\) called more than once/);
  });

  test('propagates a rejection from a later middleware to the earlier one', async () => {
    const caught: unknown[] = [];
    const run = compose<object>([
      async (_ctx, next) => {
        try {
          await next();
        } catch (error) {
          caught.push(error);
        }
      },
      () => {
        throw new Error('inner');
      },
    ]);
    await run({});
    assert.equal((caught[0] as Error).message, 'inner');
  });
});

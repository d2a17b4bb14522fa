// Routing: tag first, then intent display name, then page display name, then the fallback; the
// default fallback text when none is registered; duplicate registrations refused.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_FALLBACK_TEXT } from '../../src/app/index.ts';
import { CxhookError } from '../../src/errors/index.ts';
import { makeApp, makeRequest, memoryLogger } from './helpers.ts';

const textOf = (body: any): string[] => body.fulfillmentResponse.messages.map((message: any) => message.text.text[0]);

function fullApp() {
  const app = makeApp();
  app.tag('booking', (ctx) => void ctx.reply.text('tag'));
  app.intent('book.flight', (ctx) => void ctx.reply.text('intent'));
  app.page('Booking Page', (ctx) => void ctx.reply.text('page'));
  app.fallback((ctx) => void ctx.reply.text('fallback'));
  return app;
}

const everything = {
  fulfillmentInfo: { tag: 'booking' },
  intentInfo: { displayName: 'book.flight' },
  pageInfo: { displayName: 'Booking Page' },
};

describe('routing', () => {
  test('a tag handler wins over intent, page and fallback handlers', async () => {
    const { body } = await fullApp().inject(makeRequest(everything));
    assert.deepEqual(textOf(body), ['tag']);
  });

  test('an intent handler is used when no tag handler matches', async () => {
    const { body } = await fullApp().inject(makeRequest({ ...everything, fulfillmentInfo: { tag: 'unknown-tag' } }));
    assert.deepEqual(textOf(body), ['intent']);
  });

  test('a page handler is used when neither tag nor intent match', async () => {
    const { body } = await fullApp().inject(
      makeRequest({ ...everything, fulfillmentInfo: { tag: 'unknown' }, intentInfo: { displayName: 'other.intent' } }),
    );
    assert.deepEqual(textOf(body), ['page']);
  });

  test('a request without tag or intent is routed by its page', async () => {
    const { body } = await fullApp().inject(makeRequest({ fulfillmentInfo: {}, pageInfo: { displayName: 'Booking Page' } }));
    assert.deepEqual(textOf(body), ['page']);
  });

  test('the fallback handler gets what nothing else matches', async () => {
    const { body } = await fullApp().inject(
      makeRequest({ fulfillmentInfo: { tag: 'x' }, intentInfo: { displayName: 'y' }, pageInfo: { displayName: 'z' } }),
    );
    assert.deepEqual(textOf(body), ['fallback']);
  });

  test('keys are matched exactly (case-sensitive)', async () => {
    const { body } = await fullApp().inject(makeRequest({ fulfillmentInfo: { tag: 'Booking' }, pageInfo: { displayName: 'booking page' } }));
    assert.deepEqual(textOf(body), ['fallback']);
  });

  test('without a fallback handler an unrouted call gets the default fallback text and status 200', async () => {
    const app = makeApp();
    app.tag('other', (ctx) => void ctx.reply.text('no'));
    const result = await app.inject(makeRequest());
    assert.equal(result.status, 200);
    assert.deepEqual(textOf(result.body), [DEFAULT_FALLBACK_TEXT]);
    assert.equal(result.body.sessionInfo, undefined, 'an unrouted call is not an error');
  });

  test('the configured fallback text is used for unrouted calls', async () => {
    const app = makeApp({ fallback: { text: 'Say that again?' } });
    const { body } = await app.inject(makeRequest());
    assert.deepEqual(textOf(body), ['Say that again?']);
  });

  test('the route taken is logged as via', async () => {
    const { logger, lines } = memoryLogger('info');
    const app = makeApp({ logger });
    app.intent('book.flight', (ctx) => void ctx.reply.text('intent'));
    await app.inject(makeRequest(everything));
    await app.inject(makeRequest({ fulfillmentInfo: {} }));
    const via = lines.filter((line) => line.msg === 'webhook call').map((line) => line.via);
    assert.deepEqual(via, ['intent:book.flight', 'default-fallback']);
  });

  for (const kind of ['tag', 'intent', 'page'] as const) {
    test(`registering a second ${kind} handler for the same key throws CXH_ERR_DUPLICATE_ROUTE`, () => {
      const app = makeApp();
      app[kind]('same', () => {});
      assert.throws(
        () => app[kind]('same', () => {}),
        (error: unknown) => error instanceof CxhookError && error.code === 'CXH_ERR_DUPLICATE_ROUTE' && error.message.includes(`${kind} "same"`),
      );
    });
  }

  test('the same key under different kinds is not a duplicate', () => {
    const app = makeApp();
    app.tag('same', () => {}).intent('same', () => {}).page('same', () => {});
    assert.deepEqual(app.routes(), { tags: ['same'], intents: ['same'], pages: ['same'], hasFallback: false, declared: [] });
  });

  test('a second fallback throws CXH_ERR_DUPLICATE_ROUTE', () => {
    const app = makeApp();
    app.fallback(() => {});
    assert.throws(() => app.fallback(() => {}), { code: 'CXH_ERR_DUPLICATE_ROUTE' });
  });

  test('a handler that is not a function is refused with CXH_ERR_INVALID_OPTION', () => {
    assert.throws(() => makeApp().tag('x', 'not a function' as never), { code: 'CXH_ERR_INVALID_OPTION' });
  });

  test('routes() lists what is registered, in registration order', () => {
    const app = makeApp();
    app.tag('b', () => {}).tag('a', () => {}).intent('i', () => {}).page('P', () => {});
    assert.deepEqual(app.routes(), { tags: ['b', 'a'], intents: ['i'], pages: ['P'], hasFallback: false, declared: [] });
    app.fallback(() => {});
    assert.equal(app.routes().hasFallback, true);
  });
});

describe('parameter declarations', () => {
  test('routes() keeps each declared route with its reads and writes, named as in logs', () => {
    const app = makeApp();
    app
      .tag('weather', () => {}, { reads: ['location'], writes: ['temperature', 'weather_condition'] })
      .tag('plain', () => {})
      .intent('booking.create', () => {}, { writes: ['confirmation_id'] })
      .page('Confirm', () => {}, { reads: ['order_id'] })
      .fallback(() => {}, {});
    assert.deepEqual(app.routes().declared, [
      { route: 'tag:weather', reads: ['location'], writes: ['temperature', 'weather_condition'] },
      { route: 'intent:booking.create', reads: [], writes: ['confirmation_id'] },
      { route: 'page:Confirm', reads: ['order_id'], writes: [] },
      { route: 'fallback', reads: [], writes: [] },
    ]);
    assert.deepEqual(app.routes().tags, ['weather', 'plain'], 'a declaration does not change what is routed');
  });

  test('a declared handler is still routed to as before', async () => {
    const app = makeApp();
    app.tag('booking', (ctx) => void ctx.reply.text('declared'), { reads: ['date'] });
    const { body } = await app.inject(makeRequest(everything));
    assert.deepEqual(textOf(body), ['declared']);
  });

  test('repeated names are kept once, and changing the returned table does not change the app', () => {
    const app = makeApp();
    app.tag('t', () => {}, { reads: ['a', 'a', 'b'] });
    const table = app.routes();
    assert.deepEqual(table.declared[0]?.reads, ['a', 'b']);
    table.declared[0]?.reads.push('c');
    assert.deepEqual(app.routes().declared[0]?.reads, ['a', 'b']);
  });

  const malformed: [string, unknown][] = [
    ['a string instead of an object', 'location'],
    ['reads that is not a list', { reads: 'location' }],
    ['an empty name', { writes: [''] }],
    ['a name that is not a string', { reads: [42] }],
  ];
  for (const [what, params] of malformed) {
    test(`a declaration with ${what} is refused with CXH_ERR_INVALID_OPTION and registers nothing`, () => {
      const app = makeApp();
      assert.throws(() => app.tag('t', () => {}, params as never), (error: unknown) => error instanceof CxhookError && error.code === 'CXH_ERR_INVALID_OPTION' && error.message.includes('tag:t'));
      assert.deepEqual(app.routes().tags, []);
      assert.deepEqual(app.routes().declared, []);
    });
  }
});

describe('what a handler gives back', () => {
  const returned = { fulfillmentResponse: { messages: [{ text: { text: ['returned'] } }] } };

  for (const [kind, handler] of [
    ['a synchronous handler', () => returned],
    ['an async handler', async () => returned],
    // Not a native promise: a thenable from another promise library is awaited like one.
    ['a handler returning a thenable', () => ({ then: (resolve: (value: unknown) => void) => setTimeout(() => resolve(returned), 5) })],
  ] as const) {
    test(`${kind}: its returned response is sent`, async () => {
      const app = makeApp();
      app.fallback(handler);
      const { status, body } = await app.inject(makeRequest());
      assert.equal(status, 200);
      assert.deepEqual(body, returned);
    });
  }

  test('a synchronous handler that returns its reply builder sends the reply', async () => {
    const app = makeApp();
    app.fallback((ctx) => ctx.reply.text('built'));
    const { body } = await app.inject(makeRequest());
    assert.deepEqual(textOf(body), ['built']);
  });

  test('a thenable that rejects is a failed handler: the fallback with CXH_ERR_HANDLER_FAILED', async () => {
    const app = makeApp();
    app.fallback(() => ({ then: (_resolve: unknown, reject: (error: Error) => void) => reject(new Error('boom')) }));
    const { status, body } = await app.inject(makeRequest());
    assert.equal(status, 200);
    assert.deepEqual(textOf(body), [DEFAULT_FALLBACK_TEXT]);
    assert.equal(body.sessionInfo.parameters.webhook_error, 'CXH_ERR_HANDLER_FAILED');
  });

  test('middleware around a synchronous handler still runs before and after it', async () => {
    const app = makeApp();
    const seen: string[] = [];
    app.use(async (ctx, next) => {
      seen.push('before');
      await next();
      seen.push(`after:${ctx.state.via}`);
    });
    app.fallback((ctx) => {
      seen.push('handler');
      ctx.reply.text('ok');
    });
    const { body } = await app.inject(makeRequest());
    assert.deepEqual(textOf(body), ['ok']);
    assert.deepEqual(seen, ['before', 'handler', 'after:fallback']);
  });
});

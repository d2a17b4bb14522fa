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
    assert.deepEqual(app.routes(), { tags: ['same'], intents: ['same'], pages: ['same'], hasFallback: false });
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
    assert.deepEqual(app.routes(), { tags: ['b', 'a'], intents: ['i'], pages: ['P'], hasFallback: false });
    app.fallback(() => {});
    assert.equal(app.routes().hasFallback, true);
  });
});

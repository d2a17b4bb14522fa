// typed(app) is a view, not a wrapper: the same object, the same routes, and handlers registered
// through it see the real request values under the agent's names.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { typed } from '../../src/index.ts';
import { makeApp, makeRequest } from './helpers.ts';

interface BookingAgent {
  tags: { booking: { pages: readonly ['Flow/Booking Page']; formParams: { date: '@sys.date'; guests: '@sys.number' } } };
  sessionParams: 'date' | 'guests' | 'vip' | 'booking_id';
}

test('typed returns the app it was given, so serving and routes are unchanged', () => {
  const app = makeApp();
  const view = typed<BookingAgent>(app);
  assert.equal(view as unknown, app);
  view.tag('booking', () => undefined).intent('book', () => undefined).fallback(() => undefined);
  assert.deepEqual(app.routes(), { tags: ['booking'], intents: ['book'], pages: [], hasFallback: true, declared: [] });
});

test('a handler registered through the typed view reads parameters and builds the reply of the real call', async () => {
  const app = makeApp();
  let date: unknown;
  typed<BookingAgent>(app).tag('booking', (ctx) => {
    date = ctx.page.form.date?.value;
    ctx.reply.text(`For ${String(ctx.param('guests'))}`).setParam('booking_id', `B-${String(ctx.sessionParams.vip)}`).invalidate('date');
  });
  const { status, body } = await app.inject(
    makeRequest({
      sessionInfo: { session: 'projects/p/locations/global/agents/a/sessions/s', parameters: { guests: 4, vip: true } },
      pageInfo: {
        currentPage: 'projects/p/locations/global/agents/a/flows/f/pages/p',
        displayName: 'Booking Page',
        formInfo: { parameterInfo: [{ displayName: 'date', state: 'FILLED', required: true, value: '2026-12-03' }] },
      },
    }),
  );
  assert.equal(status, 200);
  assert.equal(date, '2026-12-03');
  assert.deepEqual(body.fulfillmentResponse.messages, [{ text: { text: ['For 4'] } }]);
  assert.deepEqual(body.sessionInfo.parameters, { booking_id: 'B-true', date: null });
  assert.deepEqual(body.pageInfo.formInfo.parameterInfo, [{ displayName: 'date', required: true, state: 'INVALID' }]);
});

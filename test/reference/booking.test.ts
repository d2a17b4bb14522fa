// Booking by intent booking.create or tag booking: parsing CX dates and times, refusing what cannot
// be booked, and one booking per webhook call however often CX delivers it.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { BAD_DATE, BAD_TIME, PAST_DATE } from '../../reference/handlers/booking.ts';
import { CONFIRMATION_ID, createBookings, newConfirmationId } from '../../reference/storage/bookings.ts';
import { checkWebhookResponse, parseWebhookRequest, type JsonValue } from '../../src/index.ts';
import { cxRequest, testApp, texts, type RequestSpec } from './helpers.ts';

// "Today" is pinned: 2026-03-10 in UTC (and already 2026-03-11 in UTC+14).
const NOW = new Date('2026-03-10T12:00:00Z');
const FUTURE = { year: 2026, month: 4, day: 2 };
const AT_3PM = { hours: 15, minutes: 0, seconds: 0, nanos: 0 };

describe('booking', () => {
  const { app, database, close } = testApp({ now: () => NOW });
  after(close);
  const rows = () => database.db.prepare('SELECT count(*) FROM bookings').pluck().get() as number;
  const book = async (params: Record<string, JsonValue>, spec: RequestSpec = {}) => {
    const request = cxRequest({ intent: 'booking.create', params, ...spec });
    const response = await app.inject(request);
    assert.equal(response.status, 200);
    const parsed = parseWebhookRequest(request);
    assert.ok(parsed.ok);
    assert.ok(checkWebhookResponse(response.body, parsed.request).ok, 'the response passes the contract check for its request');
    return response.body;
  };

  test('CX date and time objects (numbers as doubles too) are booked and confirmed', async () => {
    const before = rows();
    const body = await book({ service: 'haircut', date: { year: 2026.0, month: 4.0, day: 2.0 }, time: AT_3PM });
    const id = body.sessionInfo.parameters.confirmation_id;
    assert.match(id, CONFIRMATION_ID);
    assert.deepEqual(texts(body), [`Great! I've booked your haircut appointment for Thursday, April 2, 2026 at 3:00 PM. Your confirmation number is ${id}.`]);
    assert.deepEqual(body.sessionInfo.parameters, {
      confirmation_id: id,
      booking_status: 'confirmed',
      appointment_service: 'haircut',
      appointment_date: '2026-04-02',
      appointment_time: '15:00',
    });
    assert.equal(rows(), before + 1);
  });

  test('ISO strings and clock times are accepted too', async () => {
    const body = await book({ service: 'massage', date: '2026-03-10', time: '9:30 am' });
    assert.equal(body.sessionInfo.parameters.appointment_date, '2026-03-10', 'today is not in the past');
    assert.equal(body.sessionInfo.parameters.appointment_time, '09:30');
    const dateTime = await book({ service: 'massage', date: '2026-05-01T10:00:00Z', time: '10:00:00' });
    assert.equal(dateTime.sessionInfo.parameters.appointment_date, '2026-05-01');
  });

  test('a past date that is a form parameter is marked INVALID with a reprompt, and nothing is booked', async () => {
    const before = rows();
    const past = { year: 2026, month: 3, day: 9 };
    const body = await book({ service: 'haircut', date: past, time: AT_3PM }, { form: { service: 'haircut', date: past, time: AT_3PM } });
    assert.deepEqual(body.pageInfo.formInfo.parameterInfo, [{ displayName: 'date', required: true, state: 'INVALID' }]);
    assert.deepEqual(body.sessionInfo.parameters, { date: null });
    assert.deepEqual(texts(body), [PAST_DATE]);
    assert.equal(rows(), before);
  });

  test('a past date outside a form is re-asked in text and dropped from the session', async () => {
    const body = await book({ service: 'haircut', date: '2020-01-01', time: '15:00' });
    assert.equal(body.pageInfo, undefined);
    assert.deepEqual(body.sessionInfo.parameters, { date: null });
    assert.deepEqual(texts(body), [PAST_DATE]);
  });

  test('an unparseable time or date is refused with its own reprompt', async () => {
    const badTime = await book({ service: 'haircut', date: FUTURE, time: 'teatime' }, { form: { service: 'haircut', date: FUTURE, time: 'teatime' } });
    assert.deepEqual(badTime.pageInfo.formInfo.parameterInfo, [{ displayName: 'time', required: true, state: 'INVALID' }]);
    assert.deepEqual(texts(badTime), [BAD_TIME]);
    const outOfRange = await book({ service: 'haircut', date: FUTURE, time: { hours: 25, minutes: 0 } });
    assert.deepEqual(texts(outOfRange), [BAD_TIME]);
    const badDate = await book({ service: 'haircut', date: '2026-02-30', time: AT_3PM });
    assert.deepEqual(texts(badDate), [BAD_DATE]);
    assert.deepEqual(badDate.sessionInfo.parameters, { date: null });
  });

  test('missing details are asked for, naming each one', async () => {
    const body = await book({ service: 'haircut' });
    assert.deepEqual(texts(body), ['I need more information to book your appointment. Please provide: date, time.']);
    const none = await book({});
    assert.deepEqual(texts(none), ['I need more information to book your appointment. Please provide: service type, date, time.']);
  });

  test('the same webhook call delivered twice returns the original booking and stores one row', async () => {
    const before = rows();
    const spec = { detectIntentResponseId: 'retry-1', session: 'session-retry' };
    const first = await book({ service: 'haircut', date: FUTURE, time: AT_3PM }, spec);
    const second = await book({ service: 'haircut', date: FUTURE, time: AT_3PM }, spec);
    assert.equal(second.sessionInfo.parameters.confirmation_id, first.sessionInfo.parameters.confirmation_id);
    assert.deepEqual(texts(second), texts(first));
    assert.equal(rows(), before + 1);
  });

  test('different webhook calls make different bookings, even in the same session', async () => {
    const before = rows();
    const a = await book({ service: 'haircut', date: FUTURE, time: AT_3PM }, { detectIntentResponseId: 'call-a', session: 's-1' });
    const b = await book({ service: 'haircut', date: FUTURE, time: AT_3PM }, { detectIntentResponseId: 'call-b', session: 's-1' });
    const c = await book({ service: 'haircut', date: FUTURE, time: AT_3PM }, { detectIntentResponseId: 'call-a', session: 's-2' });
    const ids = new Set([a, b, c].map((body) => body.sessionInfo.parameters.confirmation_id));
    assert.equal(ids.size, 3);
    assert.equal(rows(), before + 3);
  });

  test('the tag booking reaches the same handler as the intent', async () => {
    const body = (await app.inject(cxRequest({ tag: 'booking', sessionParams: { service: 'nails', date: '2026-06-01', time: '11:00' } }))).body;
    assert.equal(body.sessionInfo.parameters.booking_status, 'confirmed');
    assert.equal(body.sessionInfo.parameters.appointment_service, 'nails');
  });
});

test('"today" follows TIME_ZONE: a date that is today in UTC is already past in UTC+14', async (t) => {
  const kiritimati = testApp({ now: () => NOW }, { TIME_ZONE: 'Pacific/Kiritimati' });
  t.after(kiritimati.close);
  const { body } = await kiritimati.app.inject(cxRequest({ intent: 'booking.create', params: { service: 'haircut', date: '2026-03-10', time: '15:00' } }));
  assert.deepEqual(texts(body), [PAST_DATE]);
});

describe('confirmation ids', () => {
  test('are BK- and ten base32 characters, and do not repeat', () => {
    const ids = Array.from({ length: 2000 }, newConfirmationId);
    for (const id of ids) assert.match(id, CONFIRMATION_ID);
    assert.equal(new Set(ids).size, ids.length);
  });

  test('a clash with an existing id is retried with a fresh one', (t) => {
    const { database, close } = testApp();
    t.after(close);
    const queue = ['BK-AAAAAAAAAA', 'BK-AAAAAAAAAA', 'BK-BBBBBBBBBB'];
    const store = createBookings(database.db, () => queue.shift() as string);
    const request = { session: 's', service: 'haircut', date: '2026-04-02', time: '15:00' };
    assert.equal(store.create({ ...request, detectIntentResponseId: 'one' }).booking.confirmationId, 'BK-AAAAAAAAAA');
    assert.equal(store.create({ ...request, detectIntentResponseId: 'two' }).booking.confirmationId, 'BK-BBBBBBBBBB');
  });

  test('a call without a detectIntentResponseId is booked, without deduplication', (t) => {
    const { database, close } = testApp();
    t.after(close);
    const store = createBookings(database.db);
    const request = { session: 's', detectIntentResponseId: undefined, service: 'haircut', date: '2026-04-02', time: '15:00' };
    const first = store.create(request);
    const second = store.create(request);
    assert.ok(first.created && second.created);
    assert.notEqual(first.booking.confirmationId, second.booking.confirmationId);
  });
});

// Booking by intent booking.create or tag booking: parsing CX dates and times, refusing what cannot
// be booked, one booking per webhook call however often CX delivers it, and the answers for a slot
// someone else holds, a refusal, and a booking system that is down.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { BAD_DATE, BAD_TIME, BOOKING_UNAVAILABLE, PAST_DATE } from '../../reference/handlers/booking.ts';
import { BookingUnavailableError, type BookingSystem } from '../../reference/services/bookings/booking-system.ts';
import { CONFIRMATION_ID, databaseBookings, newConfirmationId } from '../../reference/storage/bookings.ts';
import { checkWebhookResponse, parseWebhookRequest, type JsonValue } from '../../src/index.ts';
import { ENGINES } from './engines.ts';
import { cxRequest, memoryLogger, openTestApp, texts, type RequestSpec } from './helpers.ts';

// "Today" is pinned: 2026-03-10 in UTC (and already 2026-03-11 in UTC+14).
const NOW = new Date('2026-03-10T12:00:00Z');
const FUTURE = { year: 2026, month: 4, day: 2 };
const AT_3PM = { hours: 15, minutes: 0, seconds: 0, nanos: 0 };

describe('booking', async () => {
  const { app, database, close } = await openTestApp({ now: () => NOW });
  after(close);
  const rows = () => databaseBookings(database.db).count();
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
    const before = await rows();
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
    assert.equal(await rows(), before + 1);
  });

  test('ISO strings and clock times are accepted too', async () => {
    const body = await book({ service: 'massage', date: '2026-03-10', time: '9:30 am' });
    assert.equal(body.sessionInfo.parameters.appointment_date, '2026-03-10', 'today is not in the past');
    assert.equal(body.sessionInfo.parameters.appointment_time, '09:30');
    const dateTime = await book({ service: 'massage', date: '2026-05-01T10:00:00Z', time: '10:00:00' });
    assert.equal(dateTime.sessionInfo.parameters.appointment_date, '2026-05-01');
  });

  test('a past date that is a form parameter is marked INVALID with a reprompt, and nothing is booked', async () => {
    const before = await rows();
    const past = { year: 2026, month: 3, day: 9 };
    const body = await book({ service: 'haircut', date: past, time: AT_3PM }, { form: { service: 'haircut', date: past, time: AT_3PM } });
    assert.deepEqual(body.pageInfo.formInfo.parameterInfo, [{ displayName: 'date', required: true, state: 'INVALID' }]);
    assert.deepEqual(body.sessionInfo.parameters, { date: null });
    assert.deepEqual(texts(body), [PAST_DATE]);
    assert.equal(await rows(), before);
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
    const before = await rows();
    const spec = { detectIntentResponseId: 'retry-1', session: 'session-retry' };
    const first = await book({ service: 'haircut', date: FUTURE, time: '12:00' }, spec);
    const second = await book({ service: 'haircut', date: FUTURE, time: '12:00' }, spec);
    assert.equal(second.sessionInfo.parameters.confirmation_id, first.sessionInfo.parameters.confirmation_id);
    assert.deepEqual(texts(second), texts(first));
    assert.equal(await rows(), before + 1);
  });

  test('different webhook calls make different bookings, even in the same session', async () => {
    const before = await rows();
    const a = await book({ service: 'haircut', date: FUTURE, time: '10:00' }, { detectIntentResponseId: 'call-a', session: 's-1' });
    const b = await book({ service: 'haircut', date: FUTURE, time: '10:30' }, { detectIntentResponseId: 'call-b', session: 's-1' });
    const c = await book({ service: 'haircut', date: FUTURE, time: '11:00' }, { detectIntentResponseId: 'call-a', session: 's-2' });
    const ids = new Set([a, b, c].map((body) => body.sessionInfo.parameters.confirmation_id));
    assert.equal(ids.size, 3);
    assert.equal(await rows(), before + 3);
  });

  test('the tag booking reaches the same handler as the intent', async () => {
    const body = (await app.inject(cxRequest({ tag: 'booking', sessionParams: { service: 'nails', date: '2026-06-01', time: '11:00' } }))).body;
    assert.equal(body.sessionInfo.parameters.booking_status, 'confirmed');
    assert.equal(body.sessionInfo.parameters.appointment_service, 'nails');
  });
});

test('"today" follows TIME_ZONE: a date that is today in UTC is already past in UTC+14', async (t) => {
  const kiritimati = await openTestApp({ now: () => NOW }, { TIME_ZONE: 'Pacific/Kiritimati' });
  t.after(kiritimati.close);
  const { body } = await kiritimati.app.inject(cxRequest({ intent: 'booking.create', params: { service: 'haircut', date: '2026-03-10', time: '15:00' } }));
  assert.deepEqual(texts(body), [PAST_DATE]);
});

const SLOT = { service: 'haircut', date: '2026-04-02', time: '16:00' };

for (const engine of ENGINES) {
  describe(`a slot already taken, on ${engine.engine}`, { skip: engine.skip }, async () => {
    test('is refused with the form parameter time marked INVALID and a reprompt naming the next free slots', async (t) => {
      const { app, close } = await openTestApp({ now: () => NOW }, {}, engine);
      t.after(close);
      const first = await app.inject(cxRequest({ intent: 'booking.create', params: SLOT, form: SLOT, session: 'first-caller' }));
      assert.equal(first.body.sessionInfo.parameters.booking_status, 'confirmed');
      const second = await app.inject(cxRequest({ intent: 'booking.create', params: SLOT, form: SLOT, session: 'second-caller' }));
      assert.equal(second.status, 200);
      assert.deepEqual(second.body.pageInfo.formInfo.parameterInfo, [{ displayName: 'time', required: true, state: 'INVALID' }]);
      assert.deepEqual(second.body.sessionInfo.parameters, { time: null });
      assert.deepEqual(texts(second.body), [
        'Sorry, that slot was just taken; I can offer Thursday, April 2, 2026 at 4:30 PM, Friday, April 3, 2026 at 9:00 AM or Friday, April 3, 2026 at 9:30 AM. Which time would you like?',
      ]);
    });
  });
}

describe('booking outcomes other than confirmed', () => {
  const withSystem = async (bookings: BookingSystem) => {
    const { logger, output } = memoryLogger('info');
    const made = await openTestApp({ now: () => NOW, bookings, logger });
    return { ...made, logs: output };
  };

  test('a rejection is told to the caller with its reason', async (t) => {
    const { app, close } = await withSystem({ book: async () => ({ status: 'rejected', reason: 'We are closed on public holidays. What other date would you like?' }) });
    t.after(close);
    const { body } = await app.inject(cxRequest({ intent: 'booking.create', params: SLOT }));
    assert.deepEqual(texts(body), ['We are closed on public holidays. What other date would you like?']);
    assert.equal(body.sessionInfo.parameters.booking_status, 'rejected');
  });

  test('a time off the grid is rejected by the database store with when appointments start', async (t) => {
    const { app, close } = await openTestApp({ now: () => NOW });
    t.after(close);
    const { body } = await app.inject(cxRequest({ intent: 'booking.create', params: { ...SLOT, time: '16:10' } }));
    assert.deepEqual(texts(body), ['Appointments start every 30 minutes from 09:00 to 17:00. Which of those times would you like?']);
  });

  test('a booking system that is down gets an apology and a log line with kind and status, without personal data', async (t) => {
    const { app, close, logs } = await withSystem({
      book: async () => {
        throw new BookingUnavailableError('status', 'booking API answered 503', 503);
      },
    });
    t.after(close);
    const response = await app.inject(cxRequest({ intent: 'booking.create', params: SLOT, }));
    assert.equal(response.status, 200);
    assert.deepEqual(texts(response.body), [BOOKING_UNAVAILABLE]);
    const line = logs().split('\n').map((text) => (text ? JSON.parse(text) : {})).find((entry) => entry.msg === 'booking system unavailable');
    assert.ok(line, logs());
    assert.equal(line.kind, 'status');
    assert.equal(line.status, 503);
    // The request logger binds the session id; the handler adds no booking details of its own.
    for (const detail of ['haircut', '2026-04-02', '16:00']) assert.ok(!JSON.stringify(line).includes(detail), JSON.stringify(line));
  });

  test('the deadline signal reaches the booking system', async (t) => {
    let seen: AbortSignal | undefined;
    const { app, close } = await withSystem({
      book: async (_request, options) => {
        seen = options?.signal;
        return { status: 'rejected', reason: 'no' };
      },
    });
    t.after(close);
    await app.inject(cxRequest({ intent: 'booking.create', params: SLOT }));
    assert.ok(seen instanceof AbortSignal);
  });
});

test('confirmation ids are BK- and ten base32 characters, and do not repeat', () => {
  const ids = Array.from({ length: 2000 }, newConfirmationId);
  for (const id of ids) assert.match(id, CONFIRMATION_ID);
  assert.equal(new Set(ids).size, ids.length);
});

test('with BOOKING_API_URL set, bookings go to the scheduling API with its key, and none to the database', async (t) => {
  const { fakeUpstream } = await import('../outbound/fake-upstream.ts');
  const api = await fakeUpstream((_request, response) => {
    response.writeHead(201, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ confirmation_id: 'API-77' }));
  });
  t.after(() => api.close());
  const { app, database, close } = await openTestApp({ now: () => NOW }, { BOOKING_API_URL: `${api.origin}/bookings`, BOOKING_API_KEY: 'bk-test-key' });
  t.after(close);
  const { body } = await app.inject(cxRequest({ intent: 'booking.create', params: { service: 'haircut', date: FUTURE, time: AT_3PM }, detectIntentResponseId: 'call-1' }));
  assert.equal((body as { sessionInfo?: { parameters?: Record<string, unknown> } }).sessionInfo?.parameters?.confirmation_id, 'API-77');
  assert.equal(api.seen.length, 1);
  assert.equal(api.seen[0]?.method, 'POST');
  assert.equal(api.seen[0]?.headers.authorization, 'Bearer bk-test-key');
  assert.deepEqual(JSON.parse(api.seen[0]?.body ?? '{}'), { service: 'haircut', date: '2026-04-02', time: '15:00', session: 'test-session' });
  assert.equal(await databaseBookings(database.db).count(), 0, 'nothing was booked in the database');
});

// The scheduling-API booking client against a fake API on 127.0.0.1: the wire format, every answer
// (201, replay, 409, 4xx with and without a message, 401, 5xx, garbage, silence, refusal), retries
// only under an idempotency key, the breaker, and one log line per failure without key or personal data.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createLogger, createWebhook, DEFAULT_FALLBACK_TEXT } from '../../src/index.ts';
import { loadConfig } from '../../reference/config.ts';
import {
  BookingUnavailableError,
  bookingApiFromConfig,
  httpBookingSystem,
  idempotencyKey,
  MAX_REASON_LENGTH,
  type BookingRequest,
  type BookingSystem,
  type HttpBookingOptions,
} from '../../reference/services/bookings/index.ts';
import { answer, answerLater, closedPort, deadlineIn, fakeUpstream, type FakeUpstream, type SeenRequest } from '../outbound/fake-upstream.ts';
import { cxRequest, memoryLogger, texts } from './helpers.ts';

const API_KEY = 'bk-live-19f0c2aa';
const SESSION = 'session-8c1e';
const NOW = new Date('2031-03-01T09:00:00.000Z');

/**
 * A scheduling API: the service asked for picks the behaviour. Bookings are kept by idempotency key,
 * so a repeat answers 200 with the first booking, as a real idempotent API would.
 */
async function fakeSchedulingApi(): Promise<FakeUpstream & { booked: Map<string, string> }> {
  const booked = new Map<string, string>();
  let flaky = 0;
  const api = await fakeUpstream((request: SeenRequest, response, _n, done) => {
    if (request.headers.authorization !== `Bearer ${API_KEY}`) return answer(response, 401, { error: 'invalid API key' });
    const { service } = JSON.parse(request.body) as { service: string };
    const key = request.headers['idempotency-key'];
    const book = () => {
      const known = typeof key === 'string' ? booked.get(key) : undefined;
      if (known) {
        response.setHeader('idempotent-replayed', 'true');
        return answer(response, 200, { confirmation_id: known });
      }
      const id = `BK-${booked.size + 1}`;
      booked.set(typeof key === 'string' ? key : `no-key-${booked.size}`, id);
      return answer(response, 201, { confirmation_id: id, created_at: '2031-03-01T08:59:59.000Z' });
    };
    switch (service) {
      case 'haircut':
        return book();
      case 'taken':
        return answer(response, 409, {
          error: 'slot taken',
          alternatives: [
            { date: '2031-03-14', time: '16:00' },
            { date: 'tomorrow', time: '10:00' },
            { service: 'haircut (long)', date: '2031-03-15', time: '09:30:00' },
            'nonsense',
          ],
        });
      case 'taken-bare':
        return answer(response, 409, '');
      case 'unknown':
        return answer(response, 422, { error: "Service 'unknown' is not offered." });
      case 'chatty':
        return answer(response, 400, { error: { message: `Closed\u0000 on\n\tSundays.\u202E ${'and more '.repeat(60)}` } });
      case 'mute':
        return answer(response, 400, '');
      case 'boom':
        return answer(response, 500, { error: 'database down' });
      case 'garbage':
        return answer(response, 200, '<html>Bad gateway</html>');
      case 'no-id':
        return answer(response, 201, { ok: true, confirmation_id: 'has spaces and <b>' });
      case 'slow':
        return answerLater(response, done, 10_000, 201, { confirmation_id: 'late' });
      case 'commit-then-fail':
        // Books, then loses the answer once: the retry must get the same booking, not a second one.
        flaky += 1;
        if (flaky === 1 && typeof key === 'string') {
          booked.set(key, `BK-${booked.size + 1}`);
          return answer(response, 503, { error: 'answer lost' });
        }
        return book();
      default:
        return answer(response, 404, {});
    }
  });
  return Object.assign(api, { booked });
}

/** A booking request; `null` for a call without a detectIntentResponseId. */
const request = (service: string, detectIntentResponseId: string | null = `dir-${service}-${Math.random().toString(36).slice(2)}`): BookingRequest => ({
  service,
  date: '2031-03-14',
  time: '15:00:00',
  session: SESSION,
  detectIntentResponseId: detectIntentResponseId ?? undefined,
});

async function unavailable(promise: Promise<unknown>, kind: BookingUnavailableError['kind']): Promise<BookingUnavailableError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof BookingUnavailableError, `expected BookingUnavailableError, got ${error}`);
    assert.equal(error.kind, kind, error.message);
    assert.ok(!error.message.includes(API_KEY), 'the key leaked into the error');
    return error;
  }
  assert.fail(`expected a ${kind} failure`);
}

describe('http booking system', async () => {
  const api = await fakeSchedulingApi();
  after(() => api.close());
  const url = `${api.origin}/api/appointments`;
  const { logger, output } = memoryLogger('info');
  // No breaker unless a test is about it: failures in one test must not open the circuit for the next.
  const client = (options: Partial<HttpBookingOptions> = {}): BookingSystem =>
    httpBookingSystem({ url, apiKey: API_KEY, timeoutMs: 1000, retry: { initialDelayMs: 1, maxDelayMs: 5 }, breaker: false, log: logger, now: () => NOW, ...options });
  const bookings = client();
  const sent = (service: string) => api.seen.filter((seen) => JSON.parse(seen.body).service === service);

  test('a 201 answer is a confirmed, newly created booking for the slot asked for', async () => {
    const outcome = await bookings.book(request('haircut', 'dir-1'));
    assert.equal(outcome.status, 'confirmed');
    assert.ok(outcome.status === 'confirmed');
    assert.equal(outcome.created, true);
    assert.deepEqual(outcome.booking, { confirmationId: outcome.booking.confirmationId, service: 'haircut', date: '2031-03-14', time: '15:00:00', session: SESSION, createdAt: '2031-03-01T08:59:59.000Z' });
    assert.match(outcome.booking.confirmationId, /^BK-\d+$/);
  });

  test('the POST carries the bearer key, JSON {service,date,time,session} and an idempotency key from session and call id', async () => {
    await bookings.book(request('haircut', 'dir-2'));
    const last = api.seen.at(-1)!;
    assert.equal(last.method, 'POST');
    assert.equal(last.url, '/api/appointments');
    assert.equal(last.headers.authorization, `Bearer ${API_KEY}`);
    assert.equal(last.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(last.body), { service: 'haircut', date: '2031-03-14', time: '15:00:00', session: SESSION });
    assert.equal(last.headers['idempotency-key'], idempotencyKey(SESSION, 'dir-2'));
    assert.ok(!last.body.includes(API_KEY));
  });

  test('the idempotency key is the same for the same call and differs between calls', () => {
    assert.equal(idempotencyKey('s', 'd1'), idempotencyKey('s', 'd1'));
    assert.notEqual(idempotencyKey('s', 'd1'), idempotencyKey('s', 'd2'));
    assert.notEqual(idempotencyKey('s1', 'd'), idempotencyKey('s2', 'd'));
    assert.match(idempotencyKey('s', 'd'), /^[A-Za-z0-9_-]{43}$/);
  });

  test('the same webhook call delivered twice returns the first booking, marked as not created', async () => {
    const first = await bookings.book(request('haircut', 'dir-repeat'));
    const second = await bookings.book(request('haircut', 'dir-repeat'));
    assert.ok(first.status === 'confirmed' && second.status === 'confirmed');
    assert.equal(second.booking.confirmationId, first.booking.confirmationId);
    assert.equal(second.created, false);
  });

  test('an answer lost after the API booked is retried under the same key and yields that one booking', async () => {
    const before = api.booked.size;
    const outcome = await bookings.book(request('commit-then-fail', 'dir-lost'));
    assert.ok(outcome.status === 'confirmed');
    assert.equal(api.booked.size, before + 1, 'booked exactly once');
    assert.equal(sent('commit-then-fail').length, 2);
  });

  test('409 is slot-taken with the well-formed alternatives of the answer', async () => {
    assert.deepEqual(await bookings.book(request('taken')), {
      status: 'slot-taken',
      alternatives: [
        { service: 'taken', date: '2031-03-14', time: '16:00' },
        { service: 'haircut (long)', date: '2031-03-15', time: '09:30:00' },
      ],
    });
    assert.deepEqual(await bookings.book(request('taken-bare')), { status: 'slot-taken', alternatives: [] });
  });

  test('a 4xx with an error message is a refusal carrying that message', async () => {
    assert.deepEqual(await bookings.book(request('unknown')), { status: 'rejected', reason: "Service 'unknown' is not offered." });
    assert.equal(sent('unknown').length, 1, 'a refusal is not retried');
  });

  test('a refusal message is cleaned of control characters and bounded', async () => {
    const outcome = await bookings.book(request('chatty'));
    assert.ok(outcome.status === 'rejected');
    assert.ok(outcome.reason.startsWith('Closed on Sundays. and more'), outcome.reason);
    assert.ok(outcome.reason.length <= MAX_REASON_LENGTH);
    assert.doesNotMatch(outcome.reason, /[\p{Cc}\p{Cf}]/u);
  });

  test('a 4xx without a message is a refusal with a plain reason', async () => {
    assert.deepEqual(await bookings.book(request('mute')), { status: 'rejected', reason: 'The booking system refused the request (HTTP 400).' });
  });

  test('a refused API key (401) is unavailability, not a refusal to read out', async () => {
    const error = await unavailable(client({ apiKey: 'wrong-key' }).book(request('haircut')), 'status');
    assert.equal(error.status, 401);
  });

  test('a 5xx is unavailable with its status, after retries under the idempotency key', async () => {
    const error = await unavailable(bookings.book(request('boom')), 'status');
    assert.equal(error.status, 500);
    assert.equal(sent('boom').length, 3);
  });

  test('without a call id the POST cannot be recognised when repeated, so it is sent once', async () => {
    const before = sent('boom').length;
    await unavailable(bookings.book(request('boom', null)), 'status');
    assert.equal(sent('boom').length - before, 1);
    assert.equal(api.seen.at(-1)!.headers['idempotency-key'], undefined);
  });

  test('malformed JSON and an answer without a usable confirmation id are bad responses', async () => {
    await unavailable(bookings.book(request('garbage')), 'bad-response');
    await unavailable(bookings.book(request('no-id')), 'bad-response');
  });

  test('an API slower than the timeout is a timeout', async () => {
    await unavailable(client({ timeoutMs: 100, retry: false }).book(request('slow')), 'timeout');
  });

  test('the handler\'s deadline bounds the call even with a long timeout', async () => {
    const before = sent('slow').length;
    const error = await unavailable(client({ timeoutMs: 5000, reserveMs: 50 }).book(request('slow'), deadlineIn(300)), 'timeout');
    assert.equal(sent('slow').length - before, 1, 'no time was left for a retry');
    assert.match(error.message, /no answer within \d+ ms/);
  });

  test('a refused connection is a network failure', async () => {
    const gone = client({ url: `http://127.0.0.1:${await closedPort()}/api/appointments` });
    await unavailable(gone.book(request('haircut')), 'network');
  });

  test('after repeated failures the circuit opens and bookings fail fast without calling the API', async () => {
    const guarded = client({ retry: false, breaker: { consecutiveFailures: 2, halfOpenAfterMs: 60_000 } });
    await unavailable(guarded.book(request('boom')), 'status');
    await unavailable(guarded.book(request('boom')), 'status');
    const before = api.seen.length;
    await unavailable(guarded.book(request('haircut')), 'circuit-open');
    assert.equal(api.seen.length, before);
  });

  test('each failure is logged once, as structured fields, without the key, the session or the request', async () => {
    const { logger: own, output: ownOutput } = memoryLogger('info');
    const logged = client({ log: own, retry: false });
    await unavailable(logged.book(request('boom')), 'status');
    await logged.book(request('unknown'));
    const lines = ownOutput().trim().split('\n').map((line) => JSON.parse(line));
    assert.equal(lines.length, 2);
    assert.deepEqual([lines[0].msg, lines[0].upstream, lines[0].kind, lines[0].status, lines[0].attempts], ['booking system unavailable', 'bookings', 'status', 500, 1]);
    assert.deepEqual([lines[1].msg, lines[1].outcome, lines[1].status], ['booking refused by the booking system', 'rejected', 422]);
    const text = ownOutput() + output();
    for (const secret of [API_KEY, SESSION, 'not offered', '2031-03-14']) assert.ok(!text.includes(secret), `${secret} was logged`);
  });
});

describe('a handler booking through the client', () => {
  const SORRY = "I can't reach the booking system right now. Please try again in a few minutes.";

  // A started server has loaded undici and cockatiel long before its first turn; a test that
  // makes its client just before the call must not spend the turn's deadline loading them.
  before(() => Promise.all([import('undici'), import('cockatiel')]));

  test('answers the booking, then its own apology before the webhook deadline when the API hangs, given ctx as the deadline', async (t) => {
    const api = await fakeSchedulingApi();
    t.after(() => api.close());
    // The client's timeout is far beyond the deadline: only ctx.remainingMs() can stop it in time.
    const bookings = httpBookingSystem({ url: `${api.origin}/api/appointments`, apiKey: API_KEY, timeoutMs: 20_000 });
    const app = createWebhook({ deadlineMs: 700, logger: createLogger({ level: 'silent' }) }).tag('booking', async (ctx) => {
      const slot = { service: String(ctx.param('service')), date: '2031-03-14', time: '15:00:00' };
      try {
        const outcome = await bookings.book({ ...slot, session: ctx.session.id ?? '', detectIntentResponseId: ctx.request.detectIntentResponseId }, ctx);
        ctx.reply.text(`Booked: ${outcome.status}`);
      } catch (error) {
        if (!(error instanceof BookingUnavailableError)) throw error;
        ctx.reply.text(SORRY);
      }
    });
    const booked = await app.inject(cxRequest({ tag: 'booking', params: { service: 'haircut' } }));
    assert.deepEqual(texts(booked.body), ['Booked: confirmed']);
    const { body } = await app.inject(cxRequest({ tag: 'booking', params: { service: 'slow' } }));
    assert.deepEqual(texts(body), [SORRY]);
    assert.notEqual(texts(body)[0], DEFAULT_FALLBACK_TEXT);
    assert.equal(api.seen.length, 2);
  });
});

describe('booking API configuration', () => {
  test('without BOOKING_API_URL there is no external booking system', () => {
    assert.equal(loadConfig({}).bookingApi, undefined);
    assert.equal(bookingApiFromConfig(loadConfig({}).bookingApi), undefined);
    // Its timeout is only held against the deadline when it is used.
    assert.equal(loadConfig({ DEADLINE_MS: '800', WEATHER_TIMEOUT_MS: '500' }).bookingApi, undefined);
  });

  test('the configured client books against the URL with the key', async (t) => {
    const api = await fakeSchedulingApi();
    t.after(() => api.close());
    const config = loadConfig({ BOOKING_API_URL: `${api.origin}/api/appointments`, BOOKING_API_KEY: API_KEY, BOOKING_API_TIMEOUT_MS: '1500' });
    assert.deepEqual(config.bookingApi, { url: `${api.origin}/api/appointments`, apiKey: API_KEY, timeoutMs: 1500 });
    const outcome = await bookingApiFromConfig(config.bookingApi)!.book(request('haircut'));
    assert.equal(outcome.status, 'confirmed');
  });
});

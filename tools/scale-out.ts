// `npm run scale-out`: two replicas of the reference webhook share one PostgreSQL and one Redis, as
// they would behind a load balancer. Concurrent bookings and weather turns are spread over both; then:
//   doubled      slots held by more than one booking (must be 0)
//   idempotency  a webhook call delivered to both replicas answered with two different confirmations (0)
//   upstream     weather API calls per location asked on both replicas at once (must be 1 each)
// Last line: `scale-out: replicas=2 bookings=<n> confirmed=<n> slot_taken=<n> doubled=<n>
// idempotency_mismatches=<n> locations=<n> upstream_calls=<n>`; exit 1 when a check fails.
//
//   SCALE_OUT_DATABASE_URL  PostgreSQL to use (default postgres://postgres@127.0.0.1:5432/test); a fresh schema is made and dropped
//   SCALE_OUT_REDIS_URL     Redis to use (default redis://127.0.0.1:6379)
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { DEFAULT_POSTGRES_URL, freshSchema, postgresStatement } from './support/postgres.ts';
import { startReference, type ReferenceProcess } from './support/reference-process.ts';

const POSTGRES_URL = process.env.SCALE_OUT_DATABASE_URL ?? DEFAULT_POSTGRES_URL;
const REDIS_URL = process.env.SCALE_OUT_REDIS_URL ?? 'redis://127.0.0.1:6379';
const AGENT = 'projects/scale-out/locations/global/agents/scale-out';
const run = randomBytes(3).toString('hex');

const log = (line: string) => process.stderr.write(`scale-out: ${line}\n`);

type Replica = ReferenceProcess;

/** A weatherapi.com-shaped API on 127.0.0.1 that counts calls per location and answers slowly, so turns overlap. */
async function fakeWeatherApi(): Promise<{ url: string; calls: Map<string, number>; close: () => Promise<void> }> {
  const calls = new Map<string, number>();
  const server = http.createServer((req, res) => {
    const place = new URL(req.url ?? '/', 'http://x').searchParams.get('q') ?? '';
    calls.set(place.toLowerCase(), (calls.get(place.toLowerCase()) ?? 0) + 1);
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ location: { name: place }, current: { temp_c: 21, condition: { text: 'Sunny' } } }));
    }, 150);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/v1/current.json`, calls, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

function turn(body: Record<string, unknown>, session: string, callId: string): string {
  return JSON.stringify({ detectIntentResponseId: callId, sessionInfo: { session: `${AGENT}/sessions/${session}`, parameters: {} }, languageCode: 'en', ...body });
}

function bookingTurn(session: string, callId: string, slot: { service: string; date: string; time: string }): string {
  const parameters = Object.fromEntries(Object.entries(slot).map(([name, value]) => [name, { originalValue: value, resolvedValue: value }]));
  return turn({ intentInfo: { lastMatchedIntent: `${AGENT}/intents/booking`, displayName: 'booking.create', parameters, confidence: 1 }, fulfillmentInfo: { tag: 'booking' } }, session, callId);
}

function weatherTurn(session: string, location: string): string {
  return turn({ fulfillmentInfo: { tag: 'weather' }, sessionInfo: { session: `${AGENT}/sessions/${session}`, parameters: { location } } }, session, `w-${session}`);
}

interface Answer {
  status: number;
  params: Record<string, unknown>;
  text: string;
}

async function post(url: string, body: string): Promise<Answer> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body, signal: AbortSignal.timeout(10_000) });
  const json = (await response.json()) as { sessionInfo?: { parameters?: Record<string, unknown> }; fulfillmentResponse?: { messages?: { text?: { text?: string[] } }[] } };
  return { status: response.status, params: json.sessionInfo?.parameters ?? {}, text: (json.fulfillmentResponse?.messages ?? []).flatMap((m) => m.text?.text ?? []).join(' ') };
}

async function main(): Promise<number> {
  const fresh = await freshSchema(POSTGRES_URL, 'cxhook_scale');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cxhook-scale-out-'));
  const api = await fakeWeatherApi();
  const replicas: Replica[] = [];
  try {
    const env = {
      DATABASE_URL: fresh.url,
      REDIS_URL,
      DATA_DIR: dataDir,
      WEATHER_PROVIDER: 'http',
      WEATHER_API_URL: api.url,
      WEATHER_API_KEY: 'scale-out-test-key',
    };
    // Started together: both run the migrations at once, which must not break either.
    replicas.push(...(await Promise.all([startReference(env), startReference(env)])));
    log(`replicas at ${replicas.map((replica) => replica.url).join(' and ')}`);
    const replica = (index: number) => (replicas[index % replicas.length] as Replica).url;

    // Bookings: 12 slots, each wanted by 4 callers spread over both replicas, and each caller's call
    // delivered once more to the other replica (a CX retry landing elsewhere).
    const slots = Array.from({ length: 12 }, (_, index) => ({ service: ['haircut', 'massage'][index % 2] as string, date: `2031-08-${String(10 + Math.floor(index / 4)).padStart(2, '0')}`, time: ['09:00', '10:30', '14:00', '16:30'][index % 4] as string }));
    const calls = slots.flatMap((slot, slotIndex) => Array.from({ length: 4 }, (_, caller) => ({ slot, session: `s-${run}-${slotIndex}-${caller}`, callId: `c-${run}-${slotIndex}-${caller}` })));
    const deliveries = calls.flatMap((call, index) => [
      { call, target: index },
      { call, target: index + 1 },
    ]);
    const answers = await Promise.all(deliveries.map(({ call, target }) => post(replica(target), bookingTurn(call.session, call.callId, call.slot)).then((answer) => ({ call, answer }))));

    // Weather: each location asked by 6 turns at once, 3 on each replica.
    const locations = Array.from({ length: 5 }, (_, index) => `Scaleville-${run}-${index}`);
    const weather = await Promise.all(locations.flatMap((location, index) => Array.from({ length: 6 }, (_, turnIndex) => post(replica(turnIndex), weatherTurn(`w-${run}-${index}-${turnIndex}`, location)))));

    // Checks.
    const failures: string[] = [];
    const byCall = new Map<string, Set<string>>();
    let confirmed = 0;
    let slotTaken = 0;
    for (const { call, answer } of answers) {
      if (answer.status !== 200) failures.push(`booking answered HTTP ${answer.status}`);
      const id = answer.params.confirmation_id;
      if (answer.params.booking_status === 'confirmed' && typeof id === 'string') {
        confirmed++;
        const seen = byCall.get(call.callId) ?? new Set<string>();
        seen.add(id);
        byCall.set(call.callId, seen);
      } else if (/just taken/.test(answer.text)) {
        slotTaken++;
      } else {
        failures.push(`unexpected booking answer: ${answer.text.slice(0, 120)}`);
      }
    }
    const mismatches = [...byCall.values()].filter((ids) => ids.size > 1).length;
    const rows = await postgresStatement(POSTGRES_URL, `SELECT service, date, time, count(*)::int AS n FROM ${fresh.schema}.bookings GROUP BY service, date, time`);
    const doubled = rows.rows.filter((row: { n: number }) => row.n > 1).length;
    const booked = rows.rows.length;
    if (booked !== slots.length) failures.push(`${booked} of ${slots.length} slots booked`);
    if (doubled > 0) failures.push(`${doubled} slots booked twice`);
    if (mismatches > 0) failures.push(`${mismatches} calls answered with two confirmations`);
    for (const answer of weather) if (answer.status !== 200 || !/sunny/i.test(answer.text)) failures.push(`weather answer: ${answer.status} ${answer.text.slice(0, 120)}`);
    const upstream = locations.reduce((sum, location) => sum + (api.calls.get(location.toLowerCase()) ?? 0), 0);
    if (upstream !== locations.length) failures.push(`${upstream} weather API calls for ${locations.length} locations (the cache is not shared)`);

    for (const failure of failures.slice(0, 10)) log(`FAILED: ${failure}`);
    process.stdout.write(
      `scale-out: replicas=${replicas.length} bookings=${deliveries.length} confirmed=${confirmed} slot_taken=${slotTaken} doubled=${doubled} ` +
        `idempotency_mismatches=${mismatches} locations=${locations.length} upstream_calls=${upstream}\n`,
    );
    return failures.length === 0 ? 0 : 1;
  } finally {
    for (const replica of replicas) replica.child.kill('SIGTERM');
    await Promise.all(replicas.map((replica) => replica.exited));
    await api.close();
    await forgetCachedWeather().catch((error: unknown) => log(`could not remove this run's cache entries: ${error instanceof Error ? error.message : String(error)}`));
    rmSync(dataDir, { recursive: true, force: true });
    await fresh.drop();
  }
}

/** Removes the weather answers this run cached in Redis (they would otherwise live out their 30 min TTL). */
async function forgetCachedWeather(): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1, connectTimeout: 2000 });
  redis.on('error', () => undefined);
  try {
    await redis.connect();
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, found] = await redis.scan(cursor, 'MATCH', `*scaleville-${run}-*`, 'COUNT', 1000);
      cursor = next;
      keys.push(...found);
    } while (cursor !== '0');
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    log(`error: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);

// The storage half of `npm run bench`: the reference webhook's database-query request (reads: a
// balance) and booking request (writes: every request books another slot), on SQLite and on
// PostgreSQL, each beside the bare node:http ceiling fed the same bodies in the same run.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { DEFAULT_POSTGRES_URL, freshSchema, postgresReachable } from '../tools/support/postgres.ts';
import { loadTest, sanityCheck, waitForFirst200, type LoadResult, type LoadSettings, type NextBody } from './measure.ts';
import type { ServerProcess } from './proc.ts';
import { sharedFixture } from '../tools/support/shared-fixtures.ts';
import { slotTimes } from '../reference/storage/slots.ts';

export type StorageKind = 'reads' | 'writes';
export type StorageServer = 'bare' | 'sqlite' | 'postgres';
export const STORAGE_KINDS: readonly StorageKind[] = ['reads', 'writes'];

const FIXTURES = sharedFixture('bench/');
const POSTGRES_URL = process.env.BENCH_DATABASE_URL ?? DEFAULT_POSTGRES_URL;
const SESSION = 'projects/bench/locations/global/agents/bench/sessions/bench-session';

/** The seed's database query: a demo customer's balance (tag `database-query`). */
export function readBody(): string {
  return JSON.stringify({
    detectIntentResponseId: 'bench-read',
    fulfillmentInfo: { tag: 'database-query' },
    sessionInfo: { session: SESSION, parameters: { user_id: 'u-1001', query_type: 'account_balance' } },
    pageInfo: { currentPage: 'projects/bench/locations/global/agents/bench/flows/f/pages/balance', displayName: 'Balance' },
    text: 'what is my balance',
    languageCode: 'en',
  });
}

/** Slots handed out so far in this bench run: every round goes on from where the last one stopped (PostgreSQL keeps its bookings across rounds). */
let slotsHandedOut = 0;

/**
 * Booking requests (`booking.json`), each for a slot nobody has asked for yet and with its own
 * call id, so every one is a real insert: each slot of a day (the reference's grid), then the next
 * day, from 2032.
 */
export function bookingBodies(): { first: string; next: NextBody } {
  const template = JSON.parse(readFileSync(new URL('booking.json', FIXTURES), 'utf8')) as {
    detectIntentResponseId: string;
    intentInfo: { parameters: Record<string, { originalValue: string; resolvedValue: unknown }> };
    sessionInfo: { parameters: Record<string, unknown> };
  };
  const run = randomBytes(3).toString('hex');
  const slots = slotTimes();
  const next = () => {
    const index = slotsHandedOut++;
    const day = new Date(Date.UTC(2032, 0, 1 + Math.floor(index / slots.length)));
    const [hours, minutes] = (slots[index % slots.length] as string).split(':').map(Number) as [number, number];
    const date = { year: day.getUTCFullYear(), month: day.getUTCMonth() + 1, day: day.getUTCDate() };
    const time = { hours, minutes, seconds: 0, nanos: 0 };
    template.detectIntentResponseId = `bench-${run}-${index}`;
    template.intentInfo.parameters.date = { originalValue: `${date.year}-${date.month}-${date.day}`, resolvedValue: date };
    template.intentInfo.parameters.time = { originalValue: `${time.hours}:${time.minutes}`, resolvedValue: time };
    template.sessionInfo.parameters.date = date;
    template.sessionInfo.parameters.time = time;
    return JSON.stringify(template);
  };
  return { first: next(), next };
}

/** A fresh schema for one run on PostgreSQL, or why PostgreSQL is left out. */
export async function postgresSchema(): Promise<{ env: Record<string, string>; drop: () => Promise<void> } | { skip: string }> {
  if (!(await postgresReachable(POSTGRES_URL))) return { skip: `PostgreSQL at ${new URL(POSTGRES_URL).host} did not answer; set BENCH_DATABASE_URL` };
  const fresh = await freshSchema(POSTGRES_URL, 'cxhook_bench');
  return { env: { DATABASE_URL: fresh.url }, drop: fresh.drop };
}

/**
 * Loads one server with one kind of request. The sanity call must come back 200 with the answer the
 * kind expects (a balance, a confirmation), so a run that only measured refusals cannot pass.
 */
export async function loadStorage(server: ServerProcess, startedAt: number, kind: StorageKind, isBare: boolean, settings: LoadSettings): Promise<LoadResult> {
  const bodies = kind === 'reads' ? { first: readBody(), next: undefined } : bookingBodies();
  await waitForFirst200(server, Buffer.from(readBody()), startedAt);
  await sanityCheck(server, `${kind} request`, Buffer.from(bodies.first));
  if (!isBare) {
    const probe = kind === 'reads' ? readBody() : (bodies.next?.() ?? '');
    const answer = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: probe }).then((response) => response.text());
    const expected = kind === 'reads' ? /\$1,250\.75/ : /"confirmation_id"/;
    if (!expected.test(answer)) throw new Error(`${server.label} answered the ${kind} request without ${expected}: ${answer.slice(0, 300)}`);
  }
  return loadTest(server, Buffer.from(bodies.first), settings, bodies.next);
}

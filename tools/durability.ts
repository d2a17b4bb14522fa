// `npm run durability`: bookings are never lost and never doubled, even when the server is killed.
// Per engine (SQLite always; PostgreSQL when it answers, required with CXHOOK_REQUIRE_POSTGRES=1) it
// starts the reference server as a child process on a free 127.0.0.1 port with a fresh data dir or
// schema, sends a burst of concurrent bookings (distinct slots, deliberate duplicates of a slot from
// other callers, and repeats of the same webhook call), SIGKILLs the server mid-burst, restarts it
// on the same data, retries every call that got no answer, and then checks from the database:
//   missing  confirmations that reached a client but are not in the database (or not as confirmed)
//   doubled  slots held by more than one confirmation, plus calls answered with two different ids
// Last line per engine: `durability: engine=<name> confirmed=<n> missing=<n> doubled=<n>`; exit 1
// when missing or doubled is not zero, or anything else went wrong.
//
//   DURABILITY_REQUESTS     calls in the burst (default 300)
//   DURABILITY_CONCURRENCY  calls in flight at once (default 16)
//   DURABILITY_DATABASE_URL PostgreSQL to use (default postgres://postgres@127.0.0.1:5432/test)
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { openDatabase, type Engine } from '../reference/storage/database.ts';
import { slotTimes } from '../reference/storage/slots.ts';
import { DEFAULT_POSTGRES_URL, freshSchema, postgresReachable } from './support/postgres.ts';
import { startReference } from './support/reference-process.ts';

const AGENT = 'projects/durability/locations/global/agents/durability';
const POSTGRES_URL = process.env.DURABILITY_DATABASE_URL ?? DEFAULT_POSTGRES_URL;
const REQUIRE_POSTGRES = process.env.CXHOOK_REQUIRE_POSTGRES === '1';

function envCount(name: string, fallback: number): number {
  const text = process.env[name]?.trim();
  if (!text) return fallback;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new Error(`${name} must be a whole number above 0, got "${text}"`);
  return Number(text);
}

const log = (line: string) => process.stdout.write(`${line}\n`);

interface Call {
  session: string;
  callId: string;
  service: string;
  date: string;
  time: string;
}

/** The burst: about 60% distinct slots, 20% other callers wanting a slot already asked for, 20% repeats of a call. */
function plan(count: number): Call[] {
  const slots = ['haircut', 'massage', 'nails'].flatMap((service) =>
    Array.from({ length: 28 }, (_, day) => `2031-07-${String(day + 1).padStart(2, '0')}`).flatMap((date) => slotTimes().map((time) => ({ service, date, time }))),
  );
  const calls: Call[] = [];
  for (let index = 0; index < count; index++) {
    const roll = index < 5 ? 0 : (index * 7919) % 10;
    const earlier = calls[(index * 104729) % Math.max(calls.length, 1)];
    if (roll >= 8 && earlier) calls.push({ ...earlier }); // the same webhook call, delivered again
    else if (roll >= 6 && earlier) calls.push({ ...earlier, session: `s-${index}`, callId: `dir-${index}` }); // someone else, same slot
    else calls.push({ ...(slots[(index * 37) % slots.length] as (typeof slots)[number]), session: `s-${index}`, callId: `dir-${index}` });
  }
  return calls;
}

function cxBody(call: Call): string {
  const parameters = {
    service: { originalValue: call.service, resolvedValue: call.service },
    date: { originalValue: call.date, resolvedValue: call.date },
    time: { originalValue: call.time, resolvedValue: call.time },
  };
  return JSON.stringify({
    detectIntentResponseId: call.callId,
    intentInfo: { lastMatchedIntent: `${AGENT}/intents/booking`, displayName: 'booking.create', parameters, confidence: 1 },
    sessionInfo: { session: `${AGENT}/sessions/${call.session}`, parameters: {} },
    fulfillmentInfo: {},
    languageCode: 'en',
  });
}

interface EngineRun {
  engine: Engine;
  env: Record<string, string>;
  open: { dataDir?: string; databaseUrl?: string };
  cleanup: () => Promise<void>;
}

async function prepare(engine: Engine): Promise<EngineRun> {
  if (engine === 'sqlite') {
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cxhook-durability-'));
    return { engine, env: { DATA_DIR: dataDir }, open: { dataDir }, cleanup: async () => rmSync(dataDir, { recursive: true, force: true }) };
  }
  const fresh = await freshSchema(POSTGRES_URL, 'cxhook_durability');
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cxhook-durability-'));
  return {
    engine,
    env: { DATABASE_URL: fresh.url, DATA_DIR: dataDir },
    open: { databaseUrl: fresh.url },
    cleanup: async () => {
      rmSync(dataDir, { recursive: true, force: true });
      await fresh.drop();
    },
  };
}

interface Answer {
  status: 'confirmed' | 'slot-taken' | 'other';
  confirmationId?: string;
}

async function runEngine(run: EngineRun, requests: number, concurrency: number): Promise<boolean> {
  const calls = plan(requests);
  const repeats = calls.length - new Set(calls.map((call) => `${call.session} ${call.callId}`)).size;
  const killAt = Math.floor(requests * 0.4);
  let server = await startReference(run.env);
  let restarting: Promise<void> | undefined;
  let answered = 0;
  let failedAtKill = 0;
  let unexpected = 0;
  let slotTaken = 0;

  const killAndRestart = () => {
    restarting = (async () => {
      server.child.kill('SIGKILL');
      await server.exited;
      server = await startReference(run.env);
      restarting = undefined;
    })();
  };

  async function send(call: Call): Promise<Answer> {
    for (let attempt = 1; ; attempt++) {
      if (restarting) await restarting;
      const current = server;
      try {
        const response = await fetch(current.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: cxBody(call), signal: AbortSignal.timeout(10_000) });
        const body = (await response.json()) as { sessionInfo?: { parameters?: Record<string, unknown> }; pageInfo?: unknown; fulfillmentResponse?: { messages?: { text?: { text?: string[] } }[] } };
        if (response.status !== 200) return { status: 'other' };
        const params = body.sessionInfo?.parameters ?? {};
        if (params.booking_status === 'confirmed') return { status: 'confirmed', confirmationId: String(params.confirmation_id) };
        const text = (body.fulfillmentResponse?.messages ?? []).flatMap((message) => message.text?.text ?? []).join(' ');
        return /just taken/.test(text) ? { status: 'slot-taken' } : { status: 'other' };
      } catch (error) {
        // No answer: the server died under this call. Its booking may or may not be committed;
        // the retry (same session and call id) must find out which without booking twice.
        if (attempt === 1 && current.child.killed) failedAtKill++;
        if (attempt > 20) throw new Error(`no answer after ${attempt} attempts: ${(error as Error).message}`);
        if (!restarting) await sleep(100);
      }
    }
  }

  const confirmedBy = new Map<string, Set<string>>(); // call key → confirmation ids it was given
  const confirmations = new Map<string, Call>(); // confirmation id → the call it answered
  let next = 0;
  const worker = async () => {
    while (next < calls.length) {
      const call = calls[next++] as Call;
      const answer = await send(call);
      answered++;
      if (answered === killAt && !restarting) killAndRestart();
      if (answer.status === 'other') unexpected++;
      if (answer.status === 'slot-taken') slotTaken++;
      if (answer.status !== 'confirmed' || !answer.confirmationId) continue;
      const key = `${call.session} ${call.callId}`;
      confirmedBy.set(key, (confirmedBy.get(key) ?? new Set()).add(answer.confirmationId));
      confirmations.set(answer.confirmationId, call);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  if (restarting) await restarting;
  server.child.kill('SIGTERM');
  await server.exited;

  const database = await openDatabase({ ...run.open, migrate: false, seed: false });
  let rows;
  try {
    rows = await database.db.selectFrom('bookings').select(['confirmation_id', 'service', 'date', 'time']).execute();
  } finally {
    await database.close();
  }
  const stored = new Map(rows.map((row) => [row.confirmation_id, row]));
  let missing = 0;
  for (const [id, call] of confirmations) {
    const row = stored.get(id);
    if (!row || row.date !== call.date || row.time !== call.time || row.service !== call.service) missing++;
  }
  const holders = new Map<string, Set<string>>();
  for (const [id, call] of confirmations) holders.set(`${call.service} ${call.date} ${call.time}`, (holders.get(`${call.service} ${call.date} ${call.time}`) ?? new Set()).add(id));
  for (const row of rows) holders.set(`${row.service} ${row.date} ${row.time}`, (holders.get(`${row.service} ${row.date} ${row.time}`) ?? new Set()).add(row.confirmation_id));
  const doubled = [...holders.values()].filter((ids) => ids.size > 1).length + [...confirmedBy.values()].filter((ids) => ids.size > 1).length;

  log(`durability: ${run.engine}: ${calls.length} calls, ${concurrency} in flight, SIGKILL after ${killAt} answers, ${failedAtKill} calls cut off by it and retried, ${slotTaken} slot-taken answers, ${repeats} repeated calls, ${rows.length} rows stored, ${unexpected} unexpected answers`);
  log(`durability: engine=${run.engine} confirmed=${confirmations.size} missing=${missing} doubled=${doubled}`);
  return missing === 0 && doubled === 0 && unexpected === 0 && confirmations.size > 0;
}

async function main(): Promise<number> {
  const requests = envCount('DURABILITY_REQUESTS', 300);
  const concurrency = envCount('DURABILITY_CONCURRENCY', 16);
  const engines: Engine[] = ['sqlite'];
  if (await postgresReachable(POSTGRES_URL)) engines.push('postgres');
  else if (REQUIRE_POSTGRES) {
    process.stderr.write(`durability: CXHOOK_REQUIRE_POSTGRES=1 but PostgreSQL does not answer at ${new URL(POSTGRES_URL).host}\n`);
    return 1;
  } else {
    process.stderr.write(`durability: PostgreSQL does not answer at ${new URL(POSTGRES_URL).host}: skipped (start it, or set DURABILITY_DATABASE_URL, to include it)\n`);
  }
  let ok = true;
  for (const engine of engines) {
    const run = await prepare(engine);
    try {
      ok = (await runEngine(run, requests, concurrency)) && ok;
    } finally {
      await run.cleanup();
    }
  }
  return ok ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`durability: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);

// Appointment bookings in the reference database, as a BookingSystem. The database's UNIQUE
// constraints decide every race, so the guarantees hold across processes and replicas:
// - one booking per slot (service, date, time): a second request gets `slot-taken` and alternatives;
// - one booking per webhook call (session, detectIntentResponseId): CX's retry gets the first back.
// Each booking is one autocommitted INSERT: once `confirmed` is returned, the row is committed.
import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import {
  BookingUnavailableError,
  type Booking,
  type BookingOutcome,
  type BookingRequest,
  type BookingSystem,
  type Slot,
} from '../services/bookings/booking-system.ts';
import type { Database } from './schema.ts';
import { addDays, DEFAULT_SLOT_GRID, describeGrid, onGrid, slotTimes, type SlotGrid } from './slots.ts';

// RFC 4648 base32: no 0/1/8/9, so an id read over the phone is not confused with O/I/B/g.
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const CONFIRMATION_ID = /^BK-[A-Z2-7]{10}$/;
const ID_ATTEMPTS = 5;

/**
 * `BK-` and 10 random base32 characters (50 bits): not guessable from another booking's id.
 * @example newConfirmationId() // 'BK-Q7MZK2D4XA'
 */
export function newConfirmationId(): string {
  let id = 'BK-';
  for (let index = 0; index < 10; index++) id += BASE32[randomInt(BASE32.length)];
  return id;
}

/** "Haircut " and "haircut" are the same service's slots. */
export const serviceKey = (service: string) => service.trim().replace(/\s+/g, ' ').toLowerCase();

export interface DatabaseBookingsOptions {
  /** Confirmation ids (default newConfirmationId), for tests of the clash retry. */
  makeId?: () => string;
  grid?: SlotGrid;
  /** How many free slots a `slot-taken` answer offers (default 3). */
  alternatives?: number;
  /** How many days past the requested one are searched for them (default 14). */
  searchDays?: number;
}

export interface DatabaseBookings extends BookingSystem {
  byConfirmationId(confirmationId: string): Promise<Booking | undefined>;
  count(): Promise<number>;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The reference database as a BookingSystem (SQLite or PostgreSQL alike).
 * @example const outcome = await databaseBookings(database.db).book({ session, detectIntentResponseId, service: 'haircut', date: '2026-04-02', time: '15:00' });
 */
export function databaseBookings(db: Kysely<Database>, options: DatabaseBookingsOptions = {}): DatabaseBookings {
  const makeId = options.makeId ?? newConfirmationId;
  const grid = options.grid ?? DEFAULT_SLOT_GRID;
  const wanted = options.alternatives ?? 3;
  const searchDays = options.searchDays ?? 14;

  const columns = ['confirmation_id as confirmationId', 'session', 'service', 'date', 'time', 'created_at as createdAt'] as const;
  const byCall = (session: string, callId: string) =>
    db.selectFrom('bookings').select(columns).where('session', '=', session).where('detect_intent_response_id', '=', callId).executeTakeFirst();
  const slotHeld = async (slot: Slot) =>
    (await db.selectFrom('bookings').select('id').where('service', '=', slot.service).where('date', '=', slot.date).where('time', '=', slot.time).executeTakeFirst()) !== undefined;

  /** The next free slots of the service after the one asked for, nearest first. */
  async function alternatives(slot: Slot): Promise<Slot[]> {
    const last = addDays(slot.date, searchDays);
    const taken = await db.selectFrom('bookings').select(['date', 'time'])
      .where('service', '=', slot.service).where('date', '>=', slot.date).where('date', '<=', last)
      .execute();
    const held = new Set(taken.map((row) => `${row.date} ${row.time}`));
    const free: Slot[] = [];
    for (let day = 0; day <= searchDays && free.length < wanted; day++) {
      const date = addDays(slot.date, day);
      for (const time of slotTimes(grid)) {
        if (day === 0 && time <= slot.time) continue;
        if (held.has(`${date} ${time}`)) continue;
        free.push({ service: slot.service, date, time });
        if (free.length === wanted) break;
      }
    }
    return free;
  }

  async function book(request: BookingRequest, signal?: AbortSignal): Promise<BookingOutcome> {
    const service = serviceKey(request.service);
    const time = onGrid(request.time, grid);
    if (!service) return { status: 'rejected', reason: 'Which service would you like to book?' };
    if (!DATE.test(request.date) || Number.isNaN(Date.parse(`${request.date}T00:00:00Z`))) {
      return { status: 'rejected', reason: "I couldn't use that date. What date would you like?" };
    }
    if (!time) return { status: 'rejected', reason: `Appointments start ${describeGrid(grid)}. Which of those times would you like?` };
    const slot: Slot = { service, date: request.date, time };
    const callId = request.detectIntentResponseId;
    // No lookup first: the INSERT is refused for a repeated call anyway, and the reads below tell
    // which constraint refused it; a first delivery (the common case) costs one statement.
    for (let attempt = 0; attempt < ID_ATTEMPTS; attempt++) {
      // Past the deadline nobody hears the confirmation: better not to book at all.
      if (signal?.aborted) throw new BookingUnavailableError('aborted', 'the request was cancelled before the booking was made');
      const booking = await db.insertInto('bookings')
        .values({
          confirmation_id: makeId(),
          session: request.session,
          detect_intent_response_id: callId ?? null,
          ...slot,
          created_at: new Date().toISOString(),
        })
        // Whichever UNIQUE constraint refused the row, the reads below say which one it was.
        .onConflict((conflict) => conflict.doNothing())
        .returning(columns)
        .executeTakeFirst();
      if (booking) return { status: 'confirmed', booking, created: true };
      if (callId !== undefined) {
        // This call was booked already: CX delivered it again (maybe while the first was in flight).
        const earlier = await byCall(request.session, callId);
        if (earlier) return { status: 'confirmed', booking: earlier, created: false };
      }
      if (await slotHeld(slot)) return { status: 'slot-taken', alternatives: await alternatives(slot) };
      // Otherwise the random confirmation id clashed with an existing one: draw another.
    }
    throw new Error(`could not find a free confirmation id in ${ID_ATTEMPTS} attempts`);
  }

  return {
    async book(request, options) {
      try {
        return await book(request, options?.signal);
      } catch (error) {
        if (error instanceof BookingUnavailableError) throw error;
        // The database is down, locked or refused: the handler apologises the same way as for an
        // external booking API that is down.
        const code = (error as { code?: unknown }).code;
        const kind = code === 'SQLITE_BUSY' || code === '57014' ? 'timeout' : 'network';
        throw Object.assign(new BookingUnavailableError(kind, `the booking database failed: ${(error as Error).message}`), { cause: error });
      }
    },
    byConfirmationId: (confirmationId) => db.selectFrom('bookings').select(columns).where('confirmation_id', '=', confirmationId).executeTakeFirst(),
    count: async () => Number((await db.selectFrom('bookings').select((eb) => eb.fn.countAll().as('count')).executeTakeFirstOrThrow()).count),
  };
}

// Appointment bookings. CX may deliver the same webhook call twice (a retry after a timeout), so a
// booking is keyed by (session, detectIntentResponseId) and a repeat returns the first booking.
import { randomInt } from 'node:crypto';
import type { SqliteDatabase } from './database.ts';

export interface BookingRequest {
  session: string;
  /** The webhook call's id; undefined turns deduplication off for this call. */
  detectIntentResponseId: string | undefined;
  service: string;
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM[:SS] */
  time: string;
}

export interface Booking {
  confirmationId: string;
  session: string;
  service: string;
  date: string;
  time: string;
  createdAt: string;
}

export interface BookingResult {
  booking: Booking;
  /** False when this call was a repeat and the original booking was returned. */
  created: boolean;
}

export interface Bookings {
  create(request: BookingRequest): BookingResult;
  byConfirmationId(confirmationId: string): Booking | undefined;
  count(): number;
}

// RFC 4648 base32: no 0/1/8/9, so an id read over the phone is not confused with O/I/B/g.
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
export const CONFIRMATION_ID = /^BK-[A-Z2-7]{10}$/;

/** `BK-` and 10 random base32 characters (50 bits): not guessable from another booking's id. */
export function newConfirmationId(): string {
  let id = 'BK-';
  for (let index = 0; index < 10; index++) id += BASE32[randomInt(BASE32.length)];
  return id;
}

const COLUMNS = 'confirmation_id AS confirmationId, session, service, date, time, created_at AS createdAt';

/** Bookings over the reference database. */
export function createBookings(db: SqliteDatabase, makeId: () => string = newConfirmationId): Bookings {
  const insert = db.prepare(
    `INSERT INTO bookings (confirmation_id, session, detect_intent_response_id, service, date, time, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const byCall = db.prepare<[string, string], Booking>(`SELECT ${COLUMNS} FROM bookings WHERE session = ? AND detect_intent_response_id = ?`);
  const byId = db.prepare<[string], Booking>(`SELECT ${COLUMNS} FROM bookings WHERE confirmation_id = ?`);
  const count = db.prepare('SELECT count(*) FROM bookings').pluck();

  const create = db.transaction((request: BookingRequest): BookingResult => {
    const { session, detectIntentResponseId: callId } = request;
    const existing = callId === undefined ? undefined : byCall.get(session, callId);
    if (existing) return { booking: existing, created: false };
    for (let attempt = 0; attempt < 5; attempt++) {
      const confirmationId = makeId();
      if (byId.get(confirmationId)) continue; // 50 random bits: a clash is rare, but not impossible
      insert.run(confirmationId, session, callId ?? null, request.service, request.date, request.time, new Date().toISOString());
      return { booking: byId.get(confirmationId) as Booking, created: true };
    }
    throw new Error('could not find a free confirmation id in 5 attempts');
  });

  return {
    // IMMEDIATE: the check for an earlier booking and the insert happen under one write lock.
    create: (request) => create.immediate(request),
    byConfirmationId: (confirmationId) => byId.get(confirmationId),
    count: () => count.get() as number,
  };
}

// What the booking handler needs from wherever appointments live: the reference database (SQLite or
// PostgreSQL) or an external scheduling API. Both engines implement this one interface.
import type { UpstreamFailure } from 'cxhook/outbound';

export interface Slot {
  service: string;
  /** YYYY-MM-DD */
  date: string;
  /** HH:MM[:SS] */
  time: string;
}

export interface BookingRequest extends Slot {
  session: string;
  /** The webhook call's id; a repeat of the same (session, id) returns the first booking. */
  detectIntentResponseId: string | undefined;
}

export interface Booking extends Slot {
  /** Unguessable: never sequential. */
  confirmationId: string;
  session: string;
  createdAt: string;
}

export type BookingOutcome =
  /** `created` is false when this call repeated an earlier one and its booking was returned. */
  | { status: 'confirmed'; booking: Booking; created: boolean }
  /** Someone else holds the slot; `alternatives` are the next free slots for the same service. */
  | { status: 'slot-taken'; alternatives: Slot[] }
  /** The booking system refused the request with a reason meant for the caller (HTTP 4xx). */
  | { status: 'rejected'; reason: string };

/** Thrown when the booking system could not answer (down, slow, garbage): nothing was booked that we know of. */
export class BookingUnavailableError extends Error {
  override readonly name = 'BookingUnavailableError';
  constructor(
    readonly kind: UpstreamFailure,
    message: string,
    readonly status?: number,
  ) {
    super(message);
  }
}

export interface BookingSystem {
  /**
   * `options` is the handler's deadline: pass `ctx` itself. `remainingMs` lets an external API fit
   * its attempts and retries into the time left; the signal abandons the call at the deadline.
   */
  book(request: BookingRequest, options?: { signal?: AbortSignal; remainingMs?(): number }): Promise<BookingOutcome>;
}

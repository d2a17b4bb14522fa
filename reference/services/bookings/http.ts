// The booking system as an external scheduling API (the seed's book_appointment): one JSON POST per
// booking with a bearer key. The Idempotency-Key, derived from the session and the webhook call's
// id, is what makes the POST safe to retry: the API answers a repeat with the first booking.
import { createHash } from 'node:crypto';
import { upstream, UpstreamError, type UpstreamOptions, type UpstreamResponse } from 'cxhook/outbound';
import { BookingUnavailableError, type BookingOutcome, type BookingRequest, type BookingSystem, type Slot } from './booking-system.ts';

export interface HttpBookingOptions extends Pick<UpstreamOptions, 'retry' | 'breaker' | 'reserveMs' | 'dispatcher'> {
  /** The endpoint that takes the POST, e.g. https://booking.example.com/api/appointments */
  url: string;
  /** Sent as `Authorization: Bearer …`; never logged. */
  apiKey: string;
  /** Longest single attempt; each is also cut at the time left before the webhook's deadline. */
  timeoutMs: number;
  /** One line per failed booking: kind, status, attempts; never the key or what the caller said. */
  log?: { warn(fields: object, message: string): void; info(fields: object, message: string): void };
  /** For `createdAt` when the API does not say; tests pin it. */
  now?: () => Date;
}

/** What a refusal may say to the caller at most (it is read out by the agent). */
export const MAX_REASON_LENGTH = 200;
const MAX_ALTERNATIVES = 5;
// Confirmation ids are spoken and stored in session parameters: short and plain only.
const CONFIRMATION_ID = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIME = /^\d{2}:\d{2}(:\d{2})?$/;
const NO_LOG = { warn() {}, info() {} };

/**
 * A BookingSystem that books through an external scheduling API (wire format: docs/outbound.md).
 * @example httpBookingSystem({ url: 'https://booking.example.com/api/appointments', apiKey, timeoutMs: 2000, log: logger })
 */
export function httpBookingSystem(options: HttpBookingOptions): BookingSystem {
  const { url, apiKey, log = NO_LOG, now = () => new Date(), ...policy } = options;
  const api = upstream({ name: 'bookings', ...policy, secrets: [apiKey], log });
  return {
    async book(request, deadline) {
      let answered: { status: number; outcome: BookingOutcome };
      try {
        answered = await api.call(
          {
            url,
            method: 'POST',
            headers: { authorization: `Bearer ${apiKey}`, accept: 'application/json' },
            json: { service: request.service, date: request.date, time: request.time, session: request.session },
            // Without the call's id a repeat cannot be recognised, so the POST is sent once only.
            idempotencyKey: request.detectIntentResponseId === undefined ? undefined : idempotencyKey(request.session, request.detectIntentResponseId),
            deadline,
          },
          (response) => ({ status: response.status, outcome: readOutcome(response, request, now) }),
        );
      } catch (error) {
        if (!(error instanceof UpstreamError)) throw error;
        log.warn({ upstream: 'bookings', kind: error.kind, status: error.upstreamStatus, attempts: error.attempts, reason: error.reason }, 'booking system unavailable');
        throw new BookingUnavailableError(error.kind, error.reason, error.upstreamStatus);
      }
      const { status, outcome } = answered;
      // The refusal's text came from the API and may quote the caller: log that it happened, not what it says.
      if (outcome.status !== 'confirmed') log.info({ upstream: 'bookings', outcome: outcome.status, status }, 'booking refused by the booking system');
      return outcome;
    },
  };
}

/**
 * The same key for the same webhook call on every replica and every retry; a hash, so neither the
 * session nor the call id travels in a header.
 * @example idempotencyKey('session-1', 'dir-42') // 43 base64url characters
 */
export function idempotencyKey(session: string, detectIntentResponseId: string): string {
  return createHash('sha256').update(`${session}\n${detectIntentResponseId}`).digest('base64url');
}

function readOutcome(response: UpstreamResponse, request: BookingRequest, now: () => Date): BookingOutcome {
  const { status } = response;
  if (status === 200 || status === 201) {
    const body = response.json();
    const confirmationId = isRecord(body) ? body.confirmation_id : undefined;
    if (typeof confirmationId !== 'string' || !CONFIRMATION_ID.test(confirmationId)) {
      throw response.fail('bad-response', 'the booking answer lacks a usable confirmation_id', status);
    }
    const createdAt = isRecord(body) && typeof body.created_at === 'string' && !Number.isNaN(Date.parse(body.created_at)) ? body.created_at : now().toISOString();
    const replayed = String(response.headers['idempotent-replayed']).toLowerCase() === 'true';
    const { service, date, time, session } = request;
    return { status: 'confirmed', booking: { confirmationId, service, date, time, session, createdAt }, created: !replayed };
  }
  // Our key refused: nothing the caller could change, so it is an outage, not a refusal to read out.
  if (status === 401 || status === 403) throw response.fail('status', `the booking system refused the API key (HTTP ${status})`, status);
  if (status === 409) return { status: 'slot-taken', alternatives: alternativesOf(lenientJson(response), request.service) };
  if (status >= 400 && status < 500) {
    return { status: 'rejected', reason: reasonOf(lenientJson(response)) ?? `The booking system refused the request (HTTP ${status}).` };
  }
  throw response.fail('status', `answered HTTP ${status}, which a booking API should not`, status);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A refusal's body is optional: without JSON it simply has nothing to say. */
function lenientJson(response: UpstreamResponse): unknown {
  try {
    return response.json();
  } catch {
    return undefined;
  }
}

function alternativesOf(body: unknown, service: string): Slot[] {
  const listed = isRecord(body) && Array.isArray(body.alternatives) ? body.alternatives : [];
  const slots: Slot[] = [];
  for (const item of listed) {
    if (!isRecord(item) || typeof item.date !== 'string' || typeof item.time !== 'string') continue;
    if (!ISO_DATE.test(item.date) || !ISO_TIME.test(item.time)) continue;
    slots.push({ service: typeof item.service === 'string' && item.service.trim() ? sanitise(item.service, 60) : service, date: item.date, time: item.time });
    if (slots.length === MAX_ALTERNATIVES) break;
  }
  return slots;
}

/** `{"error":"…"}` (the seed's shape), `{"error":{"message":"…"}}` or `{"message":"…"}`. */
function reasonOf(body: unknown): string | undefined {
  if (!isRecord(body)) return undefined;
  const error = body.error;
  const text = typeof error === 'string' ? error : isRecord(error) && typeof error.message === 'string' ? error.message : typeof body.message === 'string' ? body.message : undefined;
  const clean = text === undefined ? '' : sanitise(text, MAX_REASON_LENGTH);
  return clean === '' ? undefined : clean;
}

/** Text from outside, fit to be read out: no control or invisible format characters, one line, bounded. */
function sanitise(text: string, max: number): string {
  const line = text.replace(/[\p{Cc}\p{Cf}]+/gu, ' ').replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1).trimEnd()}…` : line;
}

// Intent `booking.create` and tag `booking`: books an appointment from `service`, `date` and
// `time` through a BookingSystem (the database or an external API). Dates and times arrive as CX
// objects or ISO strings; a repeat of the same webhook call (CX retries) returns the first booking
// instead of making a second; a slot someone else holds is refused with the next free ones.
import { compareDates, today, toCalendarDate, toTimeOfDay, type Handler, type JsonValue } from 'cxhook';
import { BookingUnavailableError, type BookingSystem, type Slot } from '../services/bookings/booking-system.ts';
import { rejectParam, textParam } from './params.ts';
import { spokenDate, spokenTime } from './spoken.ts';

export interface BookingHandlerDeps {
  bookings: BookingSystem;
  /** IANA zone deciding what "today" is. */
  timeZone: string;
  /** For tests; defaults to the real clock. */
  now?: () => Date;
}

export const PAST_DATE = 'That date is in the past. What date would you like instead?';
export const BAD_DATE = "I didn't understand that date. What date would you like?";
export const BAD_TIME = "I didn't understand that time. What time would you like?";

export const BOOKING_UNAVAILABLE = "I'm sorry, I can't reach our booking system right now, so nothing was booked. Please try again in a moment.";

/** "that slot was just taken; I can offer Thursday, April 2, 2026 at 3:30 PM or …" */
export function slotTakenReprompt(alternatives: readonly Slot[]): string {
  const offers = alternatives.flatMap((slot) => {
    const date = toCalendarDate(slot.date);
    const time = toTimeOfDay(slot.time);
    return date && time ? [`${spokenDate(date)} at ${spokenTime(time)}`] : [];
  });
  if (offers.length === 0) return 'Sorry, that slot was just taken, and I have nothing free in the next two weeks. What other date would you like?';
  const list = offers.length === 1 ? offers[0] : `${offers.slice(0, -1).join(', ')} or ${offers.at(-1)}`;
  return `Sorry, that slot was just taken; I can offer ${list}. Which time would you like?`;
}

const isGiven = (value: JsonValue | undefined) => value !== undefined && value !== null && value !== '';

/**
 * @example app.intent('booking.create', bookingHandler({ bookings, timeZone: 'Europe/Paris' }))
 */
export function bookingHandler(deps: BookingHandlerDeps): Handler {
  const now = deps.now ?? (() => new Date());
  return async (ctx) => {
    const service = textParam(ctx.param('service'));
    const rawDate = ctx.param('date');
    const rawTime = ctx.param('time');
    const date = toCalendarDate(rawDate);
    const time = toTimeOfDay(rawTime);

    // A value the user gave but that cannot be booked is refused first: it is what they just said.
    const refusals: [name: string, reprompt: string][] = [];
    if (isGiven(rawDate) && !date) refusals.push(['date', BAD_DATE]);
    else if (date && compareDates(date, today(deps.timeZone, now())) < 0) refusals.push(['date', PAST_DATE]);
    if (isGiven(rawTime) && !time) refusals.push(['time', BAD_TIME]);
    if (refusals.length > 0) {
      for (const [name, reprompt] of refusals) rejectParam(ctx, name, reprompt);
      return;
    }

    if (!service || !date || !time) {
      const missing = [!service && 'service type', !date && 'date', !time && 'time'].filter(Boolean);
      ctx.reply.text(`I need more information to book your appointment. Please provide: ${missing.join(', ')}.`);
      return;
    }

    let outcome;
    try {
      outcome = await deps.bookings.book(
        { session: ctx.session.id ?? '', detectIntentResponseId: ctx.request.detectIntentResponseId, service, date: date.iso, time: time.iso },
        // ctx itself: its signal and the time left, so an external API's retries fit the deadline.
        ctx,
      );
    } catch (error) {
      if (!(error instanceof BookingUnavailableError)) throw error;
      // kind and status only: the request's details are personal data.
      ctx.log.warn({ kind: error.kind, status: error.status }, 'booking system unavailable');
      ctx.reply.text(BOOKING_UNAVAILABLE).setParams({ booking_status: 'unavailable' });
      return;
    }
    if (outcome.status === 'slot-taken') {
      ctx.log.info({ alternatives: outcome.alternatives.length }, 'slot taken');
      rejectParam(ctx, 'time', slotTakenReprompt(outcome.alternatives));
      return;
    }
    if (outcome.status === 'rejected') {
      ctx.log.info('booking rejected by the booking system');
      ctx.reply.text(outcome.reason).setParams({ booking_status: 'rejected' });
      return;
    }
    const { booking, created } = outcome;
    ctx.log.info({ confirmationId: booking.confirmationId, created }, created ? 'booking created' : 'repeated call: original booking returned');
    // A repeated call is answered from the stored booking, so both answers say the same.
    const bookedDate = toCalendarDate(booking.date) ?? date;
    const bookedTime = toTimeOfDay(booking.time) ?? time;
    ctx.reply
      .text(
        `Great! I've booked your ${booking.service} appointment for ${spokenDate(bookedDate)} at ${spokenTime(bookedTime)}. ` +
          `Your confirmation number is ${booking.confirmationId}.`,
      )
      .setParams({
        confirmation_id: booking.confirmationId,
        booking_status: 'confirmed',
        appointment_service: booking.service,
        appointment_date: booking.date,
        appointment_time: booking.time,
      });
  };
}

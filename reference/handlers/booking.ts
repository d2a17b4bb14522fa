// Intent `booking.create` and tag `booking`: books an appointment from `service`, `date` and
// `time`. Dates and times arrive as CX objects or ISO strings; a repeat of the same webhook call
// (CX retries) returns the first booking instead of making a second.
import { compareDates, today, toCalendarDate, toTimeOfDay, type Handler, type JsonValue } from 'cxhook';
import type { Bookings } from '../storage/bookings.ts';
import { rejectParam, textParam } from './params.ts';
import { spokenDate, spokenTime } from './spoken.ts';

export interface BookingHandlerDeps {
  bookings: Bookings;
  /** IANA zone deciding what "today" is. */
  timeZone: string;
  /** For tests; defaults to the real clock. */
  now?: () => Date;
}

export const PAST_DATE = 'That date is in the past. What date would you like instead?';
export const BAD_DATE = "I didn't understand that date. What date would you like?";
export const BAD_TIME = "I didn't understand that time. What time would you like?";

const isGiven = (value: JsonValue | undefined) => value !== undefined && value !== null && value !== '';

/**
 * @example app.intent('booking.create', bookingHandler({ bookings, timeZone: 'Europe/Paris' }))
 */
export function bookingHandler(deps: BookingHandlerDeps): Handler {
  const now = deps.now ?? (() => new Date());
  return (ctx) => {
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

    const { booking, created } = deps.bookings.create({
      session: ctx.session.id ?? '',
      detectIntentResponseId: ctx.request.detectIntentResponseId,
      service,
      date: date.iso,
      time: time.iso,
    });
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

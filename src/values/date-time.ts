// System-entity values (spec section 10.1): CX sends @sys.date and @sys.time as objects, tests and
// other callers send ISO strings. Handlers get one normalised view either way.
import type { JsonValue } from '../protocol/json.ts';
import { isPlainObject } from '../protocol/json.ts';

/** A calendar date without a time zone. */
export interface CalendarDate {
  year: number;
  month: number;
  day: number;
  /** `YYYY-MM-DD` */
  iso: string;
}

/** A time of day without a time zone. */
export interface TimeOfDay {
  hours: number;
  minutes: number;
  seconds: number;
  /** `HH:MM` (with `:SS` when seconds are not 0) */
  iso: string;
}

const pad = (value: number, width = 2) => String(value).padStart(width, '0');

function asInteger(value: unknown): number | undefined {
  const number = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  return typeof number === 'number' && Number.isInteger(number) ? number : undefined;
}

function makeDate(year: number, month: number, day: number): CalendarDate | undefined {
  const probe = new Date(Date.UTC(year, month - 1, day));
  if (year < 1 || probe.getUTCFullYear() !== year || probe.getUTCMonth() !== month - 1 || probe.getUTCDate() !== day) return undefined;
  return { year, month, day, iso: `${pad(year, 4)}-${pad(month)}-${pad(day)}` };
}

function makeTime(hours: number, minutes: number, seconds: number): TimeOfDay | undefined {
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59 || seconds < 0 || seconds > 59) return undefined;
  return { hours, minutes, seconds, iso: `${pad(hours)}:${pad(minutes)}${seconds ? `:${pad(seconds)}` : ''}` };
}

/**
 * Reads a date from `{year, month, day}` (CX @sys.date, numbers may be doubles like 2026.0) or an
 * ISO string (`2026-12-03`, or a date-time whose date part is taken). Undefined when it is not one.
 */
export function toCalendarDate(value: JsonValue | undefined): CalendarDate | undefined {
  if (typeof value === 'string') {
    const match = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/.exec(value.trim());
    return match ? makeDate(Number(match[1]), Number(match[2]), Number(match[3])) : undefined;
  }
  if (!isPlainObject(value)) return undefined;
  const [year, month, day] = [asInteger(value.year), asInteger(value.month), asInteger(value.day)];
  return year !== undefined && month !== undefined && day !== undefined ? makeDate(year, month, day) : undefined;
}

/**
 * Reads a time from `{hours, minutes, seconds, nanos}` (CX @sys.time) or a string (`15:30`,
 * `15:30:00`, `3pm`, `3:30 PM`, or the time part of an ISO date-time). Undefined when it is not one.
 */
export function toTimeOfDay(value: JsonValue | undefined): TimeOfDay | undefined {
  if (typeof value === 'string') {
    const text = value.trim().toLowerCase();
    const iso = /(?:^|t)(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?(?:z|[+-]\d{2}:?\d{2})?$/.exec(text);
    if (iso) return makeTime(Number(iso[1]), Number(iso[2]), Number(iso[3] ?? 0));
    const clock = /^(\d{1,2})(?::(\d{2}))?\s*(am|pm)$/.exec(text);
    if (!clock) return undefined;
    const hour = Number(clock[1]);
    if (hour < 1 || hour > 12) return undefined;
    return makeTime((hour % 12) + (clock[3] === 'pm' ? 12 : 0), Number(clock[2] ?? 0), 0);
  }
  if (!isPlainObject(value)) return undefined;
  const hours = asInteger(value.hours);
  if (hours === undefined) return undefined;
  const minutes = value.minutes === undefined ? 0 : asInteger(value.minutes);
  const seconds = value.seconds === undefined ? 0 : asInteger(value.seconds);
  return minutes === undefined || seconds === undefined ? undefined : makeTime(hours, minutes, seconds);
}

// Making an Intl.DateTimeFormat costs ~100 µs (it loads the zone's rules); a handler asks for today
// on every call, and apps use one or two zones.
const dayFormats = new Map<string, Intl.DateTimeFormat>();

/** Today's date in a time zone (IANA name, default UTC), for "is this date in the past" checks. */
export function today(timeZone = 'UTC', now: Date = new Date()): CalendarDate {
  let format = dayFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    // Only zones Intl accepted are kept (a bad name threw above), so the map stays as small as the zones in use.
    dayFormats.set(timeZone, format);
  }
  const parts = format.formatToParts(now);
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value);
  return makeDate(get('year'), get('month'), get('day')) as CalendarDate;
}

/** Orders two dates: negative when `a` is before `b`. */
export function compareDates(a: CalendarDate, b: CalendarDate): number {
  return a.year - b.year || a.month - b.month || a.day - b.day;
}

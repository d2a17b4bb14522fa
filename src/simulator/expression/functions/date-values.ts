// Dates as the date functions see them: the fields of a CX @sys.date / @sys.time / date-time
// object (or an ISO string), read once, plus "now" in the scope's time zone.
import type { JsonValue } from '../../../protocol/json.ts';
import { toCalendarDate, toTimeOfDay } from '../../../values/index.ts';
import type { Scope } from '../scope.ts';
import { isRecord } from '../values.ts';

/** A wall-clock date, time of day, or both; fields CX does not send are absent. */
export interface DateParts {
  year?: number;
  month?: number;
  day?: number;
  hours?: number;
  minutes?: number;
  seconds?: number;
  nanos?: number;
}

export const hasDate = (parts: DateParts) => parts.year !== undefined && parts.month !== undefined && parts.day !== undefined;
export const hasTime = (parts: DateParts) => parts.hours !== undefined;

/**
 * The fields of a date/time value: `{year, month, day, hours, …}` objects (numbers may be doubles)
 * or ISO text (`2026-12-03`, `2026-12-03T15:30:00`, `15:30`); undefined when it is neither.
 * @example toDateParts('2026-12-03T15:30') // { year: 2026, month: 12, day: 3, hours: 15, minutes: 30, seconds: 0 }
 */
export function toDateParts(value: unknown): DateParts | undefined {
  if (typeof value !== 'string' && !isRecord(value)) return undefined;
  const date = toCalendarDate(value as JsonValue);
  const hasClock = typeof value === 'string' ? /\d:\d\d/.test(value) : value.hours !== undefined;
  const time = hasClock ? toTimeOfDay(value as JsonValue) : undefined;
  if (!date && !time) return undefined;
  const parts: DateParts = {};
  if (date) Object.assign(parts, { year: date.year, month: date.month, day: date.day });
  if (time) {
    Object.assign(parts, { hours: time.hours, minutes: time.minutes, seconds: time.seconds });
    const nanos = isRecord(value) ? Number(value.nanos ?? 0) : 0;
    parts.nanos = Number.isFinite(nanos) ? Math.trunc(nanos) : 0;
  }
  return parts;
}

// Building a formatter costs ~100 µs (it loads the zone's rules); a simulation asks for now often.
const clockFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The scope's clock as date parts in its time zone (default UTC), as `$sys.func.NOW()` returns it.
 * Throws RangeError for a zone Intl does not know.
 * @example nowParts(scope) // { year: 2026, month: 11, day: 26, hours: 15, minutes: 4, seconds: 5, nanos: 123000000 }
 */
export function nowParts(scope: Scope): Required<DateParts> {
  const timeZone = scope.timeZone ?? 'UTC';
  let format = clockFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      hourCycle: 'h23',
    });
    clockFormats.set(timeZone, format);
  }
  const now = scope.now();
  const fields = Object.fromEntries(format.formatToParts(now).map((part) => [part.type, Number(part.value)]));
  return {
    year: fields.year as number,
    month: fields.month as number,
    day: fields.day as number,
    hours: fields.hour as number,
    minutes: fields.minute as number,
    seconds: fields.second as number,
    nanos: (((now.getTime() % 1000) + 1000) % 1000) * 1_000_000,
  };
}

/**
 * Days in a month (1–12) of a year.
 * @example daysInMonth(2028, 2) // 29
 */
export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * Milliseconds of the wall-clock value read as UTC (for ordering and arithmetic, not instants).
 * @example wallClock({ hours: 1 }) // 3600000
 */
export function wallClock(parts: DateParts): number {
  const time = Date.UTC(2000, 0, 1, parts.hours ?? 0, parts.minutes ?? 0, parts.seconds ?? 0);
  const midnight = Date.UTC(2000, 0, 1);
  return hasDate(parts) ? Date.UTC(parts.year as number, (parts.month as number) - 1, parts.day as number) + (time - midnight) : time - midnight;
}

/**
 * Orders two values on the fields both have (a date with a date-time compares by date).
 * @example compareParts({ year: 2026, month: 1, day: 2 }, nowParts(scope)) < 0 // in the past
 */
export function compareParts(a: DateParts, b: DateParts): number {
  const dates = hasDate(a) && hasDate(b);
  const times = hasTime(a) && hasTime(b);
  const pick = (parts: DateParts): DateParts => ({
    ...(dates ? { year: parts.year, month: parts.month, day: parts.day } : {}),
    ...(times ? { hours: parts.hours, minutes: parts.minutes, seconds: parts.seconds } : {}),
  });
  return wallClock(pick(a)) - wallClock(pick(b));
}

const UNIT_MS: Record<string, number> = { week: 604_800_000, day: 86_400_000, hour: 3_600_000, minute: 60_000, second: 1000 };

/**
 * Adds `amount` units (years, months, weeks, days, hours, minutes, seconds; any case, singular or
 * plural) like Java's `plus`: months clamp the day (31 January + 1 month = 28/29 February).
 * Throws Error with the problem for an unknown unit or time units on a value without a date.
 * @example addToParts({ year: 2026, month: 1, day: 31 }, 1, 'MONTHS') // { year: 2026, month: 2, day: 28 }
 */
export function addToParts(parts: DateParts, amount: number, unitName: string): DateParts {
  const unit = unitName.toLowerCase().replace(/s$/, '');
  if (unit === 'year' || unit === 'month') {
    if (!hasDate(parts)) throw new Error(`cannot add ${unitName} to a time of day`);
    const months = (parts.year as number) * 12 + (parts.month as number) - 1 + amount * (unit === 'year' ? 12 : 1);
    const [year, month] = [Math.floor(months / 12), (months % 12) + 1];
    return { ...parts, year, month, day: Math.min(parts.day as number, daysInMonth(year, month)) };
  }
  const step = UNIT_MS[unit];
  if (step === undefined) throw new Error(`unknown unit ${JSON.stringify(unitName)}; use YEARS, MONTHS, WEEKS, DAYS, HOURS, MINUTES or SECONDS`);
  if (!hasDate(parts) && step >= UNIT_MS.day!) throw new Error(`cannot add ${unitName} to a time of day`);
  const shifted = new Date(wallClock(parts) + amount * step);
  const result: DateParts = { ...parts };
  if (hasDate(parts)) Object.assign(result, { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() });
  if (hasTime(parts) || step < UNIT_MS.day!) {
    Object.assign(result, { hours: shifted.getUTCHours(), minutes: shifted.getUTCMinutes(), seconds: shifted.getUTCSeconds(), nanos: parts.nanos ?? 0 });
  }
  return result;
}

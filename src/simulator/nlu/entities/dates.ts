// Finds dates and times with chrono-node, relative to a given instant in the agent's time zone, and
// resolves them to CX's value shapes (protocol spec §10.1): {year, month, day}, {hours, minutes,
// seconds, nanos}, their union, and {startDate, endDate}.
import * as chrono from 'chrono-node';
import { invalidOption } from '../../../errors/invalid-option.ts';
import { span, type EntityMatch } from './match.ts';

/** The moment "tomorrow" and "next Friday" are counted from, and the zone the user lives in. */
export interface Clock {
  now: Date;
  /** IANA name, e.g. `America/Los_Angeles`. */
  timeZone: string;
}

export interface CalendarDate {
  year: number;
  month: number;
  day: number;
}

export interface TimeOfDay {
  hours: number;
  minutes: number;
  seconds: number;
  nanos: number;
}

// Making an Intl.DateTimeFormat costs far more than using one: one per time zone, kept.
const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

function wallClockFormat(timeZone: string): Intl.DateTimeFormat {
  let format = wallClockFormats.get(timeZone);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    } catch {
      throw invalidOption('timeZone', `${JSON.stringify(timeZone)} is not an IANA time zone`);
    }
    wallClockFormats.set(timeZone, format);
  }
  return format;
}

/**
 * Minutes `timeZone` is ahead of UTC at `instant` (chrono takes offsets, not zone names).
 * @example offsetMinutes(new Date('2026-07-01T00:00:00Z'), 'America/Los_Angeles') // -420
 */
export function offsetMinutes(instant: Date, timeZone: string): number {
  const format = wallClockFormat(timeZone);
  const parts = Object.fromEntries(format.formatToParts(instant).map((p) => [p.type, Number(p.value)]));
  const wallClock = Date.UTC(parts.year!, parts.month! - 1, parts.day!, parts.hour!, parts.minute!, parts.second!);
  return Math.round((wallClock - (instant.getTime() - instant.getUTCMilliseconds())) / 60_000);
}

function parse(text: string, clock: Clock): chrono.ParsedResult[] {
  if (Number.isNaN(clock.now.getTime())) throw invalidOption('now', 'must be a valid Date');
  // forwardDate: "Friday" or "December 3" said today means the next one, as a booking agent would.
  return chrono.parse(text, { instant: clock.now, timezone: offsetMinutes(clock.now, clock.timeZone) }, { forwardDate: true });
}

const dateOf = (c: chrono.ParsedComponents): CalendarDate => ({ year: c.get('year') ?? 0, month: c.get('month') ?? 0, day: c.get('day') ?? 0 });
const timeOf = (c: chrono.ParsedComponents): TimeOfDay => ({ hours: c.get('hour') ?? 0, minutes: c.get('minute') ?? 0, seconds: c.get('second') ?? 0, nanos: (c.get('millisecond') ?? 0) * 1e6 });
const saysDate = (c: chrono.ParsedComponents) => c.isCertain('day') || c.isCertain('weekday') || c.isCertain('month') || c.isCertain('year');
const saysTime = (c: chrono.ParsedComponents) => c.isCertain('hour');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

function period(result: chrono.ParsedResult): { startDate: CalendarDate; endDate: CalendarDate } {
  const start = dateOf(result.start);
  if (result.end) return { startDate: start, endDate: dateOf(result.end) };
  const c = result.start;
  // "next month" is the whole month, "2027" the whole year; a named day is a one-day period.
  if (!c.isCertain('day') && !c.isCertain('weekday') && c.isCertain('month')) {
    return { startDate: { ...start, day: 1 }, endDate: { ...start, day: lastDay(start.year, start.month) } };
  }
  if (!c.isCertain('day') && !c.isCertain('weekday') && !c.isCertain('month') && c.isCertain('year')) {
    return { startDate: { year: start.year, month: 1, day: 1 }, endDate: { year: start.year, month: 12, day: 31 } };
  }
  return { startDate: start, endDate: start };
}

/** The date-like system entities this module resolves. */
export type DateEntity = 'date' | 'time' | 'date-time' | 'date-period';

/**
 * Every date (or time, date-time, date period) said in `text`, resolved against `clock`.
 * @example findDates('tomorrow at 3pm', 'date', { now: new Date('2026-11-27T18:00:00Z'), timeZone: 'UTC' })[0].resolved // { year: 2026, month: 11, day: 28 }
 */
export function findDates(text: string, entity: DateEntity, clock: Clock): EntityMatch[] {
  return parse(text, clock).flatMap((result) => {
    const whole = { start: result.index, end: result.index + result.text.length };
    if (entity === 'date-period') return saysDate(result.start) ? [span(text, whole.start, whole.end, period(result))] : [];
    // A range ("from December 3 to December 5") is two dates to anything but a period: its start
    // and its end, each with its own words, so two parameters can take one each.
    const separator = result.end ? RANGE_SEPARATOR.exec(result.text) : null;
    const ends: [chrono.ParsedComponents, { start: number; end: number }][] =
      result.end && separator && separator.index > 0
        ? [
            [result.start, { start: whole.start, end: whole.start + separator.index }],
            [result.end, { start: whole.start + separator.index + separator[0].length, end: whole.end }],
          ]
        : [[result.start, whole]];
    return ends.flatMap(([c, at]) => {
      const resolved =
        entity === 'date' ? (saysDate(c) ? dateOf(c) : undefined)
        : entity === 'time' ? (saysTime(c) ? timeOf(c) : undefined)
        : saysDate(c) || saysTime(c) ? { ...dateOf(c), ...timeOf(c) }
        : undefined;
      return resolved === undefined ? [] : [span(text, at.start, at.end, resolved)];
    });
  });
}

const RANGE_SEPARATOR = /\s+(?:to|until|till|through|thru)\s+|\s*[-–—]\s*/i;

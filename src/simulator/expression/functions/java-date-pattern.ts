// Java DateTimeFormatter patterns (CX runs FORMAT_DATE and IS_DATE on the JVM): the letters agents
// use, with month and weekday names in the requested language from Intl. Problems throw Error.
import { type DateParts, daysInMonth, hasDate, hasTime } from './date-values.ts';

type PatternPart = { literal: string } | { letter: string; count: number };

const SUPPORTED = 'GyuMLdDEaHkKhmsS';
const DATE_LETTERS = 'GyuMLdDE';

/** Splits a pattern into letter runs and literals (`'at'` quoted, `''` a quote). */
function tokenize(pattern: string): PatternPart[] {
  const parts: PatternPart[] = [];
  for (let index = 0; index < pattern.length; ) {
    const char = pattern[index] as string;
    if (char === "'") {
      let literal = '';
      let end = index + 1;
      for (;;) {
        if (end >= pattern.length) throw new Error(`unterminated quote in pattern ${JSON.stringify(pattern)}`);
        if (pattern[end] === "'") {
          if (pattern[end + 1] !== "'") break;
          end++;
        }
        literal += pattern[end];
        end++;
      }
      parts.push({ literal: end === index + 1 ? "'" : literal });
      index = end + 1;
    } else if (/[A-Za-z]/.test(char)) {
      let end = index;
      while (pattern[end] === char) end++;
      if (!SUPPORTED.includes(char)) throw new Error(`pattern letter ${char} is not supported (use ${SUPPORTED.split('').join(' ')})`);
      parts.push({ letter: char, count: end - index });
      index = end;
    } else {
      parts.push({ literal: char });
      index++;
    }
  }
  return parts;
}

type NameKind = 'month' | 'weekday';
type Width = 'short' | 'long' | 'narrow';
const nameCache = new Map<string, string[]>();

// Months 1–12, or weekdays Monday–Sunday (Java's order), in `language`.
function names(language: string, kind: NameKind, width: Width): string[] {
  const key = `${language}|${kind}|${width}`;
  let list = nameCache.get(key);
  if (!list) {
    const format = new Intl.DateTimeFormat(language, { [kind]: width, timeZone: 'UTC' });
    // 2024-01-01 was a Monday.
    list = Array.from({ length: kind === 'month' ? 12 : 7 }, (_, index) =>
      format.format(kind === 'month' ? Date.UTC(2024, index, 1) : Date.UTC(2024, 0, 1 + index)),
    );
    nameCache.set(key, list);
  }
  return list;
}

function dayPeriods(language: string): [string, string] {
  const format = new Intl.DateTimeFormat(language, { hour: 'numeric', hour12: true, timeZone: 'UTC' });
  const period = (hour: number) => format.formatToParts(Date.UTC(2024, 0, 1, hour)).find((part) => part.type === 'dayPeriod')?.value;
  return [period(9) ?? 'AM', period(21) ?? 'PM'];
}

const width = (count: number): Width => (count >= 5 ? 'narrow' : count === 4 ? 'long' : 'short');
const pad = (value: number, count: number) => String(value).padStart(count, '0');
const weekday = (parts: DateParts) => (new Date(Date.UTC(parts.year as number, (parts.month as number) - 1, parts.day as number)).getUTCDay() + 6) % 7;
const dayOfYear = (parts: DateParts) =>
  (Date.UTC(parts.year as number, (parts.month as number) - 1, parts.day as number) - Date.UTC(parts.year as number, 0, 1)) / 86_400_000 + 1;

/**
 * Formats date parts with a Java pattern in a language (BCP 47, default English).
 * @example formatDate({ year: 2026, month: 12, day: 3 }, 'EEEE, MMMM dd') // 'Thursday, December 03'
 */
export function formatDate(parts: DateParts, pattern: string, language = 'en'): string {
  return tokenize(pattern)
    .map((part) => {
      if ('literal' in part) return part.literal;
      const { letter, count } = part;
      if (DATE_LETTERS.includes(letter) && !hasDate(parts)) throw new Error(`pattern letter ${letter} needs a date, but the value is a time of day`);
      if (!DATE_LETTERS.includes(letter) && !hasTime(parts)) throw new Error(`pattern letter ${letter} needs a time of day, but the value is a date`);
      const [year, month, day] = [parts.year as number, parts.month as number, parts.day as number];
      const [hours, minutes, seconds] = [parts.hours as number, parts.minutes ?? 0, parts.seconds ?? 0];
      switch (letter) {
        case 'G':
          return year > 0 ? 'AD' : 'BC';
        case 'y':
        case 'u':
          return count === 2 ? pad(year % 100, 2) : pad(year, count);
        case 'M':
        case 'L':
          return count <= 2 ? pad(month, count) : (names(language, 'month', width(count))[month - 1] as string);
        case 'd':
          return pad(day, count);
        case 'D':
          return pad(dayOfYear(parts), count);
        case 'E':
          return names(language, 'weekday', width(count))[weekday(parts)] as string;
        case 'a':
          return dayPeriods(language)[hours < 12 ? 0 : 1];
        case 'H':
          return pad(hours, count);
        case 'k':
          return pad(hours === 0 ? 24 : hours, count);
        case 'K':
          return pad(hours % 12, count);
        case 'h':
          return pad(hours % 12 || 12, count);
        case 'm':
          return pad(minutes, count);
        case 's':
          return pad(seconds, count);
        default: // 'S': fraction of a second, truncated to `count` digits
          return pad(parts.nanos ?? 0, 9).slice(0, count).padEnd(count, '0');
      }
    })
    .join('');
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const alternatives = (list: string[]) => `(${[...list].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|')})`;

/**
 * Whether `text` is a valid date in a Java pattern, read strictly: the whole text must match, and
 * 30 February, month 13 or a weekday that does not fit the date are not dates.
 * @example isDate('2021-04-29', 'uuuu-MM-dd') // true   isDate('2021-02-30', 'yyyy-MM-dd') // false
 */
export function isDate(text: string, pattern: string, language = 'en'): boolean {
  const fields: { letter: string; count: number }[] = [];
  let source = '^';
  for (const part of tokenize(pattern)) {
    if ('literal' in part) {
      source += escapeRegExp(part.literal);
      continue;
    }
    const { letter, count } = part;
    fields.push(part);
    if ((letter === 'M' || letter === 'L') && count >= 3) source += alternatives(names(language, 'month', width(count)));
    else if (letter === 'E') source += alternatives(names(language, 'weekday', width(count)));
    else if (letter === 'a') source += alternatives(dayPeriods(language));
    else if (letter === 'G') source += '(AD|BC)';
    else if (letter === 'y' || letter === 'u') source += count === 2 ? '(\\d{2})' : `(\\d{${Math.min(count, 4)},4})`;
    else if (letter === 'D') source += `(\\d{${count},3})`;
    else if (letter === 'S') source += `(\\d{${count}})`;
    else source += count === 1 ? '(\\d{1,2})' : `(\\d{${count}})`;
  }
  const match = new RegExp(`${source}$`).exec(text);
  if (!match) return false;
  const read: Record<string, number> = {};
  let pm: boolean | undefined;
  let weekdayIndex: number | undefined;
  fields.forEach(({ letter, count }, index) => {
    const value = match[index + 1] as string;
    if ((letter === 'M' || letter === 'L') && count >= 3) read.month = names(language, 'month', width(count)).indexOf(value) + 1;
    else if (letter === 'E') weekdayIndex = names(language, 'weekday', width(count)).indexOf(value);
    else if (letter === 'a') pm = dayPeriods(language).indexOf(value) === 1;
    else if (letter === 'y' || letter === 'u') read.year = count === 2 ? 2000 + Number(value) : Number(value);
    else if (letter !== 'G') read[letter] = Number(value);
  });
  const month = read.month ?? read.M ?? read.L;
  if (month !== undefined && (month < 1 || month > 12)) return false;
  if (read.d !== undefined && (read.d < 1 || read.d > daysInMonth(read.year ?? 2000, month ?? 1) || (month === undefined && read.d > 31))) return false;
  if (read.H !== undefined && read.H > 23) return false;
  if (read.k !== undefined && (read.k < 1 || read.k > 24)) return false;
  if (read.K !== undefined && read.K > 11) return false;
  if (read.h !== undefined && (read.h < 1 || read.h > 12)) return false;
  if ((read.m ?? 0) > 59 || (read.s ?? 0) > 59) return false;
  if (pm !== undefined && read.h === undefined && read.K === undefined) return false; // `a` needs a 12-hour field
  if (weekdayIndex !== undefined && read.year !== undefined && month !== undefined && read.d !== undefined) {
    return weekday({ year: read.year, month, day: read.d }) === weekdayIndex;
  }
  return true;
}

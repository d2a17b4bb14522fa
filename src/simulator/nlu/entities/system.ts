// CX's system entities (`@sys.*`) by name: which finder reads each one from text. Entities not
// listed here are read like @sys.any (see docs/nlu.md), and `isKnownSystemEntity` says so.
import { findEmails, findPhoneNumbers } from './contact.ts';
import { findDates, type Clock } from './dates.ts';
import type { EntityMatch } from './match.ts';
import { findNumbers, findNumberSequences, findOrdinals } from './numbers.ts';
import { findPersons } from './person.ts';

type Finder = (text: string, clock: Clock) => EntityMatch[];

const integers = (matches: EntityMatch[]) => matches.filter((m) => Number.isInteger(m.resolved));

// Numbers that are part of a date or time ("December 3", "at 3pm") are not numbers of their own.
function outsideDates(matches: EntityMatch[], text: string, clock: Clock): EntityMatch[] {
  const dates = findDates(text, 'date-time', clock);
  return matches.filter((m) => !dates.some((d) => m.start < d.end && d.start < m.end));
}

const FINDERS: Record<string, Finder> = {
  'sys.date': (text, clock) => findDates(text, 'date', clock),
  'sys.time': (text, clock) => findDates(text, 'time', clock),
  'sys.date-time': (text, clock) => findDates(text, 'date-time', clock),
  'sys.date-period': (text, clock) => findDates(text, 'date-period', clock),
  'sys.number': (text, clock) => outsideDates(findNumbers(text), text, clock),
  'sys.number-integer': (text, clock) => integers(outsideDates(findNumbers(text), text, clock)),
  'sys.cardinal': (text, clock) => integers(outsideDates(findNumbers(text), text, clock)).filter((m) => (m.resolved as number) >= 0),
  'sys.ordinal': (text) => findOrdinals(text),
  'sys.number-sequence': (text) => findNumberSequences(text),
  'sys.email': (text) => findEmails(text),
  'sys.phone-number': (text) => findPhoneNumbers(text),
  'sys.person': (text) => findPersons(text),
};

/** The system entities with a finder of their own, e.g. `sys.date`. */
export const SYSTEM_ENTITIES: readonly string[] = Object.keys(FINDERS);

/** True for `sys.*` names that have a finder; other `sys.*` names are read like `sys.any`. */
export function isKnownSystemEntity(name: string): boolean {
  return Object.hasOwn(FINDERS, name);
}

/**
 * Every match of system entity `name` (without `@`) in `text`, or undefined for one without a finder.
 * @example findSystemEntity('sys.number', 'we are eight', clock) // [{ original: 'eight', resolved: 8, … }]
 */
export function findSystemEntity(name: string, text: string, clock: Clock): EntityMatch[] | undefined {
  return Object.hasOwn(FINDERS, name) ? FINDERS[name]!(text, clock) : undefined;
}

// Comparison semantics (spec §14.3): the right side is cast to the left side's type; unset compares
// equal only to null; strings compare lexicographically; `:` is substring on strings, membership
// on lists and equality otherwise.
import type { ComparisonOperator } from './ast.ts';
import { isRecord, toText } from './values.ts';

const pad = (value: number, width = 2) => String(Math.trunc(value)).padStart(width, '0');

/**
 * The ISO text of a CX date, time or date-time object (`{year, month, day}`, `{hours, minutes,
 * seconds}` or both), so @sys.date values compare with `"2026-12-03"`; undefined for other values.
 * @example isoOf({ year: 2026, month: 12, day: 3 }) // '2026-12-03'
 */
export function isoOf(value: unknown): string | undefined {
  if (!isRecord(value)) return undefined;
  const number = (key: string) => (typeof value[key] === 'number' ? (value[key] as number) : undefined);
  const [year, month, day, hours] = [number('year'), number('month'), number('day'), number('hours')];
  const date = year !== undefined && month !== undefined && day !== undefined ? `${pad(year, 4)}-${pad(month)}-${pad(day)}` : undefined;
  const time = hours !== undefined ? `${pad(hours)}:${pad(number('minutes') ?? 0)}:${pad(number('seconds') ?? 0)}` : undefined;
  if (date && time) return `${date}T${time}`;
  return date ?? time;
}

function asNumber(value: unknown, raw: string | undefined): number | undefined {
  if (typeof value === 'number') return value;
  const text = raw ?? (typeof value === 'string' ? value : undefined);
  if (text === undefined || text.trim() === '') return undefined;
  const number = Number(text);
  return Number.isFinite(number) ? number : undefined;
}

function asBoolean(value: unknown, raw: string | undefined): boolean | undefined {
  if (typeof value === 'boolean') return value;
  const text = (raw ?? (typeof value === 'string' ? value : '')).toLowerCase();
  return text === 'true' ? true : text === 'false' ? false : undefined;
}

function order(operator: ComparisonOperator, difference: number): boolean {
  switch (operator) {
    case '=':
    case ':':
      return difference === 0;
    case '!=':
      return difference !== 0;
    case '<':
      return difference < 0;
    case '<=':
      return difference <= 0;
    case '>':
      return difference > 0;
    case '>=':
      return difference >= 0;
  }
}

const compareText = (left: string, right: string) => (left < right ? -1 : left > right ? 1 : 0);

// Lists and plain objects: equal when the same shape holds equal values (right cast to left per item).
function structurallyEqual(left: unknown[] | Record<string, unknown>, right: unknown): boolean {
  if (Array.isArray(left)) {
    return Array.isArray(right) && right.length === left.length && left.every((item, index) => looseEqual(item, right[index]));
  }
  if (!isRecord(right)) return false;
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => Object.hasOwn(right, key) && looseEqual(left[key], right[key]));
}

/**
 * Compares two evaluated values with a CX operator. `rightRaw` is the right side as written when it
 * was an unquoted literal, so `$zip = 02134` compares the text `02134` with a string parameter.
 * @example compare('<', 3, '10') // true (right cast to a number)   compare(':', 'New York', 'York') // true
 */
export function compare(operator: ComparisonOperator, left: unknown, right: unknown, rightRaw?: string): boolean {
  const leftUnset = left === null || left === undefined;
  if (right === null || right === undefined) {
    if (operator === '!=') return !leftUnset;
    return (operator === '=' || operator === ':') && leftUnset;
  }
  if (leftUnset) return false; // an unset parameter compared to anything but null
  if (operator === ':' && Array.isArray(right) && !Array.isArray(left)) return right.some((item) => looseEqual(left, item));
  if (typeof left === 'number') {
    const number = asNumber(right, rightRaw);
    return number === undefined ? operator === '!=' : order(operator, left - number);
  }
  if (typeof left === 'boolean') {
    const bool = asBoolean(right, rightRaw);
    if (bool === undefined) return operator === '!=';
    return operator === '=' || operator === ':' ? left === bool : operator === '!=' ? left !== bool : false;
  }
  if (typeof left === 'string') {
    const text = rightRaw ?? isoOf(right) ?? toText(right);
    return operator === ':' ? left.includes(text) : order(operator, compareText(left, text));
  }
  if (Array.isArray(left)) {
    if (operator === ':') return left.some((item) => looseEqual(item, right));
    if (operator === '=' || operator === '!=') return structurallyEqual(left, right) === (operator === '=');
    return false;
  }
  const iso = isoOf(left);
  if (iso !== undefined) {
    const text = rightRaw ?? isoOf(right) ?? toText(right);
    return order(operator === ':' ? '=' : operator, compareText(iso, text));
  }
  if (isRecord(left) && (operator === '=' || operator === '!=' || operator === ':')) {
    return structurallyEqual(left, right) === (operator !== '!=');
  }
  return false;
}

/**
 * CX equality for CONTAIN, REMOVE, MATCH and list membership: null equals only null, otherwise `=`.
 * @example looseEqual(2, '2') // true   looseEqual(null, null) // true
 */
export function looseEqual(left: unknown, right: unknown): boolean {
  return compare('=', left, right);
}

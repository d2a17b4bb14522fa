// How evaluated values read as text and as truth, in one place so message text, TO_TEXT,
// CONCATENATE and string comparisons agree.

/**
 * Whether a value is a plain object (not null, not a list).
 * @example isRecord({ a: 1 }) // true
 */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * A value as CX writes it into text: unset → empty, numbers without a trailing `.0` (parameter
 * values are doubles), lists joined with ", " (Google's own agents speak APPEND-built lists
 * directly), other objects as JSON.
 * @example toText(3.0) // '3'   toText(['a', 'b']) // 'a, b'   toText(null) // ''
 */
export function toText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return Object.is(value, -0) ? '0' : String(value);
  if (typeof value === 'boolean') return String(value);
  if (Array.isArray(value)) return value.map(toText).join(', ');
  return JSON.stringify(value);
}

/**
 * Whether a value used as a whole condition holds: unset, false, 0, "", "false" and [] do not.
 * @example truthy('false') // false   truthy([1]) // true
 */
export function truthy(value: unknown): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  if (typeof value === 'string') return value !== '' && value.toLowerCase() !== 'false';
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

/**
 * A short rendering of a value for error messages.
 * @example describe('abc') // '"abc"'
 */
export function describe(value: unknown): string {
  if (value === undefined) return 'null';
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

// Finds e-mail addresses and phone numbers, as said (CX resolves both to the string itself).
import { span, type EntityMatch } from './match.ts';

const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)*\.\p{L}{2,}/gu;
// A leading +, then digits with the separators people type; checked for 7–15 digits (E.164's most).
const PHONE = /(?<![\p{L}\p{N}+])\+?(?:\(\d+\)|\d)[\d\s().-]*\d(?![\p{L}\p{N}])/gu;

/**
 * Every e-mail address in `text`.
 * @example findEmails('write to Ann.Lee@example.com today') // [{ original: 'Ann.Lee@example.com', resolved: 'Ann.Lee@example.com', … }]
 */
export function findEmails(text: string): EntityMatch[] {
  return Array.from(text.matchAll(EMAIL), (m) => span(text, m.index, m.index + m[0].length, m[0]));
}

/**
 * Every phone number in `text`: 7 to 15 digits, optionally with a leading + and spaces, dots,
 * dashes or parentheses between them.
 * @example findPhoneNumbers('call me on +1 (650) 555-0100') // [{ original: '+1 (650) 555-0100', … }]
 */
export function findPhoneNumbers(text: string): EntityMatch[] {
  return Array.from(text.matchAll(PHONE), (m) => {
    const trimmed = m[0].replace(/[\s.-]+$/, '');
    const digits = trimmed.replace(/\D/g, '').length;
    // An ISO date (2026-11-27) has eight digits and dashes too, but is never a phone number.
    const isoDate = /^\d{4}-\d{2}-\d{2}$/.test(trimmed);
    return digits >= 7 && digits <= 15 && !isoDate ? [span(text, m.index, m.index + trimmed.length, trimmed)] : [];
  }).flat();
}

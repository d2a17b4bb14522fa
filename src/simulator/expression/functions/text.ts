// Text functions: TO_TEXT, LEN, LOWER, UPPER, CONCATENATE, SUBSTITUTE, MID, SPLIT, JOIN, URL_ENCODE,
// IS_CREDIT_CARD_NUMBER.
import { toText } from '../values.ts';
import { integerArgument, listArgument, patternArgument, textArgument } from './arguments.ts';
import type { SystemFunction } from './types.ts';

// Java's URLEncoder (CX runs on the JVM): space as "+", and only letters, digits and `.-*_` kept.
function urlEncode(text: string): string {
  return encodeURIComponent(text)
    .replace(/[!'()~]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
    .replace(/%20/g, '+');
}

// The Luhn checksum card numbers carry; spaces and dashes between digit groups are allowed.
function isCardNumber(text: string): boolean {
  const digits = text.replace(/[\s-]/g, '');
  if (!/^\d{12,19}$/.test(digits)) return false;
  let sum = 0;
  for (let index = 0; index < digits.length; index++) {
    let digit = Number(digits[digits.length - 1 - index]);
    if (index % 2 === 1) digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
    sum += digit;
  }
  return sum % 10 === 0;
}

export const TEXT_FUNCTIONS: Record<string, SystemFunction> = {
  TO_TEXT: { arity: [1, 1], call: (args) => textArgument(args, 0) },
  LEN: {
    arity: [1, 1],
    call(args) {
      const value = args[0]?.value();
      return Array.isArray(value) ? value.length : [...toText(value)].length;
    },
  },
  LOWER: { arity: [1, 1], call: (args) => textArgument(args, 0).toLowerCase() },
  UPPER: { arity: [1, 1], call: (args) => textArgument(args, 0).toUpperCase() },
  CONCATENATE: { arity: [1, Infinity], call: (args) => args.map((_, index) => textArgument(args, index)).join('') },
  SUBSTITUTE: {
    arity: [3, 3],
    call: (args, context) => textArgument(args, 0).replace(patternArgument(args, 1, context), textArgument(args, 2)),
  },
  MID: {
    arity: [3, 3],
    call(args, context) {
      const [start, length] = [integerArgument(args, 1, context), integerArgument(args, 2, context)];
      if (start < 1) context.fail(`the start position is 1-based, got ${start}`);
      if (length < 0) context.fail(`the length cannot be negative, got ${length}`);
      return [...textArgument(args, 0)].slice(start - 1, start - 1 + length).join('');
    },
  },
  SPLIT: {
    arity: [2, 2],
    call(args, context) {
      const parts = textArgument(args, 0).split(patternArgument(args, 1, context));
      while (parts.length > 1 && parts.at(-1) === '') parts.pop(); // Java's split drops trailing empties
      return parts;
    },
  },
  JOIN: {
    arity: [2, 3],
    call(args, context) {
      const separator = textArgument(args, 0);
      const items = listArgument(args, 1, context).map(toText);
      if (args.length < 3 || items.length < 2) return items.join(separator);
      return `${items.slice(0, -1).join(separator)}${textArgument(args, 2)}${items.at(-1)}`;
    },
  },
  URL_ENCODE: { arity: [1, 1], call: (args) => urlEncode(textArgument(args, 0)) },
  IS_CREDIT_CARD_NUMBER: { arity: [1, 1], call: (args) => isCardNumber(textArgument(args, 0)) },
};

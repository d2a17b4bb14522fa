// Reading arguments as the kind a function needs, failing with the argument's position and value.
import { describe, toText } from '../values.ts';
import type { Argument, CallContext } from './types.ts';

/**
 * A number, or a string that is one (parameters filled from text often are).
 * @example numberArgument(args, 0, context) // 2 for `2` or `"2"`
 */
export function numberArgument(args: readonly Argument[], index: number, context: CallContext): number {
  const value = args[index]?.value();
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return context.fail(`argument ${index + 1} must be a number, got ${describe(value)}`);
}

/**
 * A whole number (indexes, lengths, digits).
 * @example integerArgument(args, 1, context) // 0 for GET(list, 0)
 */
export function integerArgument(args: readonly Argument[], index: number, context: CallContext): number {
  const value = numberArgument(args, index, context);
  if (!Number.isInteger(value)) context.fail(`argument ${index + 1} must be a whole number, got ${value}`);
  return value;
}

/**
 * Text: strings as they are, unset as "", other values as message text renders them.
 * @example textArgument(args, 0) // '3' for LOWER(3.0)
 */
export function textArgument(args: readonly Argument[], index: number): string {
  return toText(args[index]?.value());
}

/**
 * A list; an unset parameter reads as the empty list (lists are often built up from nothing).
 * @example listArgument(args, 0, context) // [] for APPEND($flow.unset, x)
 */
export function listArgument(args: readonly Argument[], index: number, context: CallContext): unknown[] {
  const value = args[index]?.value();
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value;
  return context.fail(`argument ${index + 1} must be a list, got ${describe(value)}`);
}

/**
 * A regular expression from text (SUBSTITUTE, SPLIT).
 * @example patternArgument(args, 1, context) // /[0-9]+/g
 */
export function patternArgument(args: readonly Argument[], index: number, context: CallContext): RegExp {
  const source = textArgument(args, index);
  try {
    return new RegExp(source, 'g');
  } catch (error) {
    return context.fail(`argument ${index + 1} is not a valid regular expression: ${(error as Error).message}`);
  }
}

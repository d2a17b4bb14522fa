// Arithmetic: ADD, MINUS, MULTIPLY, DIVIDE, ROUND, TO_NUMBER.
import { describe } from '../values.ts';
import { integerArgument, numberArgument } from './arguments.ts';
import type { Argument, CallContext, SystemFunction } from './types.ts';

const numbers = (args: readonly Argument[], context: CallContext) => args.map((_, index) => numberArgument(args, index, context));

// Half away from zero (Java's HALF_UP), done in decimal text so 1.005 rounds to 1.01, not 1.
function round(value: number, digits: number): number {
  const sign = value < 0 ? -1 : 1;
  const shifted = Math.round(Number(`${Math.abs(value)}e${digits}`));
  return sign * Number(`${shifted}e${-digits}`) || 0;
}

export const NUMBER_FUNCTIONS: Record<string, SystemFunction> = {
  ADD: { arity: [2, Infinity], call: (args, context) => numbers(args, context).reduce((sum, value) => sum + value, 0) },
  MINUS: { arity: [2, 2], call: (args, context) => numberArgument(args, 0, context) - numberArgument(args, 1, context) },
  MULTIPLY: { arity: [2, Infinity], call: (args, context) => numbers(args, context).reduce((product, value) => product * value, 1) },
  DIVIDE: {
    arity: [2, 3],
    call(args, context) {
      const [dividend, divisor] = [numberArgument(args, 0, context), numberArgument(args, 1, context)];
      if (divisor === 0) context.fail('division by zero');
      return args.length === 3 ? round(dividend / divisor, integerArgument(args, 2, context)) : dividend / divisor;
    },
  },
  ROUND: {
    arity: [1, 2],
    call(args, context) {
      const digits = args.length === 2 ? integerArgument(args, 1, context) : 0;
      if (digits < 0 || digits > 15) context.fail(`digits must be between 0 and 15, got ${digits}`);
      return round(numberArgument(args, 0, context), digits);
    },
  },
  TO_NUMBER: {
    arity: [1, 1],
    call(args, context) {
      const value = args[0]?.value();
      if (value === null || value === undefined || typeof value === 'number') return value ?? null;
      const number = typeof value === 'string' && value.trim() !== '' ? Number(value.trim()) : Number.NaN;
      if (Number.isFinite(number)) return number;
      return context.fail(`${describe(value)} is not a number`);
    },
  },
};

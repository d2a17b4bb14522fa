// Date functions: NOW, FORMAT_DATE, IS_DATE, IS_FUTURE_DATE, IS_PAST_DATE, ADD_DATE. "Now" is the
// scope's clock in the scope's time zone, so tests and simulations pick the day.
import { describe } from '../values.ts';
import { integerArgument, textArgument } from './arguments.ts';
import { addToParts, compareParts, type DateParts, nowParts, toDateParts } from './date-values.ts';
import { formatDate, isDate } from './java-date-pattern.ts';
import type { Argument, CallContext, SystemFunction } from './types.ts';

function now(context: CallContext): Required<DateParts> {
  try {
    return nowParts(context.scope);
  } catch (error) {
    return context.fail(`unknown time zone ${JSON.stringify(context.scope.timeZone)}: ${(error as Error).message}`);
  }
}

function dateArgument(args: readonly Argument[], index: number, context: CallContext): DateParts {
  const value = args[index]?.value();
  const parts = toDateParts(value);
  return parts ?? context.fail(`argument ${index + 1} must be a date, time or date-time (an object or ISO text), got ${describe(value)}`);
}

// Pattern and language problems (an unsupported letter, an unknown language tag) become ExpressionErrors.
function withPattern<T>(context: CallContext, run: () => T): T {
  try {
    return run();
  } catch (error) {
    return context.fail((error as Error).message);
  }
}

function relativeToNow(args: readonly Argument[], context: CallContext): number {
  return compareParts(dateArgument(args, 0, context), now(context));
}

export const DATE_FUNCTIONS: Record<string, SystemFunction> = {
  NOW: { arity: [0, 0], call: (_args, context) => now(context) },
  FORMAT_DATE: {
    arity: [2, 3],
    call(args, context) {
      const parts = dateArgument(args, 0, context);
      const language = args.length === 3 ? textArgument(args, 2) : 'en';
      return withPattern(context, () => formatDate(parts, textArgument(args, 1), language));
    },
  },
  IS_DATE: {
    arity: [2, 3],
    call(args, context) {
      const language = args.length === 3 ? textArgument(args, 2) : 'en';
      return withPattern(context, () => isDate(textArgument(args, 0), textArgument(args, 1), language));
    },
  },
  IS_FUTURE_DATE: { arity: [1, 1], call: (args, context) => relativeToNow(args, context) > 0 },
  IS_PAST_DATE: { arity: [1, 1], call: (args, context) => relativeToNow(args, context) < 0 },
  ADD_DATE: {
    arity: [3, 3],
    call(args, context) {
      const parts = dateArgument(args, 0, context);
      const amount = integerArgument(args, 1, context);
      return withPattern(context, () => addToParts(parts, amount, textArgument(args, 2)));
    },
  },
};

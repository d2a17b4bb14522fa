// IF("condition", then, else): the condition is quoted text (parsed with the call), or a value
// (a function result such as CONTAIN(…), or a reference holding condition text). Only the branch
// taken is evaluated.
import { truthy } from '../values.ts';
import type { Argument, CallContext, SystemFunction } from './types.ts';

function holds(condition: Argument, context: CallContext): boolean {
  if (context.node.condition) return context.test(context.node.condition);
  const value = condition.value();
  if (typeof value === 'string') return context.testText(value);
  return truthy(value);
}

export const LOGIC_FUNCTIONS: Record<string, SystemFunction> = {
  IF: {
    arity: [3, 3],
    call(args, context) {
      const [condition, then, otherwise] = args as readonly [Argument, Argument, Argument];
      return (holds(condition, context) ? then : otherwise).value();
    },
  },
};

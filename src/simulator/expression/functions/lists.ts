// List functions: CONTAIN, COUNT, APPEND, REMOVE, GET, UNIQUE, MATCH. Items compare as CX `=` does
// (so `2` matches `"2"`), and an unset list reads as empty: agents build lists up from nothing.
import { looseEqual } from '../compare.ts';
import { toText } from '../values.ts';
import { integerArgument, listArgument } from './arguments.ts';
import type { Argument, SystemFunction } from './types.ts';

// APPEND and REMOVE take values one by one or as lists (`REMOVE($flow.x, ["a"])` is real agent code).
function values(args: readonly Argument[]): unknown[] {
  return args.slice(1).flatMap((arg) => {
    const value = arg.value();
    return Array.isArray(value) ? value : [value];
  });
}

export const LIST_FUNCTIONS: Record<string, SystemFunction> = {
  CONTAIN: {
    arity: [2, 2],
    call(args, context) {
      const haystack = args[0]?.value();
      const needle = args[1]?.value();
      if (typeof haystack === 'string') return haystack.includes(toText(needle));
      return listArgument(args, 0, context).some((item) => looseEqual(item, needle));
    },
  },
  COUNT: { arity: [1, 1], call: (args, context) => listArgument(args, 0, context).length },
  APPEND: { arity: [2, Infinity], call: (args, context) => [...listArgument(args, 0, context), ...values(args)] },
  REMOVE: {
    arity: [2, Infinity],
    call(args, context) {
      const unwanted = values(args);
      return listArgument(args, 0, context).filter((item) => !unwanted.some((value) => looseEqual(item, value)));
    },
  },
  GET: {
    arity: [2, 2],
    call(args, context) {
      const list = listArgument(args, 0, context);
      const index = integerArgument(args, 1, context);
      return index >= 0 && index < list.length ? (list[index] ?? null) : null;
    },
  },
  UNIQUE: {
    arity: [1, 1],
    call: (args, context) =>
      listArgument(args, 0, context).filter((item, index, list) => list.findIndex((other) => looseEqual(other, item)) === index),
  },
  MATCH: {
    arity: [2, 2],
    call(args, context) {
      const needle = args[1]?.value();
      return listArgument(args, 0, context).findIndex((item) => looseEqual(item, needle));
    },
  },
};

// The registry of `$sys.func` system functions (spec §14.4): the parser checks names and argument
// counts against it, the evaluator calls through it.
import { DATE_FUNCTIONS } from './dates.ts';
import { LIST_FUNCTIONS } from './lists.ts';
import { LOGIC_FUNCTIONS } from './logic.ts';
import { NUMBER_FUNCTIONS } from './numbers.ts';
import { OBJECT_FUNCTIONS } from './objects.ts';
import { PHONE_FUNCTIONS } from './phone.ts';
import { RANDOM_FUNCTIONS } from './random.ts';
import { TEXT_FUNCTIONS } from './text.ts';
import type { SystemFunction } from './types.ts';

export type { Argument, CallContext, SystemFunction } from './types.ts';

/**
 * Every system function by upper-case name, with its arity.
 * @example SYSTEM_FUNCTIONS.ADD.arity // [2, Infinity]
 */
export const SYSTEM_FUNCTIONS: Readonly<Record<string, SystemFunction>> = {
  ...NUMBER_FUNCTIONS,
  ...RANDOM_FUNCTIONS,
  ...TEXT_FUNCTIONS,
  ...LIST_FUNCTIONS,
  ...OBJECT_FUNCTIONS,
  ...DATE_FUNCTIONS,
  ...PHONE_FUNCTIONS,
  ...LOGIC_FUNCTIONS,
};

/**
 * The registry name for a name as written: upper case, plus the legacy lower-case `rand`.
 * Undefined for a function CX does not have.
 * @example systemFunctionName('rand') // 'RAND'
 */
export function systemFunctionName(written: string): string | undefined {
  const name = written === 'rand' ? 'RAND' : written;
  return Object.hasOwn(SYSTEM_FUNCTIONS, name) ? name : undefined;
}

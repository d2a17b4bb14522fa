// The shape every system function has, and what a call can ask of the evaluator.
import type { CallNode, ConditionNode, ValueNode } from '../ast.ts';
import type { Scope } from '../scope.ts';

/** One argument as written; `value()` evaluates it (IF evaluates only the branch it takes). */
export interface Argument {
  readonly node: ValueNode;
  value(): unknown;
}

export interface CallContext {
  /** The call being evaluated (its name, column and, for IF, its parsed quoted condition). */
  readonly node: CallNode;
  readonly scope: Scope;
  /** Throws ExpressionError at the call's column: `NAME: problem`. */
  fail(problem: string): never;
  /** Evaluates a parsed condition (IF's quoted first argument). */
  test(condition: ConditionNode): boolean;
  /** Parses and evaluates a condition held in a value (IF with a reference as first argument). */
  testText(condition: string): boolean;
  /** Resolves reference text such as `"$session.params.address"` (NESTED_FIELD, FILTER). */
  reference(text: string): unknown;
}

export interface SystemFunction {
  /** Smallest and largest argument count (Infinity: any number). */
  readonly arity: readonly [min: number, max: number];
  call(args: readonly Argument[], context: CallContext): unknown;
}

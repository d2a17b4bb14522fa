// The one error the evaluator throws: a syntax error, an unknown function, a wrong argument count or
// an argument of the wrong kind, always with the 1-based column it points at.
import { CxhookError } from '../../errors/index.ts';

/**
 * A CX expression that cannot be parsed or evaluated (`code` is `CXH_ERR_INVALID_EXPRESSION`).
 * @example try { parseCondition('$a = ') } catch (e) { if (e instanceof ExpressionError) console.log(e.column, e.problem) }
 */
export class ExpressionError extends CxhookError {
  /** 1-based position in the expression (or message text) the problem starts at. */
  readonly column: number;
  /** The problem without the column prefix, e.g. `Unknown system function $sys.func.FOO`. */
  readonly problem: string;
  /** The text that was parsed or evaluated. */
  readonly expression: string;

  constructor(problem: string, column: number, expression: string) {
    super('CXH_ERR_INVALID_EXPRESSION', [column, problem], { details: { column, expression } });
    this.name = 'ExpressionError';
    this.column = column;
    this.problem = problem;
    this.expression = expression;
  }
}

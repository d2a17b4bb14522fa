// Warnings for conditions that parse but probably do not say what their author meant.
import type { ConditionNode, ValueNode } from './ast.ts';
import { parseCondition } from './parser.ts';

/** A warning about a condition, at a 1-based column. */
export interface LintWarning {
  message: string;
  column: number;
}

function visitValue(node: ValueNode, warnings: LintWarning[]): void {
  if (node.kind === 'call') {
    if (node.condition) visit(node.condition, warnings);
    for (const arg of node.args) visitValue(arg, warnings);
  } else if (node.kind === 'list') {
    for (const item of node.items) visitValue(item, warnings);
  }
}

function visit(node: ConditionNode, warnings: LintWarning[]): void {
  switch (node.kind) {
    case 'or':
      for (const operand of node.operands) {
        if (operand.kind === 'and' && !operand.parenthesized) {
          warnings.push({
            message: 'AND and OR are mixed without parentheses; AND binds tighter here, but CX does not document it: write (a AND b) OR c',
            column: operand.operatorColumns[0] ?? operand.column,
          });
        }
        visit(operand, warnings);
      }
      return;
    case 'and':
      for (const operand of node.operands) visit(operand, warnings);
      return;
    case 'not':
      visit(node.operand, warnings);
      return;
    case 'test':
      if (node.value.kind === 'literal' && typeof node.value.value === 'string') {
        warnings.push({ message: `${node.value.raw} on its own is a string, so this condition is always true`, column: node.column });
      }
      visitValue(node.value, warnings);
      return;
    case 'comparison':
      if (node.left.kind === 'literal' || node.left.kind === 'list') {
        warnings.push({ message: 'The left side of a comparison should be a parameter reference or a function call (the right side is cast to its type)', column: node.left.column });
      }
      if (node.right.kind === 'literal' && node.right.quoted && /^null$/i.test(String(node.right.value))) {
        warnings.push({ message: `${node.right.raw} is the text "null"; write null without quotes to test whether the parameter is set`, column: node.right.column });
      }
      visitValue(node.left, warnings);
      visitValue(node.right, warnings);
      return;
  }
}

/**
 * Warnings for a condition that parses but is likely wrong: AND and OR mixed without parentheses,
 * a literal on the left of a comparison, a quoted "null", a bare word as the whole condition.
 * Conditions quoted inside `$sys.func.IF` are checked too. Throws ExpressionError when the
 * condition does not parse.
 * @example lintCondition('$a = 1 AND $b = 2 OR $c = 3') // [{ message: 'AND and OR are mixed …', column: 8 }]
 */
export function lintCondition(text: string): LintWarning[] {
  const warnings: LintWarning[] = [];
  visit(parseCondition(text), warnings);
  return warnings;
}

// Evaluates parsed conditions and values against a Scope.
import type { CallNode, ConditionNode, ValueNode } from './ast.ts';
import { compare } from './compare.ts';
import { ExpressionError } from './expression-error.ts';
import { type Argument, type CallContext, SYSTEM_FUNCTIONS } from './functions/index.ts';
import { parseCondition, sourceOf } from './parser.ts';
import { resolve, resolveReference } from './references.ts';
import type { Scope } from './scope.ts';
import { interpolate } from './template.ts';
import { truthy } from './values.ts';

// Agents repeat the same few hundred conditions every turn; parsing each once is enough.
const parsed = new Map<string, ConditionNode>();
const PARSED_LIMIT = 2000;

// IF can take its condition from a parameter, whose text can hold another IF reading a parameter:
// a parameter that names itself would recurse until the stack gave out.
let conditionsFromValues = 0;
const MAX_CONDITIONS_FROM_VALUES = 16;

function testValueText(text: string, scope: Scope, fail: (problem: string) => never): boolean {
  if (conditionsFromValues >= MAX_CONDITIONS_FROM_VALUES) fail(`conditions taken from parameters nest more than ${MAX_CONDITIONS_FROM_VALUES} deep`);
  conditionsFromValues++;
  try {
    return evaluateCondition(text, scope);
  } finally {
    conditionsFromValues--;
  }
}

function parseCached(text: string): ConditionNode {
  let node = parsed.get(text);
  if (!node) {
    node = parseCondition(text);
    if (parsed.size >= PARSED_LIMIT) parsed.clear();
    parsed.set(text, node);
  }
  return node;
}

/**
 * Evaluates a route or conditional-response condition. Throws ExpressionError for a syntax error
 * or a function that cannot run (e.g. `ADD("a", 1)`).
 * @example evaluateCondition('$session.params.age >= 18 AND $page.params.status = FINAL', scope) // true
 */
export function evaluateCondition(condition: string | ConditionNode, scope: Scope): boolean {
  const node = typeof condition === 'string' ? parseCached(condition) : condition;
  return test(node, scope, typeof condition === 'string' ? condition : sourceOf(node));
}

function test(node: ConditionNode, scope: Scope, source: string): boolean {
  switch (node.kind) {
    case 'or':
      return node.operands.some((operand) => test(operand, scope, source));
    case 'and':
      return node.operands.every((operand) => test(operand, scope, source));
    case 'not':
      return !test(node.operand, scope, source);
    case 'test':
      return truthy(evaluateNode(node.value, scope, source));
    case 'comparison': {
      const { left, right } = node;
      // An unquoted number keeps its spelling for string parameters: `$zip = 02134`.
      const raw = right.kind === 'literal' && !right.quoted && typeof right.value === 'number' ? right.raw : undefined;
      return compare(node.operator, evaluateNode(left, scope, source), evaluateNode(right, scope, source), raw);
    }
  }
}

/**
 * Evaluates one value node: quoted strings are templates, bare words are strings, references read
 * the scope (null when unset), calls run their system function.
 */
export function evaluateNode(node: ValueNode, scope: Scope, source: string): unknown {
  switch (node.kind) {
    case 'literal':
      return node.quoted && typeof node.value === 'string' ? interpolate(node.value, scope) : node.value;
    case 'reference':
      return resolve(node, scope);
    case 'list':
      return node.items.map((item) => evaluateNode(item, scope, source));
    case 'call':
      return call(node, scope, source);
  }
}

function call(node: CallNode, scope: Scope, source: string): unknown {
  const fail = (problem: string): never => {
    throw new ExpressionError(`$sys.func.${node.name}: ${problem}`, node.column, source);
  };
  const context: CallContext = {
    node,
    scope,
    fail,
    test: (condition) => test(condition, scope, source),
    testText: (text) => testValueText(text, scope, fail),
    reference: (text) => resolveReference(text, scope),
  };
  const args: Argument[] = node.args.map((arg) => {
    let done = false;
    let value: unknown;
    return {
      node: arg,
      value() {
        if (!done) {
          value = evaluateNode(arg, scope, source);
          done = true;
        }
        return value;
      },
    };
  });
  const result = SYSTEM_FUNCTIONS[node.name]?.call(args, context);
  return result === undefined ? null : result;
}

// Which parameter a `setParameterActions[].parameter` writes: a plain session parameter name,
// `$flow.x`, `$session.params.x`, or a field inside one written as NESTED_FIELD (real agents do:
// `"parameter": "$sys.func.NESTED_FIELD(\"$session.params.address\", \"city\")"`).
import type { ValueNode } from './ast.ts';
import { ExpressionError } from './expression-error.ts';
import { fieldPath } from './functions/objects.ts';
import { parseValueAt } from './parser.ts';
import { readReference } from './references.ts';

/** Where a preset writes: the scope and the path inside it (first step: the parameter name). */
export interface ParameterTarget {
  scope: 'session' | 'flow' | 'page';
  path: (string | number)[];
}

function referenceTarget(text: string, column: number, source: string): ParameterTarget {
  const read = readReference(text, 0);
  if (!read || read.end !== text.length || read.node.path.length === 0) {
    throw new ExpressionError(`${JSON.stringify(text)} is not a parameter to set`, column, source);
  }
  const { scope, path } = read.node;
  if (scope === 'intent' || scope === 'request') throw new ExpressionError(`$${scope} parameters cannot be set`, column, source);
  return { scope, path };
}

function fieldOf(node: ValueNode, source: string): (string | number)[] {
  if (node.kind === 'literal' && node.value !== null) return fieldPath(String(node.value));
  throw new ExpressionError('NESTED_FIELD names its fields with literal text here', node.column, source);
}

/**
 * The parameter a preset writes.
 * @example parameterTarget('$sys.func.NESTED_FIELD("$session.params.address", "zip-code")') // { scope: 'session', path: ['address', 'zip-code'] }
 * @example parameterTarget('$flow.counter') // { scope: 'flow', path: ['counter'] }
 */
export function parameterTarget(parameter: string): ParameterTarget {
  const text = parameter.trim();
  if (!text.startsWith('$')) {
    if (text === '') throw new ExpressionError('The parameter name is empty', 1, parameter);
    return { scope: 'session', path: [text] };
  }
  if (!text.startsWith('$sys.func.')) return referenceTarget(text, 1, parameter);
  const { node, end } = parseValueAt(text, 0);
  if (node.kind !== 'call' || node.name !== 'NESTED_FIELD' || text.slice(end).trim() !== '') {
    throw new ExpressionError('Only $sys.func.NESTED_FIELD can name a parameter to set', 1, parameter);
  }
  const [base, ...fields] = node.args as [ValueNode, ...ValueNode[]];
  let target: ParameterTarget;
  if (base.kind === 'reference') target = referenceTarget(base.text, base.column, parameter);
  else if (base.kind === 'literal' && base.quoted) target = referenceTarget(String(base.value).trim(), base.column, parameter);
  else throw new ExpressionError('NESTED_FIELD needs the parameter first, e.g. "$session.params.address"', base.column, parameter);
  return { scope: target.scope, path: [...target.path, ...fields.flatMap((field) => fieldOf(field, parameter))] };
}

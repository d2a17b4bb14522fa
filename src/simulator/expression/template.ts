// Text with references and `$sys.func` calls in it (message text, parameter preset values, quoted
// strings inside expressions). Only what starts with a known `$` form is read; the prose around it
// can be anything, and `$`-words CX does not resolve (`$conversation`, `$5`) stay as written.
import type { ValueNode } from './ast.ts';
import { evaluateNode } from './evaluate.ts';
import { parseValueAt } from './parser.ts';
import { readReference } from './references.ts';
import type { Scope } from './scope.ts';
import { isRecord, toText } from './values.ts';

/** A piece of template text: prose as it is, or a reference / call to fill in. */
export type TemplatePart = { text: string } | { node: ValueNode; text: string };

/**
 * Splits text into prose and expressions. Throws ExpressionError (column counted in `text`) for a
 * broken `$sys.func` call, so `cxhook check` can report it.
 * @example parseTemplate('Hi $session.params.name!') // [{ text: 'Hi ' }, { node: …, text: '$session.params.name' }, { text: '!' }]
 */
export function parseTemplate(text: string): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let prose = '';
  let position = 0;
  for (let at = text.indexOf('$'); at !== -1; at = text.indexOf('$', position)) {
    let read: { node: ValueNode; end: number } | undefined;
    if (text.startsWith('$sys.func.', at)) read = parseValueAt(text, at);
    else read = readReference(text, at);
    prose += text.slice(position, read ? at : at + 1);
    position = read ? read.end : at + 1;
    if (!read) continue;
    if (prose) parts.push({ text: prose });
    prose = '';
    parts.push({ node: read.node, text: text.slice(at, read.end) });
  }
  prose += text.slice(position);
  if (prose) parts.push({ text: prose });
  return parts;
}

/**
 * Fills references and `$sys.func` calls into message text. An unset parameter renders as ""
 * (numbers as `3`, not `3.0`; lists joined with ", "; objects as JSON); see docs/expressions.md.
 * @example interpolate('Total: $sys.func.ADD($flow.a, 1) for $session.params.name', scope) // 'Total: 3 for Ann'
 */
export function interpolate(text: string, scope: Scope): string {
  if (!text.includes('$')) return text;
  return renderParts(parseTemplate(text), scope, text);
}

function renderParts(parts: readonly TemplatePart[], scope: Scope, text: string): string {
  return parts.map((part) => ('node' in part ? toText(evaluateNode(part.node, scope, text)) : part.text)).join('');
}

/**
 * Evaluates a parameter preset (`setParameterActions[].value`): a string that is exactly one
 * reference or call gives its typed value (number, list, object, null); a string with expressions
 * inside gives the filled-in text; lists and objects are evaluated item by item; other values stay.
 * @example evaluateValue('$sys.func.ADD($flow.count, 1)', scope) // 3
 */
export function evaluateValue(value: unknown, scope: Scope): unknown {
  if (typeof value === 'string') {
    // Blank prose around one expression (`"$flow.x "`) does not make it text.
    const parts = parseTemplate(value).filter((part) => 'node' in part || part.text.trim() !== '');
    const [only] = parts;
    if (parts.length === 1 && only && 'node' in only) return evaluateNode(only.node, scope, value);
    return renderParts(parseTemplate(value), scope, value);
  }
  if (Array.isArray(value)) return value.map((item) => evaluateValue(item, scope));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, evaluateValue(item, scope)]));
  return value === undefined ? null : value;
}

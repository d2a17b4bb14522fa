// Object functions: IDENTITY, GET_FIELD, NESTED_FIELD, FILTER, TO_OBJECT.
import { JSONPath } from 'jsonpath-plus';
import { walk } from '../references.ts';
import { describe, isRecord } from '../values.ts';
import { textArgument } from './arguments.ts';
import { parseLooseObject } from './loose-object.ts';
import type { Argument, CallContext, SystemFunction } from './types.ts';

// NESTED_FIELD and FILTER name their parameter in quotes ("$session.params.address"): the quoted text
// is the reference itself, not a template to fill in. An unquoted argument is used as its value.
function referenced(arg: Argument | undefined, context: CallContext): unknown {
  if (arg?.node.kind === 'literal' && arg.node.quoted && typeof arg.node.value === 'string' && arg.node.value.trim().startsWith('$')) {
    return context.reference(arg.node.value);
  }
  return arg?.value() ?? null;
}

/** A field argument as path steps: it may itself be a small path (`"a.b"`, `"c[0]"`). */
export function fieldPath(field: string): (string | number)[] {
  return field.split('.').flatMap((part) => {
    const [name = '', ...indexes] = part.split('[');
    return [...(name ? [name] : []), ...indexes.map((index) => (/^\d+\]$/.test(index) ? Number.parseInt(index, 10) : index.replace(/\]$/, '')))];
  });
}

export const OBJECT_FUNCTIONS: Record<string, SystemFunction> = {
  IDENTITY: { arity: [1, 1], call: (args) => args[0]?.value() ?? null },
  GET_FIELD: {
    arity: [2, 2],
    call(args, context) {
      const object = args[0]?.value();
      if (object === null || object === undefined) return null;
      if (!isRecord(object)) return context.fail(`argument 1 must be an object, got ${describe(object)}`);
      const field = textArgument(args, 1);
      return Object.hasOwn(object, field) ? (object[field] ?? null) : null;
    },
  },
  NESTED_FIELD: {
    arity: [2, Infinity],
    call(args, context) {
      const path = args.slice(1).flatMap((_, index) => fieldPath(textArgument(args, index + 1)));
      return walk(referenced(args[0], context), path);
    },
  },
  FILTER: {
    arity: [2, 2],
    call(args, context) {
      const json = referenced(args[0], context);
      if (json === null) return [];
      if (typeof json !== 'object') return context.fail(`argument 1 must be an object or a list, got ${describe(json)}`);
      try {
        return JSONPath({ path: textArgument(args, 1), json: json as object, wrap: true, eval: 'safe' }) as unknown as unknown[];
      } catch (error) {
        return context.fail(`invalid JSONPath ${describe(textArgument(args, 1))}: ${(error as Error).message}`);
      }
    },
  },
  TO_OBJECT: {
    arity: [1, 1],
    call(args, context) {
      const value = args[0]?.value();
      if (value === null || value === undefined || typeof value === 'object') return value ?? null;
      let parsed: unknown;
      try {
        parsed = parseLooseObject(String(value));
      } catch (error) {
        return context.fail(`${describe(value)} is not an object: ${(error as Error).message}`);
      }
      if (typeof parsed !== 'object' || parsed === null) context.fail(`${describe(value)} is not an object or a list`);
      return parsed;
    },
  },
};

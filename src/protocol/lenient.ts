// What "lenient" means for a request, applied before the schema check: proto3 JSON allows `null` for
// an unset message field and numbers for enum values. The fields where that applies are read off
// the request schema once, so this stays in step with it; a zod preprocess step on every field cost
// a third of the time of a whole webhook call.
import type { z } from 'zod';
import { isPlainObject } from './json.ts';

interface Plan {
  /** Object fields that may need fixing, by name. */
  fields?: Map<string, FieldPlan>;
  /** Plan for each element (repeated fields) or each value (maps of messages). */
  each?: Plan;
}

interface FieldPlan {
  /** An optional field: `null` means unset and is removed. */
  optional: boolean;
  /** Enum names by number, for enum fields. */
  enumNames?: readonly string[];
  plan?: Plan;
}

type Def = { type: string; [key: string]: unknown };
const defOf = (schema: unknown): Def => (schema as { _zod: { def: Def } })._zod.def;

/** Looks through wrappers (optional, catch, pipe) to the schema that gives a value its shape. */
function unwrap(schema: unknown): { inner: unknown; optional: boolean } {
  let current = schema;
  let optional = false;
  for (;;) {
    const def = defOf(current);
    if (def.type === 'optional') optional = true;
    if (def.type === 'optional' || def.type === 'nullable' || def.type === 'catch' || def.type === 'default') current = def.innerType;
    else if (def.type === 'pipe') current = def.in;
    else return { inner: current, optional };
  }
}

function planOf(schema: unknown): Plan | undefined {
  const def = defOf(schema);
  if (def.type === 'array' || def.type === 'record') {
    const each = planOf(unwrap(def.type === 'array' ? def.element : def.valueType).inner);
    return each ? { each } : undefined;
  }
  if (def.type !== 'object') return undefined;
  const fields = new Map<string, FieldPlan>();
  for (const [name, field] of Object.entries(def.shape as Record<string, unknown>)) {
    const { inner, optional } = unwrap(field);
    const innerDef = defOf(inner);
    const enumNames = innerDef.type === 'enum' ? Object.values(innerDef.entries as Record<string, string>) : undefined;
    const plan = planOf(inner);
    if (optional || enumNames || plan) fields.set(name, { optional, ...(enumNames ? { enumNames } : {}), ...(plan ? { plan } : {}) });
  }
  return { fields };
}

/**
 * `value` fixed along `plan`: nulls removed, enum numbers named. Copy-on-write: only the objects and
 * arrays on the path to a fix are copied (shallowly), everything else is shared with the input and
 * the input itself is never modified. A whole-value structuredClone would throw on a deeply nested
 * payload (10 000 levels overflow its recursion) and copy megabytes to fix one null.
 */
function fixed(value: unknown, plan: Plan): unknown {
  if (plan.each) {
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      value.forEach((item, index) => {
        const next = fixed(item, plan.each as Plan);
        if (next !== item) (copy ??= [...value])[index] = next;
      });
      return copy ?? value;
    }
    if (!isPlainObject(value)) return value;
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(value)) {
      const next = fixed(value[key], plan.each);
      if (next !== value[key]) (copy ??= { ...value })[key] = next;
    }
    return copy ?? value;
  }
  if (!plan.fields || !isPlainObject(value)) return value;
  let copy: Record<string, unknown> | undefined;
  for (const [name, field] of plan.fields) {
    const current = value[name];
    if (current === undefined) continue;
    if (current === null && field.optional) {
      delete (copy ??= { ...value })[name];
    } else if (typeof current === 'number' && field.enumNames) {
      const named = field.enumNames[current];
      if (named !== undefined) (copy ??= { ...value })[name] = named;
    } else if (field.plan && typeof current === 'object') {
      const next = fixed(current, field.plan);
      if (next !== current) (copy ??= { ...value })[name] = next;
    }
  }
  return copy ?? value;
}

/**
 * Returns a normaliser for values of `schema`: it gives back the value itself when nothing needs
 * fixing (the common case: no copy), else a fixed copy that may share unchanged parts with the
 * input. The input is never modified.
 */
export function lenientNormaliser(schema: z.ZodType): (value: unknown) => unknown {
  const plan = planOf(schema);
  if (!plan) return (value) => value;
  return (value) => fixed(value, plan);
}

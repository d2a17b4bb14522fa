// google.protobuf.Struct / Value as they look on the wire: plain JSON.
import * as z from 'zod';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

const MAX_DEPTH = 64;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * True when `value` survives JSON.stringify unchanged: finite numbers, plain objects and arrays only.
 * A hand check instead of a recursive zod union: it runs on every session parameter of every
 * response, and a JSON value has no shape to describe beyond this.
 */
export function isJsonValue(value: unknown, depth = 0): value is JsonValue {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (depth >= MAX_DEPTH) return false;
  if (Array.isArray(value)) return value.every((item) => isJsonValue(item, depth + 1));
  if (!isPlainObject(value)) return false;
  for (const key in value) if (!isJsonValue(value[key], depth + 1)) return false;
  return true;
}

/**
 * JSON Schema for the custom types below, which zod cannot describe itself; read by the compiled
 * validator (compiled.ts). Deep JSON-ness is checked there separately, so objects are enough.
 */
export const jsonSchemaOf = new WeakMap<z.ZodType, Record<string, unknown>>();

function described<T extends z.ZodType>(schema: T, jsonSchema: Record<string, unknown>): T {
  jsonSchemaOf.set(schema, jsonSchema);
  return schema;
}

const NOT_JSON = 'must be a JSON value (string, finite number, boolean, null, plain object or array)';

/**
 * google.protobuf.Value. `deep` checks every nested value (what we send); without it any value is
 * accepted, since whatever JSON.parse produced is JSON already (what CX sends).
 */
export function jsonValue(deep: boolean) {
  return described(z.custom<JsonValue>((value) => value !== undefined && (!deep || isJsonValue(value)), { message: NOT_JSON }), {});
}

/** google.protobuf.Struct: a JSON object. */
export function jsonObject(deep: boolean) {
  const schema = z.custom<JsonObject>((value) => isPlainObject(value) && (!deep || isJsonValue(value)), {
    message: 'must be a JSON object',
  });
  return described(schema, { type: 'object' });
}

/**
 * map<string, google.protobuf.Value> (session parameters). One check for the whole map rather than a
 * zod record: a record costs ~0.3 µs per key, and real sessions carry hundreds of parameters.
 */
export function jsonMap(deep: boolean) {
  const schema = z.custom<Record<string, JsonValue>>().superRefine((value, ctx) => {
    if (!isPlainObject(value)) {
      ctx.addIssue({ code: 'custom', message: 'must be an object of parameter values' });
      return;
    }
    if (!deep) return;
    for (const key in value) {
      if (!isJsonValue(value[key])) ctx.addIssue({ code: 'custom', message: NOT_JSON, path: [key] });
    }
  });
  return described(schema, { type: 'object' });
}

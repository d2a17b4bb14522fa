// Test oracle: Google's own Dialogflow CX v3 proto definitions (the protos.json shipped with
// @google-cloud/dialogflow-cx), and a walker that compares a zod schema with a proto message type
// field by field. The walker never throws on a difference: it returns every mismatch with the path
// where it was found, so a test can show all of them at once (and a negative control can prove it
// finds them).
import { createRequire } from 'node:module';
import protobuf from 'protobufjs';
import { z } from 'zod';

export const CX_PACKAGE = 'google.cloud.dialogflow.cx.v3';

let cachedRoot: protobuf.Root | undefined;

/** The resolved protobufjs root of every proto the Dialogflow CX client ships. */
export function protoRoot(): protobuf.Root {
  if (cachedRoot) return cachedRoot;
  const require = createRequire(import.meta.url);
  const json = require('@google-cloud/dialogflow-cx/build/protos/protos.json') as protobuf.INamespace;
  const root = protobuf.Root.fromJSON(json);
  root.resolveAll();
  cachedRoot = root;
  return root;
}

/** A message type of the CX v3 package, by its name relative to the package ("PageInfo.FormInfo"). */
export function cxType(name: string): protobuf.Type {
  return protoRoot().lookupType(`${CX_PACKAGE}.${name}`);
}

/** An enum of the CX v3 package, by its name relative to the package. */
export function cxEnum(name: string): protobuf.Enum {
  return protoRoot().lookupEnum(`${CX_PACKAGE}.${name}`);
}

/** A proto type's full name without protobufjs' leading dot. */
export function typeName(type: protobuf.ReflectionObject): string {
  return type.fullName.replace(/^\./, '');
}

/** Enum value names ordered by number. */
export function enumNames(protoEnum: protobuf.Enum): string[] {
  return Object.entries(protoEnum.values)
    .sort(([, a], [, b]) => a - b)
    .map(([name]) => name);
}

/** The `google.api.field_behavior` annotations of a field (REQUIRED, OUTPUT_ONLY, ...). */
export function fieldBehaviors(field: protobuf.Field): string[] {
  const behaviors = new Set<string>();
  const add = (value: unknown) => {
    if (typeof value === 'string') behaviors.add(value);
    else if (Array.isArray(value)) for (const item of value) add(item);
  };
  add(field.options?.['(google.api.field_behavior)']);
  const parsedOptions: unknown = field.parsedOptions;
  if (Array.isArray(parsedOptions)) {
    for (const parsed of parsedOptions as Array<Record<string, unknown>>) add(parsed['(google.api.field_behavior)']);
  }
  return [...behaviors];
}

const STRUCT = 'google.protobuf.Struct';
const VALUE = 'google.protobuf.Value';
const LIST_VALUE = 'google.protobuf.ListValue';

/**
 * Every CX message type reachable from `root` through its fields (map values and repeated elements
 * included), `root` itself too. google.protobuf.* types are leaves and are not listed.
 */
export function reachableMessageTypes(root: protobuf.Type): Set<string> {
  const seen = new Set<string>();
  const visit = (type: protobuf.Type) => {
    const name = typeName(type);
    if (name.startsWith('google.protobuf.') || seen.has(name)) return;
    seen.add(name);
    for (const field of type.fieldsArray) {
      if (field.resolvedType instanceof protobuf.Type) visit(field.resolvedType);
    }
  };
  visit(root);
  return seen;
}

// ---------------------------------------------------------------------------------------------
// zod introspection (zod 4 keeps each schema's definition in `schema._zod.def`)

type AnyDef = z.core.$ZodTypes['_zod']['def'];

function defOf(schema: z.core.$ZodType): AnyDef {
  return schema._zod.def as AnyDef;
}

export interface Unwrapped {
  /** The schema that describes the wire value, wrappers removed. */
  readonly schema: z.core.$ZodType;
  readonly def: AnyDef;
  /** The wrappers that were removed, outermost first (`optional`, `pipe`, `catch`, ...). */
  readonly wrappers: readonly string[];
}

/**
 * Strips optional/nullable/default/catch/readonly wrappers, `z.preprocess` (a pipe whose input is a
 * transform: the wire value is what the pipe's output schema checks) and `.transform()` (a pipe whose
 * input schema checks the wire value), and lazy getters.
 */
export function unwrap(schema: z.core.$ZodType): Unwrapped {
  const wrappers: string[] = [];
  let current = schema;
  for (;;) {
    const def = defOf(current);
    switch (def.type) {
      case 'optional':
      case 'nullable':
      case 'default':
      case 'prefault':
      case 'nonoptional':
      case 'catch':
      case 'readonly':
        wrappers.push(def.type);
        current = def.innerType;
        continue;
      case 'pipe':
        wrappers.push('pipe');
        current = defOf(def.in).type === 'transform' ? def.out : def.in;
        continue;
      case 'lazy':
        wrappers.push('lazy');
        current = def.getter();
        continue;
      default:
        return { schema: current, def, wrappers };
    }
  }
}

/** The values a zod enum accepts, in declaration order. */
export function zodEnumValues(schema: z.core.$ZodType): string[] | undefined {
  const { def } = unwrap(schema);
  if (def.type !== 'enum') return undefined;
  return Object.values(def.entries).map(String);
}

// ---------------------------------------------------------------------------------------------
// The walker

export interface Mismatch {
  readonly path: string;
  readonly message: string;
}

export interface EnumComparison {
  readonly path: string;
  readonly protoEnum: string;
  readonly protoValues: readonly string[];
  readonly zodValues: readonly string[];
}

export interface FieldRecord {
  readonly path: string;
  readonly field: protobuf.Field;
  /** False when the zod schema accepts the field's absence. */
  readonly zodRequired: boolean;
  readonly behaviors: readonly string[];
}

export interface WalkReport {
  readonly mismatches: Mismatch[];
  /** Proto message type full name -> the paths where a zod object was compared with it. */
  readonly visited: Map<string, string[]>;
  readonly enums: EnumComparison[];
  /** Proto fields left out of the zod schema because `omitted` allowed it. */
  readonly omitted: Array<{ path: string; type: string; field: string }>;
  /** Every proto field that was matched with a zod field. */
  readonly fields: FieldRecord[];
}

export interface WalkOptions {
  /** Proto fields a zod object leaves out on purpose, keyed by the proto type's full name. */
  readonly omitted?: ReadonlyMap<string, readonly string[]>;
  /** 'strip' (z.object: unknown keys dropped) or 'strict' (z.strictObject: unknown keys refused). */
  readonly unknownKeys: 'strip' | 'strict';
  /** Whether Struct/Value schemas must refuse values that are not JSON (NaN, Infinity, ...). */
  readonly deepJson: boolean;
}

type JsonKind = 'struct' | 'value' | 'list' | 'map';

/** What a schema standing for a google.protobuf JSON type must accept and refuse. */
const JSON_PROBES: Record<JsonKind, { accept: unknown[]; refuse: unknown[]; refuseDeep: unknown[] }> = {
  struct: {
    accept: [{}, { a: 1, b: 'x', c: { d: [true, null] } }],
    refuse: [undefined, null, 1, 'x', true, []],
    refuseDeep: [{ a: Number.NaN }, { a: { b: [Infinity] } }],
  },
  value: {
    accept: [null, 0, 1.5, '', 'x', true, false, [], [1, 'x'], {}, { a: { b: [null] } }],
    refuse: [undefined],
    refuseDeep: [Number.NaN, Infinity, [Number.NaN], { a: -Infinity }],
  },
  list: {
    accept: [[], [1, 'x', null, { a: 1 }]],
    refuse: [undefined, null, {}, 1, 'x'],
    refuseDeep: [[Number.NaN]],
  },
  map: {
    accept: [{}, { a: 1, b: 'x', c: null, d: [1], e: { f: true } }],
    refuse: [undefined, null, 1, 'x', []],
    refuseDeep: [{ a: Number.NaN }, { a: [Infinity] }],
  },
};

const NUMBER_TYPES = new Set(['double', 'float', 'int32', 'uint32', 'sint32', 'fixed32', 'sfixed32']);
const INT64_TYPES = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);

/** The zod def type a proto scalar maps to in proto3 JSON. */
function scalarKinds(protoType: string): readonly string[] | undefined {
  if (protoType === 'string' || protoType === 'bytes') return ['string']; // bytes: base64 text
  if (protoType === 'bool') return ['boolean'];
  if (NUMBER_TYPES.has(protoType)) return ['number'];
  if (INT64_TYPES.has(protoType)) return ['string', 'number']; // JSON carries 64-bit ints as strings
  return undefined;
}

function describe(value: unknown): string {
  if (value === undefined) return 'undefined';
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  return JSON.stringify(value);
}

/**
 * Compares the zod object `schema` with the proto message `type`, recursively. `rootPath` names the
 * root in mismatch paths ("WebhookRequest"); fields are joined with ".", array elements are "[]" and
 * map values "{}" (`WebhookRequest.intentInfo.parameters{}.originalValue`).
 */
export function compareWithProto(
  schema: z.core.$ZodType,
  type: protobuf.Type,
  rootPath: string,
  options: WalkOptions,
): WalkReport {
  const report: WalkReport = { mismatches: [], visited: new Map(), enums: [], omitted: [], fields: [] };
  const fail = (path: string, message: string) => report.mismatches.push({ path, message });

  const compareObject = (zodSchema: z.core.$ZodType, protoType: protobuf.Type, path: string, stack: string[]) => {
    const name = typeName(protoType);
    if (stack.includes(name)) return; // recursive proto: compared once per branch
    const { def } = unwrap(zodSchema);
    if (def.type !== 'object') {
      fail(path, `proto message ${name} must be a zod object, found '${def.type}'`);
      return;
    }
    report.visited.set(name, [...(report.visited.get(name) ?? []), path]);

    const catchall = def.catchall ? defOf(def.catchall).type : undefined;
    if (options.unknownKeys === 'strict' && catchall !== 'never') {
      fail(path, `must refuse unknown keys (z.strictObject), found catchall ${catchall ?? 'none (keys stripped)'}`);
    }
    if (options.unknownKeys === 'strip' && catchall !== undefined) {
      fail(path, `must drop unknown keys (z.object), found catchall '${catchall}'`);
    }

    const shape = def.shape;
    const zodKeys = new Set(Object.keys(shape));
    const protoFields = new Map(protoType.fieldsArray.map((field) => [field.name, field]));
    const allowedOmissions = new Set(options.omitted?.get(name) ?? []);

    for (const key of zodKeys) {
      if (!protoFields.has(key)) fail(`${path}.${key}`, `zod field '${key}' is not a field of proto ${name}`);
    }
    for (const omission of allowedOmissions) {
      if (!protoFields.has(omission)) fail(`${path}.${omission}`, `'${omission}' is listed as omitted but proto ${name} has no such field`);
      else if (zodKeys.has(omission)) fail(`${path}.${omission}`, `'${omission}' must be omitted from the zod schema but is present`);
    }
    for (const [fieldName, field] of protoFields) {
      const fieldPath = `${path}.${fieldName}`;
      const fieldSchema = shape[fieldName];
      if (!fieldSchema) {
        if (allowedOmissions.has(fieldName)) report.omitted.push({ path: fieldPath, type: name, field: fieldName });
        else fail(fieldPath, `proto field ${name}.${fieldName} is missing from the zod schema`);
        continue;
      }
      report.fields.push({
        path: fieldPath,
        field,
        zodRequired: !z.safeParse(fieldSchema, undefined).success,
        behaviors: fieldBehaviors(field),
      });
      compareField(fieldSchema, field, fieldPath, [...stack, name]);
    }
  };

  const compareField = (zodSchema: z.core.$ZodType, field: protobuf.Field, path: string, stack: string[]) => {
    const { def } = unwrap(zodSchema);
    if (field.map) {
      const keyType = (field as unknown as protobuf.MapField).keyType;
      const valueIsJson = field.resolvedType instanceof protobuf.Type && typeName(field.resolvedType) === VALUE;
      if (def.type === 'record') {
        const keyKinds = scalarKinds(keyType) ?? [];
        const zodKey = unwrap(def.keyType).def.type;
        if (!keyKinds.includes(zodKey) && !(keyKinds.includes('number') && zodKey === 'string')) {
          fail(`${path}{key}`, `map key ${keyType} must be a zod ${keyKinds.join(' or ')}, found '${zodKey}'`);
        }
        compareSingle(def.valueType, field, `${path}{}`, stack);
      } else if (def.type === 'custom' && valueIsJson) {
        probeJson(zodSchema, 'map', path);
      } else {
        fail(path, `proto map<${keyType}, ${field.type}> must be a zod record${valueIsJson ? ' or jsonMap' : ''}, found '${def.type}'`);
      }
      return;
    }
    if (field.repeated) {
      if (def.type !== 'array') {
        fail(path, `repeated proto field must be a zod array, found '${def.type}'`);
        return;
      }
      compareSingle(def.element, field, `${path}[]`, stack);
      return;
    }
    compareSingle(zodSchema, field, path, stack);
  };

  /** One value of the field's type (the element of a repeated field, the value of a map). */
  const compareSingle = (zodSchema: z.core.$ZodType, field: protobuf.Field, path: string, stack: string[]) => {
    const { def } = unwrap(zodSchema);
    const resolved = field.resolvedType;
    if (resolved instanceof protobuf.Enum) {
      const protoValues = enumNames(resolved);
      if (def.type !== 'enum') {
        fail(path, `proto enum ${typeName(resolved)} must be a zod enum, found '${def.type}'`);
        return;
      }
      const zodValues = Object.values(def.entries).map(String);
      report.enums.push({ path, protoEnum: typeName(resolved), protoValues, zodValues });
      if (JSON.stringify(zodValues) !== JSON.stringify(protoValues)) {
        fail(path, `enum ${typeName(resolved)} is [${protoValues.join(', ')}] in the proto, [${zodValues.join(', ')}] in zod`);
      }
      return;
    }
    if (resolved instanceof protobuf.Type) {
      const name = typeName(resolved);
      const jsonKind: JsonKind | undefined =
        name === STRUCT ? 'struct' : name === VALUE ? 'value' : name === LIST_VALUE ? 'list' : undefined;
      if (jsonKind) {
        if (def.type !== 'custom') fail(path, `${name} must be one of the custom JSON schemas, found '${def.type}'`);
        else probeJson(zodSchema, jsonKind, path);
        return;
      }
      if (name.startsWith('google.protobuf.')) {
        fail(path, `well-known type ${name} is not handled by the oracle`);
        return;
      }
      compareObject(zodSchema, resolved, path, stack);
      return;
    }
    const kinds = scalarKinds(field.type);
    if (!kinds) {
      fail(path, `proto scalar type '${field.type}' is not handled by the oracle`);
      return;
    }
    if (!kinds.includes(def.type)) {
      fail(path, `proto ${field.type} must be a zod ${kinds.join(' or ')}, found '${def.type}'`);
    }
  };

  /** Behavioural check of a custom schema standing for Struct, Value, ListValue or map<string, Value>. */
  const probeJson = (zodSchema: z.core.$ZodType, kind: JsonKind, path: string) => {
    const inner = unwrap(zodSchema).schema;
    const probes = JSON_PROBES[kind];
    for (const value of probes.accept) {
      if (!z.safeParse(inner, value).success) fail(path, `${kind} schema must accept ${describe(value)}`);
    }
    for (const value of probes.refuse) {
      if (z.safeParse(inner, value).success) fail(path, `${kind} schema must refuse ${describe(value)}`);
    }
    if (options.deepJson) {
      for (const value of probes.refuseDeep) {
        if (z.safeParse(inner, value).success) fail(path, `${kind} schema must refuse non-JSON ${describe(value)}`);
      }
    }
  };

  compareObject(schema, type, rootPath, []);
  return report;
}

/** Mismatches as one line each, for assertion messages. */
export function formatMismatches(mismatches: readonly Mismatch[]): string {
  return mismatches.map((m) => `  ${m.path}: ${m.message}`).join('\n');
}

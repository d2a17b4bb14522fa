// What the fuzzer sends: WebhookRequests generated from the request schema itself (zod → JSON Schema
// → fast-check, so the generator cannot drift from the contract), and mutations of the real requests
// in ../shared/fixtures/requests. Each case carries the answers it may get (see oracle.ts); the
// expectation is decided from the bytes themselves, independently of the pipeline under test.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { toJsonSchema } from '../../src/protocol/compiled.ts';
import { requestSchemas } from '../../src/protocol/schemas.ts';
import { sharedFixture } from '../../tools/support/shared-fixtures.ts';

type JsonSchema = {
  type?: string;
  enum?: unknown[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: JsonSchema | boolean;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
};

/** One allowed answer: a status, and for errors the code the body must carry. */
export interface Allowed {
  status: number;
  code?: string;
}

export interface FuzzCase {
  /** `valid`, or `mutation:<kind>` with the fixture it started from. */
  kind: string;
  body: string | Buffer;
  headers: Record<string, string>;
  allowed: Allowed[];
  /** For generated valid requests: the request, so the response's form checks can see the page. */
  request?: Record<string, unknown>;
}

// ---------------------------------------------------------------------------------------------------
// JSON Schema → arbitrary

const anyJson = fc.jsonValue({ maxDepth: 3 });
const text = fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 40 }), fc.string({ unit: 'grapheme-ascii' }));
const number = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));

/**
 * An arbitrary for the values `schema` accepts. `overrides` replaces the arbitrary at a dotted path
 * (e.g. `fulfillmentInfo.tag`); a path the schema does not have is an error, so an override cannot
 * outlive the field it targets.
 */
export function arbitraryFromJsonSchema(
  schema: JsonSchema,
  overrides: Record<string, fc.Arbitrary<unknown>> = {},
): fc.Arbitrary<unknown> {
  const used = new Set<string>();
  const build = (node: JsonSchema, path: string): fc.Arbitrary<unknown> => {
    const override = overrides[path];
    if (override) {
      used.add(path);
      return override;
    }
    if (node.enum) return fc.constantFrom(...node.enum);
    const variants = node.anyOf ?? node.oneOf;
    if (variants) return fc.oneof(...variants.map((variant) => build(variant, path)));
    switch (node.type) {
      case 'string':
        return text;
      case 'number':
        return number;
      case 'integer':
        return fc.integer();
      case 'boolean':
        return fc.boolean();
      case 'null':
        return fc.constant(null);
      case 'array':
        return fc.array(node.items ? build(node.items, `${path}[]`) : anyJson, { maxLength: 4 });
      case 'object': {
        if (node.properties) {
          const shape = Object.fromEntries(
            Object.entries(node.properties).map(([key, child]) => [key, build(child, path ? `${path}.${key}` : key)]),
          );
          return fc.record(shape, { requiredKeys: node.required ?? [] });
        }
        const values = typeof node.additionalProperties === 'object' ? build(node.additionalProperties, `${path}{}`) : anyJson;
        return fc.dictionary(text, values, { maxKeys: 4 });
      }
      default:
        // `{}`: any JSON value (google.protobuf.Value).
        return anyJson;
    }
  };
  const arbitrary = build(schema, '');
  const unused = Object.keys(overrides).filter((path) => !used.has(path));
  if (unused.length > 0) throw new Error(`overrides for paths the schema does not have: ${unused.join(', ')}`);
  return arbitrary;
}

export const REQUEST_JSON_SCHEMA = toJsonSchema(requestSchemas.webhookRequest) as JsonSchema;

/** Tags the fuzz app handles (oracle.ts); `slow` is rare since each costs a deadline. */
export const FAST_TAGS = ['reply', 'params', 'invalidate', 'transition', 'throws'] as const;

const tag = fc.oneof(
  { weight: 10, arbitrary: fc.constantFrom(...FAST_TAGS) },
  { weight: 1, arbitrary: fc.constant('slow') },
  { weight: 2, arbitrary: text },
);

/** WebhookRequests as the schema allows them, routed mostly to the fuzz app's handlers. */
export const webhookRequest = arbitraryFromJsonSchema(REQUEST_JSON_SCHEMA, { 'fulfillmentInfo.tag': tag }) as fc.Arbitrary<
  Record<string, unknown>
>;

const JSON_TYPE = { 'content-type': 'application/json' };

export const validCase: fc.Arbitrary<FuzzCase> = webhookRequest.map((request) => ({
  kind: 'valid',
  body: JSON.stringify(request),
  headers: JSON_TYPE,
  allowed: [{ status: 200 }],
  request,
}));

// ---------------------------------------------------------------------------------------------------
// Expectations, from the bytes alone

const MALFORMED = { status: 400, code: 'CXH_ERR_MALFORMED_JSON' };
const INVALID = { status: 400, code: 'CXH_ERR_INVALID_REQUEST' };
/** What the JSON limits (depth, key count) answer; allowed only for cases built to be deep. */
const TOO_COMPLEX = { status: 400, code: 'CXH_ERR_JSON_TOO_COMPLEX' };
const UNSUPPORTED = { status: 415, code: 'CXH_ERR_UNSUPPORTED_MEDIA_TYPE' };

function isPlainObject(value: unknown): boolean {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The answers a JSON-typed body may get: not JSON → 400 malformed; JSON but not an object → 400
 * invalid; an object → 200 or 400 invalid (whether a mutation kept it a WebhookRequest is the
 * pipeline's call). Bytes that are not UTF-8 may be read either way.
 */
export function allowedFor(body: string | Buffer, options: { deep?: boolean } = {}): Allowed[] {
  const extra = options.deep ? [TOO_COMPLEX] : [];
  let textBody: string;
  if (typeof body === 'string') textBody = body;
  else {
    try {
      textBody = new TextDecoder('utf-8', { fatal: true }).decode(body);
    } catch {
      return [{ status: 200 }, MALFORMED, INVALID, ...extra];
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(textBody);
  } catch {
    return [MALFORMED, ...extra];
  }
  return isPlainObject(json) ? [{ status: 200 }, INVALID, ...extra] : [INVALID, ...extra];
}

// ---------------------------------------------------------------------------------------------------
// Mutations of real requests

const FIXTURES_DIR = sharedFixture('requests/');

export const FIXTURES: ReadonlyArray<{ name: string; request: Record<string, unknown> }> = readdirSync(FIXTURES_DIR)
  .filter((name) => name.endsWith('.json'))
  .sort()
  .map((name) => ({ name, request: JSON.parse(readFileSync(new URL(name, FIXTURES_DIR), 'utf8')) }));

/** A small seeded PRNG (mulberry32): a mutation's choices follow from the one integer fast-check drew. */
function prng(seed: number): { int(max: number): number; pick<T>(items: readonly T[]): T } {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (max: number) => Math.floor(next() * max);
  return { int, pick: (items) => items[int(items.length)] as (typeof items)[number] };
}
type Rng = ReturnType<typeof prng>;
type Path = (string | number)[];

function allPaths(value: unknown, path: Path = [], out: Path[] = []): Path[] {
  if (Array.isArray(value)) value.forEach((item, index) => (out.push([...path, index]), allPaths(item, [...path, index], out)));
  else if (isPlainObject(value)) {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      out.push([...path, key]);
      allPaths(item, [...path, key], out);
    }
  }
  return out;
}

function setAt(root: Record<string, unknown>, path: Path, value: unknown): void {
  let node: any = root;
  for (const key of path.slice(0, -1)) node = node[key];
  node[path[path.length - 1] as string] = value;
}

function deleteAt(root: Record<string, unknown>, path: Path): void {
  let node: any = root;
  for (const key of path.slice(0, -1)) node = node[key];
  const last = path[path.length - 1] as string | number;
  if (Array.isArray(node)) node.splice(last as number, 1);
  else delete node[last];
}

/** Paths of the string fields the request schema names (not enums), where the instance has a string. */
function schemaStringPaths(value: unknown, schema: JsonSchema | undefined, path: Path = [], out: Path[] = []): Path[] {
  if (!schema) return out;
  if (schema.type === 'string' && !schema.enum && typeof value === 'string' && path.length > 0) out.push(path);
  else if (schema.type === 'array' && Array.isArray(value)) value.forEach((item, index) => schemaStringPaths(item, schema.items, [...path, index], out));
  else if (schema.type === 'object' && isPlainObject(value)) {
    for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
      const child = schema.properties?.[key] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
      schemaStringPaths(item, child, [...path, key], out);
    }
  }
  return out;
}

const OTHER_TYPES: unknown[] = [0, -1.5, 1e308, true, false, null, 'swapped', [], {}, [1, 'a', null], { nested: { x: 1 } }];
const NOT_STRINGS: unknown[] = [0, 42, -1.5, true, false, [], ['a'], {}, { text: 'a' }];
const MB = 1024 * 1024;
const BAD_UTF8 = [[0xff], [0xfe, 0xfe], [0xc0, 0xaf], [0x80], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80], [0xe2, 0x82]];
const WRONG_TYPES = ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonx', 'text/json', ''];
const DEEP_PLACEHOLDER = '"__cxhook_fuzz_deep__"';

function deepText(rng: Rng, depth: number): string {
  return rng.pick([
    () => '['.repeat(depth) + ']'.repeat(depth),
    () => '{"a":'.repeat(depth) + '1' + '}'.repeat(depth),
    () => '[{"a":'.repeat(depth) + 'null' + '}]'.repeat(depth),
  ])();
}

export const MUTATIONS = [
  'swap-type',
  'typed-swap',
  'delete-field',
  'huge-string',
  'deep-nesting',
  'invalid-utf8',
  'duplicate-keys',
  'truncate',
  'byte-flip',
  'wrong-content-type',
  'empty-body',
  'not-an-object',
] as const;
export type Mutation = (typeof MUTATIONS)[number];

/** Applies `mutation` to a copy of `request`; `seed` drives every choice it makes. */
export function mutate(request: Record<string, unknown>, mutation: Mutation, seed: number): Omit<FuzzCase, 'kind'> {
  const rng = prng(seed);
  const copy = structuredClone(request);
  const paths = allPaths(copy);
  const randomPath = () => rng.pick(paths);
  const json = (body: string | Buffer, deep = false) => ({ body, headers: JSON_TYPE, allowed: allowedFor(body, { deep }) });
  switch (mutation) {
    case 'swap-type': {
      for (let n = 1 + rng.int(3); n > 0; n--) {
        const remaining = allPaths(copy);
        if (remaining.length === 0) break;
        setAt(copy, rng.pick(remaining), structuredClone(rng.pick(OTHER_TYPES)));
      }
      return json(JSON.stringify(copy));
    }
    case 'typed-swap': {
      // A field the schema types as a string, given something else: never a WebhookRequest.
      const strings = schemaStringPaths(copy, REQUEST_JSON_SCHEMA);
      const path = strings.length > 0 ? rng.pick(strings) : ['text'];
      setAt(copy, path, structuredClone(rng.pick(NOT_STRINGS)));
      const body = JSON.stringify(copy);
      return { body, headers: JSON_TYPE, allowed: [INVALID] };
    }
    case 'delete-field': {
      for (let n = 1 + rng.int(4); n > 0; n--) {
        const remaining = allPaths(copy);
        if (remaining.length === 0) break;
        deleteAt(copy, rng.pick(remaining));
      }
      return json(JSON.stringify(copy));
    }
    case 'huge-string': {
      const huge = rng.pick([() => 'x'.repeat(MB), () => 'é€😀'.repeat(MB / 8), () => '\\"\n\u0000'.repeat(MB / 4)])();
      const strings = paths.filter((path) => typeof path.reduce<any>((node, key) => node[key], copy) === 'string');
      if (strings.length > 0 && rng.int(4) > 0) setAt(copy, rng.pick(strings), huge);
      else copy[rng.pick(['text', 'transcript', 'hugeUnknownField'])] = huge;
      return json(JSON.stringify(copy));
    }
    case 'deep-nesting': {
      const depth = 10_000 + rng.int(40_000);
      const deep = deepText(rng, depth);
      const where = rng.int(4);
      if (where === 0) return json(deep, true);
      if (where === 1) return json(deep.slice(0, deep.length - 1 - rng.int(depth)), true);
      const path = paths.length > 0 && where === 2 ? randomPath() : ['payload'];
      setAt(copy, path, '__cxhook_fuzz_deep__');
      return json(JSON.stringify(copy).replace(DEEP_PLACEHOLDER, deep), true);
    }
    case 'invalid-utf8': {
      const bytes = Buffer.from(JSON.stringify(copy));
      const at = rng.int(bytes.length + 1);
      const body = Buffer.concat([bytes.subarray(0, at), Buffer.from(rng.pick(BAD_UTF8)), bytes.subarray(at)]);
      return json(body);
    }
    case 'duplicate-keys': {
      const keys = Object.keys(copy);
      const key = keys.length > 0 ? rng.pick(keys) : 'text';
      const other = JSON.stringify(rng.pick(OTHER_TYPES));
      const base = JSON.stringify(copy);
      // Before the real key (the real value wins) or after it (the duplicate wins).
      const body = rng.int(2) === 0
        ? `{${JSON.stringify(key)}:${other},${base.slice(1)}`
        : `${base.slice(0, -1)}${keys.length ? ',' : ''}${JSON.stringify(key)}:${other}}`;
      return json(body);
    }
    case 'truncate': {
      const base = JSON.stringify(copy, null, rng.int(2) ? 2 : undefined);
      return json(base.slice(0, rng.int(base.length)));
    }
    case 'byte-flip': {
      const bytes = Buffer.from(JSON.stringify(copy));
      for (let n = 1 + rng.int(5); n > 0; n--) {
        const at = rng.int(bytes.length);
        bytes[at] = (bytes[at] as number) ^ (1 + rng.int(255));
      }
      return json(bytes);
    }
    case 'wrong-content-type': {
      const type = rng.pick(WRONG_TYPES);
      return { body: JSON.stringify(copy), headers: type ? { 'content-type': type } : {}, allowed: [UNSUPPORTED] };
    }
    case 'empty-body':
      return { body: rng.pick(['', ' ', '\r\n\t ']), headers: JSON_TYPE, allowed: [MALFORMED] };
    case 'not-an-object':
      return json(JSON.stringify(rng.pick([[], [copy], 1, -0.5, '"text"', null, true, 'null'])));
  }
}

export const mutationCase: fc.Arbitrary<FuzzCase> = fc
  .record({
    fixture: fc.constantFrom(...FIXTURES),
    mutation: fc.constantFrom(...MUTATIONS),
    seed: fc.integer({ min: 0, max: 2 ** 31 - 1 }),
    // Real requests carry their own agent's tags; re-tagging some reaches the fuzz app's handlers.
    tag: fc.option(fc.constantFrom(...FAST_TAGS)),
  })
  .map(({ fixture, mutation, seed, tag }) => {
    const request = tag === null ? fixture.request : { ...fixture.request, fulfillmentInfo: { tag } };
    const name = `${fixture.name}${tag === null ? '' : ` tagged ${tag}`}`;
    return { kind: `mutation:${mutation} of ${name} (seed ${seed})`, ...mutate(request, mutation, seed) };
  });

/** Any case: generated valid requests and mutated real ones, about half each. */
export const fuzzCase: fc.Arbitrary<FuzzCase> = fc.oneof(validCase, mutationCase);

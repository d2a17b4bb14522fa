// Parameter references (spec §14.2): reading `$session.params.a.b[0]` out of text and resolving it
// against a Scope. Unset values resolve to null, as CX does.
import type { ReferenceNode, ReferenceScope } from './ast.ts';
import { ExpressionError } from './expression-error.ts';
import type { Scope } from './scope.ts';
import { isRecord } from './values.ts';

// `$flow` and `$request` need a name after them; the `params` maps can be read whole
// (`$sys.func.GET_FIELD($session.params, phone-number)` is real agent code).
const PREFIXES: readonly [prefix: string, scope: ReferenceScope, whole: boolean][] = [
  ['$session.params', 'session', true],
  ['$page.params', 'page', true],
  ['$intent.params', 'intent', true],
  ['$flow', 'flow', false],
  ['$request', 'request', false],
];

// CX parameter names use letters, digits, `_`, `-` and `.`; the dot doubles as the field separator,
// so a dotted name is found again when resolving (longest matching name wins).
const NAME = /[\p{L}\p{N}_-]+/uy;
const INDEX = /\[(\d+)\]/y;
const NAME_CHAR = /[\p{L}\p{N}_-]/u;

function match(pattern: RegExp, text: string, at: number): RegExpExecArray | null {
  pattern.lastIndex = at;
  return pattern.exec(text);
}

/**
 * The reference starting at `at` in `text`, and where it ends; undefined when none starts there.
 * A trailing `.` that no name follows is not part of it ("… is $flow.city. Is that right?").
 * @example readReference('hi $flow.x[0].', 3) // { node: { scope: 'flow', path: ['x', 0], … }, end: 13 }
 */
export function readReference(text: string, at: number): { node: ReferenceNode; end: number } | undefined {
  for (const [prefix, scope, whole] of PREFIXES) {
    if (!text.startsWith(prefix, at)) continue;
    let position = at + prefix.length;
    if (NAME_CHAR.test(text[position] ?? '')) return undefined; // `$flowers`, `$session.paramsX`
    const path: (string | number)[] = [];
    for (;;) {
      if (text[position] === '.') {
        const name = match(NAME, text, position + 1);
        if (!name) break;
        path.push(name[0]);
        position += 1 + name[0].length;
      } else if (text[position] === '[' && path.length > 0) {
        const index = match(INDEX, text, position);
        if (!index) break;
        path.push(Number(index[1]));
        position += index[0].length;
      } else break;
    }
    if (path.length === 0 && !whole) return undefined;
    return { node: { kind: 'reference', scope, path, text: text.slice(at, position), column: at + 1 }, end: position };
  }
  return undefined;
}

// CX treats parameter names case-insensitively; an exact match still wins.
function lookup(map: Record<string, unknown>, name: string): { found: boolean; value: unknown } {
  if (Object.hasOwn(map, name)) return { found: true, value: map[name] };
  const lower = name.toLowerCase();
  const key = Object.keys(map).find((candidate) => candidate.toLowerCase() === lower);
  return key === undefined ? { found: false, value: undefined } : { found: true, value: map[key] };
}

/**
 * The value at `path` inside `value`; null where any step is missing.
 * @example walk({ a: [{ b: 1 }] }, ['a', 0, 'b']) // 1
 */
export function walk(value: unknown, path: readonly (string | number)[]): unknown {
  let current = value;
  for (const step of path) {
    if (Array.isArray(current) && typeof step === 'number') current = current[step];
    else if (isRecord(current)) current = Object.hasOwn(current, String(step)) ? current[String(step)] : undefined;
    else return null;
    if (current === undefined) return null;
  }
  return current ?? null;
}

// The first path steps name a parameter; with dotted names (`a.b`) the longest name the map has wins.
function resolveNamed(map: Record<string, unknown>, path: readonly (string | number)[]): unknown {
  if (path.length === 0) return map;
  for (let length = path.length; length >= 1; length--) {
    const names = path.slice(0, length);
    if (names.some((step) => typeof step !== 'string')) continue;
    const { found, value } = lookup(map, names.join('.'));
    if (found) return walk(value, path.slice(length));
  }
  return null;
}

function resolveIntent(scope: Scope, path: readonly (string | number)[]): unknown {
  const params = scope.intent?.params ?? {};
  if (path.length === 0) return Object.fromEntries(Object.entries(params).map(([id, param]) => [id, param.resolved]));
  const { found, value } = lookup(params, String(path[0]));
  if (!found || !isRecord(value)) return null;
  if (path[1] === 'original') return walk(value.original, path.slice(2));
  if (path[1] === 'resolved') return walk(value.resolved, path.slice(2));
  return walk(value.resolved, path.slice(1));
}

function resolvePage(scope: Scope, path: readonly (string | number)[]): unknown {
  if (path.length === 1 && path[0] === 'status') return scope.page.status ?? null;
  if (path.length === 2 && path[1] === 'status' && scope.page.updated?.has(String(path[0]))) return 'UPDATED';
  return resolveNamed(scope.page.params, path);
}

/**
 * The value a parsed reference points at in `scope` (null when unset).
 * @example resolve(readReference('$flow.n', 0)!.node, scope) // 2
 */
export function resolve(node: ReferenceNode, scope: Scope): unknown {
  switch (node.scope) {
    case 'session':
      return resolveNamed(scope.session, node.path);
    case 'flow':
      return resolveNamed(scope.flow, node.path);
    case 'page':
      return resolvePage(scope, node.path);
    case 'intent':
      return resolveIntent(scope, node.path);
    case 'request':
      return walk(scope.request, node.path);
  }
}

/**
 * Reads one parameter reference: the value, or null when it is unset. Throws ExpressionError when
 * `ref` is not a reference.
 * @example resolveReference('$session.params.end_date.endDate.year', scope) // 2026
 */
export function resolveReference(ref: string, scope: Scope): unknown {
  const start = ref.length - ref.trimStart().length;
  const read = readReference(ref, start);
  if (!read || ref.slice(read.end).trim() !== '') {
    throw new ExpressionError(`${JSON.stringify(ref.trim())} is not a parameter reference ($session.params.…, $page.params.…, $flow.…, $intent.params.…, $request.…)`, (read?.end ?? start) + 1, ref);
  }
  return resolve(read.node, scope);
}

/** One parameter an expression or text reads, for `cxhook check`. */
export interface ReferenceUse {
  scope: ReferenceScope;
  /** The parameter name (for `$request`, the dotted path without indexes, e.g. `generative.summary`). */
  name: string;
}

/**
 * Every parameter a condition, value or message text reads, once each in order of first use; quoted
 * strings are searched too (`IF("$flow.x = 1", …)`, `NESTED_FIELD("$session.params.a", "b")`).
 * `$page.params.status` is the page's form status, not a parameter, so it is left out.
 * @example referencesIn('$flow.n < 2 AND $session.params.a.b = 1') // [{ scope: 'flow', name: 'n' }, { scope: 'session', name: 'a' }]
 */
export function referencesIn(text: string): ReferenceUse[] {
  const uses = new Map<string, ReferenceUse>();
  for (let at = text.indexOf('$'); at !== -1; at = text.indexOf('$', at + 1)) {
    const read = readReference(text, at);
    if (!read) continue;
    const { scope, path } = read.node;
    const [first] = path;
    if (typeof first !== 'string' || (scope === 'page' && path.length === 1 && first === 'status')) continue;
    const firstIndex = path.findIndex((step) => typeof step === 'number');
    const name = scope === 'request' ? (firstIndex === -1 ? path : path.slice(0, firstIndex)).join('.') : first;
    uses.set(`${scope}\u0000${name}`, { scope, name });
  }
  return [...uses.values()];
}

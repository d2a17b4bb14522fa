// How agent names become TypeScript source: string literals, property keys, type names and comment
// text. Agent display names are free text, so every one goes through here before it is printed.

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/**
 * A single-quoted TypeScript string literal for any text.
 * @example stringLiteral("it's") // "'it\\'s'"
 */
export function stringLiteral(text: string): string {
  // JSON escapes backslashes, control characters and `"`; only the single quote is left to do.
  return `'${JSON.stringify(text).slice(1, -1).replace(/'/g, "\\'")}'`;
}

/**
 * A property key: bare when it is a plain identifier, quoted otherwise.
 * @example propertyKey('date') // 'date'; propertyKey('type-of-property') // "'type-of-property'"
 */
export function propertyKey(name: string): string {
  return IDENTIFIER.test(name) ? name : stringLiteral(name);
}

/**
 * A union of string literal types, sorted; `never` when empty.
 * @example literalUnion(['b', 'a']) // "'a' | 'b'"
 */
export function literalUnion(values: Iterable<string>): string {
  const sorted = sortedUnique(values);
  return sorted.length === 0 ? 'never' : sorted.map(stringLiteral).join(' | ');
}

/**
 * A PascalCase type name built from free text; `fallback` when no letter or digit is left.
 * @example typeName('goodbye-graffiti', 'Cx') // 'GoodbyeGraffiti'
 */
export function typeName(text: string, fallback: string): string {
  const words = text.split(/[^A-Za-z0-9]+/).filter(Boolean);
  const name = words.map((word) => word[0]!.toUpperCase() + word.slice(1)).join('');
  if (!name) return fallback;
  return /^[0-9]/.test(name) ? `${fallback}${name}` : name;
}

/**
 * Text safe inside a doc comment: one line, and the comment terminator (star, slash) broken up.
 * @example commentText('one\ntwo') // 'one two'
 */
export function commentText(text: string): string {
  return text.replace(/\s*[\r\n\u2028\u2029]+\s*/g, ' ').replace(/\*\//g, '*\\/');
}

/**
 * Sorted by UTF-16 code units (not the locale), without duplicates: the output must not depend on the machine.
 * @example sortedUnique(['b', 'a', 'b']) // ['a', 'b']
 */
export function sortedUnique(values: Iterable<string>): string[] {
  return [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

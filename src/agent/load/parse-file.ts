// Reads one JSON file of an export against the shape the loader needs from it. Unknown keys pass
// (exports carry many); a needed field of the wrong type fails with the file and its JSON path.
import type * as z from 'zod';
import { agentFileError } from './file-error.ts';
import { jsonPath } from './json-path.ts';

function reasonOf(issue: z.core.$ZodIssue): string {
  // zod says "received undefined" for a missing key; say it the way a reader of the file thinks.
  const missing = /^Invalid input: expected (\w+), received undefined$/.exec(issue.message);
  if (missing) return `missing (expected ${missing[1]})`;
  return issue.message.replace(/^Invalid input: /, '');
}

/**
 * The issue to report and its path. A union (a map as list or object, a duration as object or
 * string) fails as a whole with "Invalid input"; the branch that got furthest says more, and when
 * every branch fails on the value itself, the accepted types are listed.
 */
function explain(issue: z.core.$ZodIssue): { path: PropertyKey[]; reason: string } {
  if (issue.code !== 'invalid_union' || issue.errors.length === 0) return { path: issue.path, reason: reasonOf(issue) };
  const branches = issue.errors.flatMap((errors) => (errors[0] ? [explain(errors[0])] : []));
  const deepest = branches.reduce((best, branch) => (branch.path.length > best.path.length ? branch : best), { path: [] as PropertyKey[], reason: reasonOf(issue) });
  if (deepest.path.length > 0) return { path: [...issue.path, ...deepest.path], reason: deepest.reason };
  const expected = [...new Set(branches.map((branch) => /^expected (\w+)/.exec(branch.reason)?.[1]).filter(Boolean))];
  const received = branches.map((branch) => /received (\w+)$/.exec(branch.reason)?.[1]).find(Boolean);
  return { path: issue.path, reason: expected.length > 0 && received ? `expected ${expected.join(' or ')}, received ${received}` : reasonOf(issue) };
}

/** V8 quotes a piece of the text in some messages; a webhook file may hold a password there. */
function syntaxReason(error: unknown): string {
  return String((error as Error).message).replace(/,\s*(?:\.\.\.)?"[\s\S]*"(?:\.\.\.)? is not valid JSON$/, '');
}

/**
 * The text of `file` parsed as JSON and checked against `schema`.
 * @example const page = parseFile('flows/F/pages/P.json', text, pageShape)
 */
export function parseFile<S extends z.ZodType>(file: string, text: string, schema: S): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw agentFileError(file, '$', `not valid JSON (${syntaxReason(error)})`);
  }
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const { path, reason } = explain(result.error.issues[0]!);
  throw agentFileError(file, jsonPath('$', ...path), reason);
}

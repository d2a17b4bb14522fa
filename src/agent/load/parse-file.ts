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
 * The text of `file` parsed as JSON and checked against `schema`.
 * @example const page = parseFile('flows/F/pages/P.json', text, pageShape)
 */
export function parseFile<S extends z.ZodType>(file: string, text: string, schema: S): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
  } catch (error) {
    throw agentFileError(file, '$', `not valid JSON (${(error as Error).message})`, error);
  }
  const result = schema.safeParse(json);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  throw agentFileError(file, jsonPath('$', ...issue.path), reasonOf(issue));
}

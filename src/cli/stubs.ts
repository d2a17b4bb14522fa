// `--stubs <file>` of `cxhook test` and `cxhook simulate`: canned answers for flexible webhooks and
// for webhooks the app does not implement, keyed by tag or webhook display name. JSON or YAML hold
// canned WebhookResponses; a TS/JS module's default export may also hold functions of the request.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { parse as parseYaml } from 'yaml';
import type { WebhookStub } from '../simulator/engine/types.ts';
import { stubIssues } from '../simulator/testing/index.ts';
import { CliError, EXIT, messageOf, usageError } from './io.ts';

const MODULES = new Set(['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs']);

async function readRecord(file: string, path: string): Promise<unknown> {
  const extension = extname(path).toLowerCase();
  if (MODULES.has(extension)) {
    let module: Record<string, unknown>;
    try {
      module = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
    } catch (error) {
      throw new CliError(`loading stubs module ${file} failed: ${messageOf(error)}`, EXIT.usage, { cause: error });
    }
    const exported = (module.default ?? module.stubs) as Record<string, unknown> | undefined;
    // Compiled CommonJS (`exports.default = …` with `__esModule`) nests the default export once more.
    return exported?.__esModule === true && 'default' in exported ? exported.default : exported;
  }
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw usageError(`cannot read stubs file ${file}: ${(error as NodeJS.ErrnoException).code === 'EISDIR' ? 'it is a directory' : messageOf(error)}`);
  }
  try {
    // YAML is a superset of JSON, but JSON.parse reports JSON mistakes in JSON's own terms.
    return extension === '.json' ? JSON.parse(text) : parseYaml(text, { uniqueKeys: true });
  } catch (error) {
    throw usageError(`stubs file ${file} is not valid ${extension === '.json' ? 'JSON' : 'YAML'}: ${messageOf(error)}`);
  }
}

/**
 * Reads a stubs file (relative to `cwd`) and checks every canned response against the contract.
 * @example const stubs = await loadStubsFile('stubs.yaml', process.cwd()); // { geocode: { fulfillmentResponse: … } }
 */
export async function loadStubsFile(file: string, cwd: string): Promise<Record<string, WebhookStub>> {
  const path = resolve(cwd, file);
  if (!existsSync(path)) throw usageError(`cannot find stubs file ${file} (looked for ${path})`);
  const record = await readRecord(file, path);
  const issues = stubIssues(record);
  if (issues.length) {
    const shown = issues.slice(0, 3).map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message));
    if (issues.length > 3) shown.push(`and ${issues.length - 3} more`);
    throw usageError(`stubs file ${file}: ${shown.join('; ')}`);
  }
  return record as Record<string, WebhookStub>;
}

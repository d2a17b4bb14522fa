// Secrets come from the environment or from files (Docker/Kubernetes secrets mounted as files,
// named by `NAME_FILE`), never from code; errors name the variable and the path, never the content.
import { readFileSync } from 'node:fs';
import { CxhookError } from '../errors/index.ts';

/**
 * The secret `name`: the variable `NAME` itself, or the content of the file named by `NAME_FILE`
 * (surrounding whitespace and the trailing newline removed). Undefined when neither is set (an
 * empty variable counts as unset). Both set, an unreadable or empty file → CXH_ERR_INVALID_OPTION,
 * whose `details` name the variable to fix (`{ variable, problem }`).
 * @example
 * // CX_API_KEY=… or CX_API_KEY_FILE=/run/secrets/cx-api-key
 * const key = readSecret(process.env, 'CX_API_KEY');
 */
export function readSecret(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const fileVariable = `${name}_FILE`;
  const direct = env[name] || undefined;
  const path = env[fileVariable] || undefined;
  if (direct !== undefined && path !== undefined) {
    throw new CxhookError('CXH_ERR_INVALID_OPTION', [name, `both ${name} and ${fileVariable} are set; set one`], { details: { variable: name, problem: `is set together with ${fileVariable}; set one` } });
  }
  if (path === undefined) return direct;
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    const problem = `cannot read the file "${path}" (${code})`;
    throw new CxhookError('CXH_ERR_INVALID_OPTION', [fileVariable, problem], { details: { variable: fileVariable, problem } });
  }
  const secret = content.trim();
  if (secret === '') {
    const problem = `names the empty file "${path}"`;
    throw new CxhookError('CXH_ERR_INVALID_OPTION', [fileVariable, `the file "${path}" is empty`], { details: { variable: fileVariable, problem } });
  }
  return secret;
}

// Secrets come from the environment or from files (Docker/Kubernetes secrets mounted as files,
// named by `NAME_FILE`), never from code; errors name the variable and the path, never the content.
import { readFileSync } from 'node:fs';
import { CxhookError } from '../errors/index.ts';

/**
 * The secret `name`: the variable `NAME` itself, or the content of the file named by `NAME_FILE`
 * (surrounding whitespace and the trailing newline removed). Undefined when neither is set (an
 * empty variable counts as unset). Both set, an unreadable or empty file → CXH_ERR_INVALID_OPTION.
 * @example
 * // CX_API_KEY=… or CX_API_KEY_FILE=/run/secrets/cx-api-key
 * const key = readSecret(process.env, 'CX_API_KEY');
 */
export function readSecret(env: Readonly<Record<string, string | undefined>>, name: string): string | undefined {
  const fileVariable = `${name}_FILE`;
  const direct = env[name] || undefined;
  const path = env[fileVariable] || undefined;
  if (direct !== undefined && path !== undefined) {
    throw new CxhookError('CXH_ERR_INVALID_OPTION', [name, `both ${name} and ${fileVariable} are set; set one`]);
  }
  if (path === undefined) return direct;
  let content: string;
  try {
    content = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new CxhookError('CXH_ERR_INVALID_OPTION', [fileVariable, `cannot read the file "${path}" (${code})`]);
  }
  const secret = content.trim();
  if (secret === '') throw new CxhookError('CXH_ERR_INVALID_OPTION', [fileVariable, `the file "${path}" is empty`]);
  return secret;
}

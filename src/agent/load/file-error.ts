// The one error for a file of an export that cannot be used: it names the file, the JSON path and why.
import { CxhookError } from '../../errors/index.ts';

/**
 * `CXH_ERR_AGENT_FILE` for `file` (relative to the agent root) at `path`; `details` repeats the parts.
 * @example throw agentFileError('flows/F/F.json', '$.transitionRoutes', 'expected an array')
 */
export function agentFileError(file: string, path: string, reason: string, cause?: unknown): CxhookError {
  return new CxhookError('CXH_ERR_AGENT_FILE', [file, path, reason], { details: { file, path, reason }, cause });
}

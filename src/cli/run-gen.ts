// The work of `cxhook gen`: loads the agent export and prints or writes (atomically) its TypeScript
// types. Imported by `gen.ts` only when the command runs.
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { describeAgent, printTypes } from '../agent/gen/index.ts';
import { loadAgent, type Agent } from '../agent/index.ts';
import { CxhookError } from '../errors/index.ts';
import type { GenOptions } from './gen.ts';
import { CliError, EXIT, messageOf, usageError, type ResolvedIo } from './io.ts';

async function load(agentPath: string, io: ResolvedIo): Promise<Agent> {
  try {
    return await loadAgent(resolve(io.cwd, agentPath));
  } catch (error) {
    // A path or file problem of the user's: one line, like a bad flag (exit 2).
    if (error instanceof CxhookError) throw new CliError(error.message, EXIT.usage, { cause: error });
    throw error;
  }
}

/**
 * Writes `text` to `file` through a temporary file in the same folder and a rename, so a reader (an
 * editor, tsc in watch mode) never sees half a file and a failed run leaves the old one intact.
 * @example writeAtomically('src/agent-types.ts', generateTypes(agent))
 */
export function writeAtomically(file: string, text: string): void {
  const temporary = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    writeFileSync(temporary, text, { flag: 'wx' });
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'its folder does not exist' : code === 'EISDIR' ? 'it is a folder' : code === 'EACCES' || code === 'EPERM' ? 'permission denied' : messageOf(error);
    throw usageError(`cannot write ${file}: ${reason}`);
  }
}

/**
 * Runs `cxhook gen`: loads the agent, prints or writes its types, returns the exit code.
 * @example await genCommand('./exported-agent', { out: 'src/agent-types.ts' }, io)
 */
export async function genCommand(agentPath: string, options: GenOptions, io: ResolvedIo): Promise<number> {
  const agent = await load(agentPath, io);
  const generateOptions = options.name === undefined ? {} : { name: options.name };
  const description = describeAgent(agent, generateOptions);
  const text = printTypes(description);
  if (options.out === undefined) {
    io.stdout(text);
    return EXIT.ok;
  }
  const file = resolve(io.cwd, options.out);
  writeAtomically(file, text);
  const { interfaceName, tags, sessionParams } = description;
  io.err(`wrote ${options.out}: ${interfaceName} with ${tags.length} tag${tags.length === 1 ? '' : 's'} and ${sessionParams.length} session parameter${sessionParams.length === 1 ? '' : 's'}`);
  return EXIT.ok;
}

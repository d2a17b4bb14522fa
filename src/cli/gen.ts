// `cxhook gen <agent> [--out file]`: TypeScript types of an agent export's webhook contract (tags,
// their pages and form parameters, session parameter names) for `typed<…Agent>(app)`.
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import type { Command } from 'commander';
import { describeAgent, generateTypes } from '../agent/gen/index.ts';
import { loadAgent, type Agent } from '../agent/index.ts';
import { CxhookError } from '../errors/index.ts';
import { CliError, EXIT, messageOf, usageError, type ResolvedIo } from './io.ts';

export interface GenOptions {
  /** Write here (relative to the working directory) instead of stdout. */
  out?: string;
  /** Names the agent in the header and the `<Name>Agent` interface. */
  name?: string;
}

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
  const text = generateTypes(agent, generateOptions);
  if (options.out === undefined) {
    io.stdout(text);
    return EXIT.ok;
  }
  const file = resolve(io.cwd, options.out);
  writeAtomically(file, text);
  const { interfaceName, tags, sessionParams } = describeAgent(agent, generateOptions);
  io.err(`wrote ${options.out}: ${interfaceName} with ${tags.length} tag${tags.length === 1 ? '' : 's'} and ${sessionParams.length} session parameter${sessionParams.length === 1 ? '' : 's'}`);
  return EXIT.ok;
}

/** Adds `gen` to the program; `done` receives the exit code. */
export function registerGen(program: Command, io: ResolvedIo, done: (code: number) => void): Command {
  return program
    .command('gen')
    .description("generate TypeScript types of an agent export's webhook tags and parameters, for typed(app)")
    .argument('<agent>', 'the agent export: a folder holding agent.json, or a .zip')
    .option('-o, --out <file>', 'write the module to this file (atomically) instead of stdout')
    .option('--name <name>', "name the agent's interface after this (default: the agent's display name or folder)")
    .addHelpText(
      'after',
      `
Examples:
  $ cxhook gen ./exported-agent --out src/agent-types.ts
  $ cxhook gen agent.zip > src/agent-types.ts

Exit codes: 0 written, 2 no agent at that path, a broken export file, or an unwritable --out.`,
    )
    .action(async (agent: string, options: GenOptions) => {
      done(await genCommand(agent, options, io));
    });
}

// `cxhook gen <agent> [--out file]`: TypeScript types of an agent export's webhook contract (tags,
// their pages and form parameters, session parameter names) for `typed<…Agent>(app)`.
// This module only defines the command; the work is in run-gen.ts, imported when the command runs.
import type { Command } from 'commander';
import type { ResolvedIo } from './io.ts';

export interface GenOptions {
  /** Write here (relative to the working directory) instead of stdout. */
  out?: string;
  /** Names the agent in the header and the `<Name>Agent` interface. */
  name?: string;
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
      // The agent loader and the generator load only when the command runs, so other commands start fast.
      const { genCommand } = await import('./run-gen.ts');
      done(await genCommand(agent, options, io));
    });
}

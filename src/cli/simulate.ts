// `cxhook simulate <agent>`: talk to the agent in the terminal. A plain line is what the user says;
// slash commands send intents, events and DTMF, show or reset the session. After the agent's texts,
// dim lines say how the turn matched, where it went, which webhooks it called and what it raised.
// This module only defines the command; the work is in run-simulate.ts, imported when the command runs.
import type { Command } from 'commander';
import { withAgentOptions, type AgentCommandOptions } from './agent-options.ts';
import type { ResolvedIo } from './io.ts';
import { REPL_HELP } from './repl-line.ts';

export interface SimulateOptions extends AgentCommandOptions {
  /** Start flow display name (default: the agent's start flow). */
  flow?: string;
  /** Start page display name in that flow (default: its start page). */
  page?: string;
}

/** Adds `simulate` to the program; `done` receives the exit code. */
export function registerSimulate(program: Command, io: ResolvedIo, done: (code: number) => void, input: () => NodeJS.ReadableStream & { isTTY?: boolean } = () => process.stdin): Command {
  return withAgentOptions(program.command('simulate').description('talk to the agent in the terminal, offline, with the app answering its webhooks'))
    .option('--flow <flow>', 'start in this flow (default: the agent’s start flow)')
    .option('--page <page>', 'start on this page of the flow (default: its start page)')
    .addHelpText('after', `\n${REPL_HELP.join('\n')}\n\nExample:\n  $ cxhook simulate ./agent --app ./src/app.ts\n  $ printf 'hi\\nI want to book a trip\\n' | cxhook simulate ./agent --stubs stubs.yaml`)
    .action(async (agentPath: string, options: SimulateOptions) => {
      // The agent loader, the simulator and its NLU load only when the command runs, so other commands start fast.
      const { runSimulate } = await import('./run-simulate.ts');
      done(await runSimulate(agentPath, options, io, input()));
    });
}

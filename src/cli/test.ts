// `cxhook test <agent>`: runs the agent's exported test cases and the user's golden conversations
// through the simulator and the app, shows a diff per failing turn, writes JUnit XML on request,
// and ends with `testcases: cases=<n> turns=<n> turns_matched=<n>`. Exit 1 when a turn failed.
// This module only defines the command; the work is in run-test.ts, imported when the command runs.
import type { Command } from 'commander';
import { withAgentOptions, type AgentCommandOptions } from './agent-options.ts';
import type { ResolvedIo } from './io.ts';

export interface TestCommandOptions extends AgentCommandOptions {
  /** Golden YAML files, or folders searched for `*.yaml` / `*.yml`. */
  golden?: string[];
  /** Where to write JUnit XML. */
  junit?: string;
  /** Runs only the cases whose name, source or tags contain this text (any case). */
  grep?: string;
  /** False (`--no-webhooks`) runs every turn without webhook calls. */
  webhooks?: boolean;
}

/** Adds `test` to the program; `done` receives the exit code. */
export function registerTest(program: Command, io: ResolvedIo, done: (code: number) => void): Command {
  return withAgentOptions(
    program.command('test').description("run the agent's test cases and golden conversations through the simulator and the app"),
  )
    .option('--golden <paths...>', 'golden YAML conversation files, or folders of them')
    .option('--junit <file>', 'also write a JUnit XML report')
    .option('--grep <text>', 'run only the cases whose name, file or tags contain this text')
    .option('--no-webhooks', 'run every turn without webhook calls')
    .addHelpText(
      'after',
      `
Exit codes: 0 every turn matched, 1 a turn did not, 2 bad flags or files.
The last line of stdout is: testcases: cases=<n> turns=<n> turns_matched=<n>

Example:
  $ cxhook test ./agent --app ./src/app.ts --golden test/golden --junit reports/cx.xml`,
    )
    .action(async (agentPath: string, options: TestCommandOptions) => {
      // The simulator and the test runner load only when the command runs, so other commands start fast.
      const { runTestCommand } = await import('./run-test.ts');
      done(await runTestCommand(agentPath, options, io));
    });
}

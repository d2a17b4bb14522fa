// The `cxhook` command line: builds the program, runs one command, turns every failure into a
// one-line `cxhook: …` message and an exit code (stack traces only with CXHOOK_DEBUG=1).
import { readFileSync, realpathSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError } from 'commander';
import { registerCheck } from './check.ts';
import { CliError, EXIT, messageOf, resolveIo, type CliIo, type ResolvedIo } from './io.ts';
import { registerGen } from './gen.ts';
import { registerSend } from './send.ts';
import { registerServe, type ServingApp } from './serve.ts';
import { registerSimulate } from './simulate.ts';
import { registerTest } from './test.ts';

export interface RunOptions extends Partial<CliIo> {
  /** Called with the server `cxhook serve` started (it keeps running after `run` returns). */
  onServe?: (running: ServingApp) => void;
}

function packageVersion(): string {
  try {
    const json = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: string };
    return json.version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

function report(error: unknown, io: ResolvedIo): number {
  const exitCode = error instanceof CliError ? error.exitCode : EXIT.failed;
  io.err(`${io.colors.red('cxhook:')} ${messageOf(error)}`);
  if (io.env.CXHOOK_DEBUG === '1') {
    for (let current: unknown = error; current instanceof Error; current = current.cause) {
      io.err(io.colors.dim(current.stack ?? String(current)));
    }
  }
  return exitCode;
}

/** The commander program with every command; each run builds a fresh one. */
export function createProgram(io: ResolvedIo, hooks: { done: (code: number) => void; onServe: (running: ServingApp) => void }): Command {
  const program = new Command('cxhook')
    .description('Dialogflow CX webhooks: serve an app, send it requests, check its answers and check an agent against it')
    .version(packageVersion(), '-V, --version')
    .exitOverride()
    .showHelpAfterError('(run cxhook --help for usage)')
    .configureOutput({
      writeOut: io.stdout,
      writeErr: io.stderr,
      outputError: (text, write) => write(`${io.colors.red('cxhook:')} ${text.replace(/^error: /, '')}`),
      getOutHasColors: () => io.color,
      getErrHasColors: () => io.color,
    });
  // Commands are added after configuring so they inherit the output and exit settings.
  registerServe(program, io, hooks.onServe);
  registerSend(program, io, hooks.done);
  registerGen(program, io, hooks.done);
  registerCheck(program, io, hooks.done, packageVersion());
  registerTest(program, io, hooks.done);
  registerSimulate(program, io, hooks.done);
  return program;
}

/**
 * Runs the CLI on `argv` (the arguments after the program name) and returns the exit code.
 * @example const code = await run(['send', url, '--tag', 'weather'], { stdout: (t) => out.push(t) });
 */
export async function run(argv: readonly string[], options: RunOptions = {}): Promise<number> {
  const io = resolveIo(options);
  let exitCode: number = EXIT.ok;
  const program = createProgram(io, {
    done: (code) => (exitCode = code),
    onServe: (running) => options.onServe?.(running),
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    // Commander has printed its own message (or the help) already.
    if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
    return report(error, io);
  }
}

/** Runs the CLI with the process's arguments and sets its exit code (the server of `serve` keeps it alive). */
export async function main(): Promise<void> {
  // `cxhook send … | head` closes the pipe early: that is the reader's choice, not a crash.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
  process.exitCode = await run(process.argv.slice(2));
}

function isEntryModule(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return realpathSync(entry) === fileURLToPath(import.meta.url);
  } catch {
    return false;
  }
}

if (isEntryModule()) await main();

// What every command shares: where output goes, whether it is coloured, and how a command fails
// (a one-line message and an exit code, never a stack trace).
import pc from 'picocolors';

export type Colors = ReturnType<typeof pc.createColors>;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Colour the output (default: stdout is a TTY and NO_COLOR is unset, or FORCE_COLOR is set). */
  color?: boolean;
  /** Module paths and request files are relative to this (default: process.cwd()). */
  cwd?: string;
  /** Read for PORT, NO_COLOR, FORCE_COLOR and CXHOOK_DEBUG (default: process.env). */
  env?: Record<string, string | undefined>;
  /** Stderr is a terminal, so progress bars may redraw in place (default: process.stderr.isTTY, false when stderr is injected). */
  stderrIsTTY?: boolean;
}

/** An io with every default filled in, handed to the commands. */
export interface ResolvedIo {
  out: (line?: string) => void;
  err: (line?: string) => void;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  color: boolean;
  colors: Colors;
  cwd: string;
  env: Record<string, string | undefined>;
  stderrIsTTY: boolean;
}

/** Exit codes of every command. */
export const EXIT = {
  ok: 0,
  /** The webhook answered badly (non-2xx status or a contract violation), or a command failed. */
  failed: 1,
  /** Bad flags, files or modules: the command never ran. */
  usage: 2,
  /** The webhook could not be reached or did not answer in time. */
  unreachable: 3,
} as const;

/** A failure a command reports as one line (`cxhook: message`) and an exit code. */
export class CliError extends Error {
  readonly exitCode: number;
  constructor(message: string, exitCode: number = EXIT.failed, options: { cause?: unknown } = {}) {
    super(message, options);
    this.name = 'CliError';
    this.exitCode = exitCode;
  }
}

export function usageError(message: string): CliError {
  return new CliError(message, EXIT.usage);
}

function defaultColor(env: Record<string, string | undefined>, isTTY: boolean): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0') return true;
  return isTTY;
}

export function resolveIo(io: Partial<CliIo> = {}): ResolvedIo {
  const env = io.env ?? process.env;
  const stdout = io.stdout ?? ((text: string) => void process.stdout.write(text));
  const stderr = io.stderr ?? ((text: string) => void process.stderr.write(text));
  // Injected writers are not terminals: no colour unless asked for.
  const color = io.color ?? defaultColor(env, io.stdout ? false : process.stdout.isTTY === true);
  return {
    stdout,
    stderr,
    out: (line = '') => stdout(`${line}\n`),
    err: (line = '') => stderr(`${line}\n`),
    color,
    colors: pc.createColors(color),
    cwd: io.cwd ?? process.cwd(),
    env,
    stderrIsTTY: io.stderrIsTTY ?? (io.stderr ? false : process.stderr.isTTY === true),
  };
}

/** The message of an unknown thrown value, on one line. */
export function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s*\n\s*/g, ' ').trim();
}

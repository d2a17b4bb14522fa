// Child-process bookkeeping for the bench: spawn servers on free ports and make sure none of them
// (nor their temp data dirs) outlive the bench, whatever way it ends.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const HOST = '127.0.0.1';

const live = new Set<ChildProcess>();
const tempDirs = new Set<string>();

export interface ExitInfo {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class ServerProcess {
  readonly url: URL;
  readonly pid: number;
  exitInfo: ExitInfo | null = null;
  readonly exited: Promise<ExitInfo>;
  // Last bit of child output, only shown when something goes wrong.
  private tail = '';

  constructor(
    readonly label: string,
    private readonly child: ChildProcess,
    port: number,
    private readonly dataDir: string,
  ) {
    if (child.pid === undefined) throw new Error(`${label}: spawn failed (no pid)`);
    this.pid = child.pid;
    this.url = new URL(`http://${HOST}:${port}/webhook`);
    const keepTail = (chunk: Buffer): void => {
      this.tail = (this.tail + chunk.toString('utf8')).slice(-4000);
    };
    // Drain both pipes: an unread pipe would eventually block the child on write.
    child.stdout?.on('data', keepTail);
    child.stderr?.on('data', keepTail);
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        live.delete(child);
        this.exitInfo = { code, signal };
        resolve(this.exitInfo);
      });
    });
  }

  get output(): string {
    return this.tail.trim();
  }

  describeExit(): string {
    const info = this.exitInfo;
    if (info === null) return `${this.label} is still running`;
    const how = info.signal !== null ? `signal ${info.signal}` : `code ${String(info.code)}`;
    const out = this.output;
    return `${this.label} exited early with ${how}` + (out ? `; its output ends with:\n${out}` : '');
  }

  /** SIGTERM, then SIGKILL if it does not go within 3 s; removes its data dir. */
  async stop(): Promise<void> {
    if (this.exitInfo === null) {
      this.child.kill('SIGTERM');
      const timer = setTimeout(() => this.child.kill('SIGKILL'), 3000);
      await this.exited;
      clearTimeout(timer);
    }
    rmSync(this.dataDir, { recursive: true, force: true });
    tempDirs.delete(this.dataDir);
  }
}

/**
 * Spawn `node <args>` from the repo root with a fresh port and data dir. Returns at once; the
 * caller decides how to wait for readiness (cold-start timing starts before this call).
 */
export function spawnServer(label: string, args: string[], cwd: string, port: number, env: Record<string, string> = {}): ServerProcess {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'cxhook-bench-'));
  tempDirs.add(dataDir);
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, PORT: String(port), HOST, DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  live.add(child);
  // Spawn failures surface as a missing pid in ServerProcess; keep the 'error' event from crashing us.
  child.on('error', () => {});
  return new ServerProcess(label, child, port, dataDir);
}

/** Last-resort cleanup; synchronous so it also works inside a process 'exit' handler. */
export function killAllNow(): void {
  for (const child of live) child.kill('SIGKILL');
  live.clear();
  for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  tempDirs.clear();
}

/**
 * Kill children however the bench ends. `onSignal` gets to print its summary line first; the
 * exit code follows the shell convention 128 + signal number.
 */
export function installCleanup(onSignal: (signal: NodeJS.Signals) => void): void {
  process.on('exit', killAllNow);
  const codes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;
  for (const signal of Object.keys(codes) as (keyof typeof codes)[]) {
    process.once(signal, () => {
      killAllNow();
      try {
        onSignal(signal);
      } finally {
        process.exit(codes[signal]);
      }
    });
  }
}

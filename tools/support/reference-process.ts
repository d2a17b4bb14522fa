// Starts the reference webhook (`reference/main.ts` under tsx) as a child process on a free
// 127.0.0.1 port, for the proof scripts that kill, restart or multiply it.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ReferenceProcess {
  child: ChildProcess;
  /** The POST /webhook URL it logged when ready. */
  url: string;
  exited: Promise<number | null>;
}

/**
 * Resolves once the process logs "reference webhook ready"; rejects if it exits first or takes 30 s.
 * @example const server = await startReference({ DATA_DIR: dir }); await fetch(server.url, …); server.child.kill();
 */
export function startReference(env: Record<string, string>): Promise<ReferenceProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'reference/main.ts'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the reference webhook did not start within 30 s: ${stderr}`)), 30_000);
    // Every line is read, also after start-up: a full pipe would stall the server.
    createInterface({ input: child.stdout! }).on('line', (line) => {
      if (!line.includes('reference webhook ready')) return;
      try {
        const url = (JSON.parse(line) as { webhookUrl?: string }).webhookUrl;
        if (!url) return;
        clearTimeout(timer);
        resolve({ child, url, exited });
      } catch {
        // not a log line of ours
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`the reference webhook exited with code ${code} before it was ready: ${stderr}`));
    });
  });
}

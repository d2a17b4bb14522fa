// Shared pieces of the CLI tests: captured output, quiet apps, throwaway servers and app modules.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { createLogger } from '../../src/index.ts';
import { run, type RunOptions } from '../../src/cli/main.ts';
import { resolveIo, type ResolvedIo } from '../../src/cli/io.ts';

export const quietLogger = () => createLogger({ level: 'silent' });

/** The file URL test modules import the library from. */
export const LIBRARY_URL = pathToFileURL(resolve(import.meta.dirname, '../../src/index.ts')).href;

export interface Captured {
  io: ResolvedIo;
  stdout: () => string;
  stderr: () => string;
}

export function capture(options: { env?: Record<string, string | undefined>; cwd?: string } = {}): Captured {
  const out: string[] = [];
  const err: string[] = [];
  const io = resolveIo({ stdout: (text) => out.push(text), stderr: (text) => err.push(text), color: false, env: options.env ?? {}, ...(options.cwd ? { cwd: options.cwd } : {}) });
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

/** Runs the CLI in-process without colour and returns its exit code and output. */
export async function runCli(argv: string[], options: RunOptions = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await run(argv, { color: false, env: {}, stdout: (text) => out.push(text), stderr: (text) => err.push(text), ...options });
  return { code, stdout: out.join(''), stderr: err.join('') };
}

export interface RawServer {
  url: string;
  /** Bodies and headers of the requests received, in order. */
  received: { body: string; headers: IncomingMessage['headers'] }[];
  close(): Promise<void>;
}

/** A plain node:http server on 127.0.0.1 answering every request with `answer`. */
export async function rawServer(answer: (req: IncomingMessage, res: ServerResponse, body: string) => void): Promise<RawServer> {
  const received: RawServer['received'] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      received.push({ body, headers: req.headers });
      answer(req, res, body);
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    received,
    close: () =>
      new Promise<void>((done) => {
        server.closeAllConnections();
        server.close(() => done());
      }),
  };
}

/** Answers with `status` and `body` (a string as is, anything else as JSON). */
export function answerWith(status: number, body: unknown): (req: IncomingMessage, res: ServerResponse) => void {
  return (_req, res) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(text);
  };
}

/** A port nothing listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

/** A temporary ESM folder for app modules; `write` returns the file's absolute path. */
export function moduleFolder(): { dir: string; write(name: string, source: string): string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'cxhook-cli-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ type: 'module' }));
  return {
    dir,
    write(name, source) {
      const file = join(dir, name);
      writeFileSync(file, source);
      return file;
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

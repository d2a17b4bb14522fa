// `cxhook serve <module>`: loads a user's app module and serves it over node:http until SIGTERM or
// SIGINT. The module exports the app (default or `app`), or a function that returns one.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidArgumentError, type Command } from 'commander';
import type { WebhookApp } from '../app/index.ts';
import { serve, type RunningServer } from '../transport/node-http/index.ts';
import { CliError, EXIT, messageOf, usageError, type ResolvedIo } from './io.ts';

export const DEFAULT_PORT = 8080;
export const DEFAULT_HOST = '127.0.0.1';
export const DEFAULT_PATH = '/webhook';

export interface ServeCommandOptions {
  host?: string;
  /** Default: env PORT, else 8080. 0 picks a free port. */
  port?: number;
  /** Where the app is mounted (default /webhook). */
  path?: string;
  /** Request bodies above this many bytes get 413. */
  bodyLimit?: number;
  /** Stop gracefully on SIGTERM/SIGINT, then exit (default true; tests turn it off). */
  handleSignals?: boolean;
}

export interface ServingApp extends RunningServer {
  /** The URL CX should call: the server URL plus the mount path. */
  webhookUrl: string;
  app: WebhookApp;
}

export function isWebhookApp(value: unknown): value is WebhookApp {
  const candidate = value as Partial<WebhookApp> | null;
  return (
    typeof candidate === 'object' &&
    candidate !== null &&
    typeof candidate.handle === 'function' &&
    typeof candidate.routes === 'function' &&
    typeof candidate.options === 'object'
  );
}

/** A port number 0-65535. */
export function parsePort(text: string, source = '--port'): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value > 65535) throw usageError(`${source} must be a port number 0-65535, got "${text}"`);
  return value;
}

const SIZE = /^(\d+)\s*(b|kb|k|kib|mb|m|mib)?$/i;
const UNITS: Record<string, number> = { b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2 };

/** `1048576`, `512kb`, `2mb` → bytes. */
export function parseSize(text: string): number {
  const match = SIZE.exec(text.trim());
  const bytes = match ? Number(match[1]) * (UNITS[(match[2] ?? 'b').toLowerCase()] ?? 1) : NaN;
  if (!(bytes > 0)) throw new InvalidArgumentError('give a size in bytes above 0, e.g. 1048576, 512kb or 2mb.');
  return bytes;
}

/**
 * Imports `modulePath` (relative to `cwd`, TS or JS) and returns the app it exports: the default
 * export, a named `app`, or what a default/`app` function returns (awaited).
 */
export async function loadApp(modulePath: string, cwd: string): Promise<WebhookApp> {
  const file = resolve(cwd, modulePath);
  if (!existsSync(file)) throw usageError(`cannot find module ${modulePath} (looked for ${file})`);
  let module: Record<string, unknown>;
  try {
    module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
  } catch (error) {
    throw new CliError(`loading ${modulePath} failed: ${messageOf(error)}`, EXIT.failed, { cause: error });
  }
  // A CommonJS module (or tsx's interop) may nest its exports one level under `default`.
  const nested = module.default as Record<string, unknown> | undefined;
  const exported = [module.default, module.app, nested?.default, nested?.app].find((value) => value !== undefined && value !== null);
  let candidate: unknown = exported;
  if (typeof exported === 'function') {
    try {
      candidate = await (exported as () => unknown)();
    } catch (error) {
      throw new CliError(`creating the app in ${modulePath} failed: ${messageOf(error)}`, EXIT.failed, { cause: error });
    }
  }
  if (isWebhookApp(candidate)) return candidate;
  const names = Object.keys(module).join(', ') || 'nothing';
  const found = exported === undefined ? `it exports ${names}` : typeof exported === 'function' ? 'its function returned no app' : 'its export is not an app';
  throw usageError(
    `${modulePath} exports no webhook app (${found}): export default createWebhook(…), export const app = createWebhook(…), or export a function returning one`,
  );
}

/**
 * Loads the module and serves its app; resolves once listening. Close it with `close()`.
 * @example const running = await startServe('./src/app.ts', { port: 0 }, io); await running.close();
 */
export async function startServe(modulePath: string, options: ServeCommandOptions, io: ResolvedIo): Promise<ServingApp> {
  const host = options.host ?? DEFAULT_HOST;
  const path = options.path ?? DEFAULT_PATH;
  if (!path.startsWith('/')) throw usageError(`--path must start with /, got "${path}"`);
  const port = options.port ?? (io.env.PORT ? parsePort(io.env.PORT, 'PORT') : DEFAULT_PORT);
  const app = await loadApp(modulePath, io.cwd);
  let running: RunningServer;
  try {
    running = await serve({
      apps: { [path]: app },
      host,
      port,
      handleSignals: options.handleSignals ?? true,
      ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new CliError(`port ${port} on ${host} is already in use (try --port)`, EXIT.failed);
    if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw usageError(`cannot listen on host ${host}: ${code}`);
    if (code === 'EACCES') throw new CliError(`no permission to listen on ${host}:${port}`, EXIT.failed);
    throw new CliError(`starting the server failed: ${messageOf(error)}`, EXIT.failed, { cause: error });
  }
  const webhookUrl = `${running.url}${path}`;
  const routes = app.routes();
  const c = io.colors;
  // stdout carries the app's JSON logs; the human lines go to stderr.
  io.err(`${c.green('cxhook')} serving ${modulePath} at ${c.bold(webhookUrl)}`);
  const handled = [
    routes.tags.length ? `tags ${routes.tags.join(', ')}` : '',
    routes.intents.length ? `intents ${routes.intents.join(', ')}` : '',
    routes.pages.length ? `pages ${routes.pages.join(', ')}` : '',
    routes.hasFallback ? 'a fallback' : '',
  ].filter(Boolean);
  io.err(c.dim(`  handles ${handled.join('; ') || 'nothing yet (every call gets the fallback text)'}`));
  io.err(c.dim(`  health ${running.url}/healthz, readiness ${running.url}/readyz`));
  return { ...running, webhookUrl, app };
}

function portOption(text: string): number {
  try {
    return parsePort(text);
  } catch (error) {
    throw new InvalidArgumentError(`${messageOf(error)}.`);
  }
}

/** Adds `serve` to the program; `started` receives the running server. */
export function registerServe(program: Command, io: ResolvedIo, started: (running: ServingApp) => void): Command {
  return program
    .command('serve')
    .description('serve a webhook app module over HTTP (until SIGTERM or Ctrl-C)')
    .argument('<module>', 'a TS or JS file exporting the app (default or `app`), or a function returning one')
    .option('--host <host>', 'interface to listen on', DEFAULT_HOST)
    .option('--port <port>', `port to listen on; 0 picks a free one (default: $PORT, else ${DEFAULT_PORT})`, portOption)
    .option('--path <path>', 'where the webhook is mounted', DEFAULT_PATH)
    .option('--body-limit <size>', 'largest request body, e.g. 1048576, 512kb, 2mb (default: 1mb)', parseSize)
    .addHelpText(
      'after',
      `
Example:
  $ cxhook serve ./src/app.ts --port 8080
  # src/app.ts: export default createWebhook().tag('weather', (ctx) => { ctx.reply.text('Sunny'); });`,
    )
    .action(async (modulePath: string, options: ServeCommandOptions) => {
      started(await startServe(modulePath, options, io));
    });
}

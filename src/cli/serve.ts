// `cxhook serve <module>`: loads a user's app module and serves it over node:http until SIGTERM or
// SIGINT. The module exports the app (default or `app`), or a function that returns one.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { InvalidArgumentError, type Command } from 'commander';
import type { WebhookApp } from '../app/index.ts';
import { serve, type RunningServer } from '../transport/node-http/index.ts';
import type { ClientCertificates, TlsOptions } from '../transport/node-http/tls.ts';
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
  /** PEM certificate (chain) file: serve HTTPS; needs `tlsKey`. */
  tlsCert?: string;
  /** PEM private key file of `tlsCert`. */
  tlsKey?: string;
  /** PEM CA file that client certificates must chain to (mTLS). */
  tlsCa?: string;
  /** `none` (default), `request` or `require` (mTLS). */
  clientCerts?: ClientCertificates;
}

const CLIENT_CERT_MODES: readonly ClientCertificates[] = ['none', 'request', 'require'];

/** The TLS part of the options: undefined for plain HTTP; a usage error for a half-given pair. */
function tlsOf(options: ServeCommandOptions, cwd: string): TlsOptions | undefined {
  const { tlsCert, tlsKey, tlsCa, clientCerts } = options;
  if (tlsCert === undefined && tlsKey === undefined) {
    if (tlsCa !== undefined || (clientCerts !== undefined && clientCerts !== 'none')) throw usageError('--tls-ca and --client-certs need --tls-cert and --tls-key (HTTPS)');
    return undefined;
  }
  if (tlsCert === undefined || tlsKey === undefined) throw usageError('--tls-cert and --tls-key go together');
  if (clientCerts === 'require' && tlsCa === undefined) throw usageError('--client-certs require needs --tls-ca, the CA that client certificates must chain to');
  return {
    certFile: resolve(cwd, tlsCert),
    keyFile: resolve(cwd, tlsKey),
    ...(tlsCa === undefined ? {} : { caFile: resolve(cwd, tlsCa) }),
    clientCertificates: clientCerts ?? 'none',
  };
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
  const tls = tlsOf(options, io.cwd);
  const app = await loadApp(modulePath, io.cwd);
  let running: RunningServer;
  try {
    running = await serve({
      apps: { [path]: app },
      host,
      port,
      handleSignals: options.handleSignals ?? true,
      ...(options.bodyLimit === undefined ? {} : { bodyLimit: options.bodyLimit }),
      ...(tls ? { tls } : {}),
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A certificate or key file that is missing or unusable: the server's coded error names which.
    if ((error as { code?: unknown }).code === 'CXH_ERR_INVALID_OPTION') throw usageError(messageOf(error));
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

function clientCertsOption(text: string): ClientCertificates {
  if (!(CLIENT_CERT_MODES as readonly string[]).includes(text)) throw new InvalidArgumentError(`give none, request or require.`);
  return text as ClientCertificates;
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
    .option('--tls-cert <file>', 'PEM certificate (chain): serve HTTPS (with --tls-key)')
    .option('--tls-key <file>', 'PEM private key of --tls-cert')
    .option('--tls-ca <file>', 'PEM CA that client certificates must chain to (mTLS)')
    .option('--client-certs <mode>', 'none, request or require (mTLS; require needs --tls-ca)', clientCertsOption)
    .addHelpText(
      'after',
      `
Example:
  $ cxhook serve ./src/app.ts --port 8080
  $ cxhook serve ./src/app.ts --port 8443 --tls-cert server.crt --tls-key server.key --tls-ca cx-ca.pem --client-certs require
  # src/app.ts: export default createWebhook().tag('weather', (ctx) => { ctx.reply.text('Sunny'); });`,
    )
    .action(async (modulePath: string, options: ServeCommandOptions) => {
      started(await startServe(modulePath, options, io));
    });
}

// `cxhook send <url> [request.json]`: posts one WebhookRequest the way CX would, prints the answer
// readably and checks it against the contract. Exit 0 = valid answer, 1 = bad answer, 2 = usage,
// 3 = no answer.
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import https from 'node:https';
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { findJsonErrorOffset } from '../app/json-error.ts';
import { checkWebhookResponse, parseWebhookRequest, type JsonObject } from '../protocol/index.ts';
import { isPlainObject } from '../protocol/json.ts';
import { buildRequest, type RequestFlags } from './build-request.ts';
import { CliError, EXIT, messageOf, usageError, type ResolvedIo } from './io.ts';
import { formatErrorBody, formatIssues, formatResponse, formatStatusLine } from './print-response.ts';

/** CX's default webhook timeout. */
export const DEFAULT_TIMEOUT_MS = 5000;

export interface SendOptions extends RequestFlags {
  /** `Name: value` request headers (e.g. auth). */
  header?: string[];
  timeout?: number;
  /** Print the raw response JSON instead of the readable form. */
  json?: boolean;
  /** Print the request before sending it (on stderr). */
  showRequest?: boolean;
}

const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

/** `Authorization: Bearer x` → ['authorization', 'Bearer x']. */
export function parseHeader(text: string): [string, string] {
  const at = text.indexOf(':');
  const name = at === -1 ? '' : text.slice(0, at).trim();
  const value = text.slice(at + 1).trim();
  if (!HEADER_NAME.test(name)) throw usageError(`--header takes "Name: value", got "${text}"`);
  if (/[\r\n\0]/.test(value)) throw usageError(`--header ${name}: the value must not contain line breaks`);
  return [name.toLowerCase(), value];
}

/**
 * Where `text` stops being JSON, as line and column. Computed by the library's scanner rather than
 * read from V8's message, which on Node 20 often has no position and quotes the input instead.
 */
export function describeJsonError(text: string): string {
  if (text.trim() === '') return 'it is empty';
  const offset = findJsonErrorOffset(text);
  if (offset >= text.length) return `it ends early (after ${text.length} characters)`;
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - before.lastIndexOf('\n');
  return `unexpected ${JSON.stringify(text[offset])} at line ${line} column ${column}`;
}

/** The request file as a JSON object; usage errors name the file and the problem. */
export async function readRequestFile(file: string, cwd: string): Promise<JsonObject> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : code === 'EACCES' ? 'permission denied' : messageOf(error);
    throw usageError(`cannot read request file ${file}: ${reason}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw usageError(`request file ${file} is not valid JSON: ${describeJsonError(text)}`);
  }
  if (!isPlainObject(json)) throw usageError(`request file ${file} must hold a JSON object (a WebhookRequest)`);
  return json as JsonObject;
}

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usageError(`"${text}" is not a URL (e.g. http://127.0.0.1:8080/webhook)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw usageError(`"${text}" is not an http or https URL`);
  return url;
}

const NETWORK_REASONS: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'the connection was reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  EHOSTUNREACH: 'host unreachable',
  ENETUNREACH: 'network unreachable',
  ETIMEDOUT: 'the connection timed out',
  ECONNABORTED: 'the connection was aborted',
  EPIPE: 'the server closed the connection',
  CERT_HAS_EXPIRED: 'its TLS certificate has expired',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'its TLS certificate is self-signed',
  ERR_TLS_CERT_ALTNAME_INVALID: 'its TLS certificate is for another host',
};

/** Why the connection failed, in words (an AggregateError when several addresses were tried). */
function networkReason(error: unknown): string {
  const first = error instanceof AggregateError ? (error.errors[0] as unknown) : undefined;
  const code = (error as { code?: string }).code ?? (first as { code?: string } | undefined)?.code;
  const message = messageOf(first ?? error);
  if (message === 'socket hang up') return `the server closed the connection without answering (${code ?? 'ECONNRESET'})`;
  if (code && NETWORK_REASONS[code]) return `${NETWORK_REASONS[code]} (${code})`;
  return code && !message.includes(code) ? `${message} (${code})` : message;
}

interface Answer {
  status: number;
  text: string;
  latencyMs: number;
  requestId: string | undefined;
}

/**
 * POSTs with node:http(s) rather than fetch: fetch refuses the "bad ports" of the Fetch standard
 * (6000, 6665-6669, 10080…), which local webhooks may well use. One connection per call (no pool),
 * so nothing keeps the process alive afterwards.
 */
function post(url: URL, body: string, headers: Record<string, string>, timeoutMs: number): Promise<Answer> {
  const started = performance.now();
  const transport = url.protocol === 'https:' ? https : http;
  return new Promise<Answer>((resolvePromise, reject) => {
    let timedOut = false;
    let answering = false;
    const fail = (error: unknown) => {
      clearTimeout(timer);
      if (timedOut) reject(new CliError(`no answer from ${url.href} within ${timeoutMs} ms (--timeout)`, EXIT.unreachable));
      else if (answering) reject(new CliError(`the answer from ${url.href} was cut off: ${networkReason(error)}`, EXIT.unreachable, { cause: error }));
      else reject(new CliError(`could not reach ${url.href}: ${networkReason(error)}`, EXIT.unreachable, { cause: error }));
    };
    const request = transport.request(
      url,
      { method: 'POST', headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) }, agent: false },
      (response) => {
        answering = true;
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('error', fail);
        // A body cut off midway (the server died, or our timer fired) ends in close without end.
        response.on('close', () => {
          if (!response.complete) fail(new Error('the connection closed in the middle of the answer'));
        });
        response.on('end', () => {
          clearTimeout(timer);
          const requestId = response.headers['x-request-id'];
          resolvePromise({
            status: response.statusCode ?? 0,
            text: Buffer.concat(chunks).toString('utf8'),
            latencyMs: performance.now() - started,
            requestId: Array.isArray(requestId) ? requestId[0] : requestId,
          });
        });
      },
    );
    const timer = setTimeout(() => {
      timedOut = true;
      request.destroy();
    }, timeoutMs);
    request.on('error', fail);
    request.end(body);
  });
}

function parseBody(text: string): { ok: true; value: unknown } | { ok: false; error: string } {
  if (text.trim() === '') return { ok: false, error: 'the body is empty' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, error: describeJsonError(text) };
  }
}

/**
 * Runs `cxhook send`: builds the request, posts it, prints the answer, returns the exit code.
 * @example await sendCommand('http://127.0.0.1:8080/webhook', undefined, { tag: 'weather' }, io)
 */
export async function sendCommand(urlText: string, file: string | undefined, options: SendOptions, io: ResolvedIo): Promise<number> {
  const c = io.colors;
  const url = parseUrl(urlText);
  const timeoutMs = options.timeout ?? DEFAULT_TIMEOUT_MS;
  const userHeaders = Object.fromEntries((options.header ?? []).map(parseHeader));
  const base = file === undefined ? {} : await readRequestFile(file, io.cwd);
  const request = buildRequest(options, base);

  const parsedRequest = parseWebhookRequest(request);
  if (!parsedRequest.ok) {
    const problems = parsedRequest.issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ');
    io.err(c.yellow(`cxhook: warning: this is not a WebhookRequest CX would send (${problems}); sending it anyway`));
  }
  if (options.showRequest) io.err(JSON.stringify(request, null, 2));

  const headers = { 'content-type': 'application/json', 'user-agent': 'cxhook-send', ...userHeaders };
  const answer = await post(url, JSON.stringify(request), headers, timeoutMs);
  const statusLine = formatStatusLine({ url: url.href, status: answer.status, latencyMs: answer.latencyMs, requestId: answer.requestId }, c);
  const body = parseBody(answer.text);
  const ok = answer.status >= 200 && answer.status < 300;

  if (options.json) {
    io.out(body.ok ? JSON.stringify(body.value, null, 2) : answer.text);
    if (!ok) {
      io.err(statusLine);
      for (const line of formatErrorBody(body.ok ? body.value : undefined, answer.text, c)) io.err(line);
      return EXIT.failed;
    }
    if (!body.ok) {
      io.err(c.red(`✗ the response body is not JSON: ${body.error}`));
      return EXIT.failed;
    }
    const check = checkWebhookResponse(body.value, parsedRequest.ok ? parsedRequest.request : undefined);
    if (check.ok) return EXIT.ok;
    for (const line of formatIssues(check.issues, c)) io.err(line);
    return EXIT.failed;
  }

  io.out(statusLine);
  if (!ok) {
    for (const line of formatErrorBody(body.ok ? body.value : undefined, answer.text, c)) io.out(line);
    return EXIT.failed;
  }
  if (!body.ok) {
    io.out(c.red(`✗ the response body is not JSON: ${body.error}`));
    return EXIT.failed;
  }
  for (const line of formatResponse(body.value, c)) io.out(line);
  const check = checkWebhookResponse(body.value, parsedRequest.ok ? parsedRequest.request : undefined);
  if (!check.ok) {
    for (const line of formatIssues(check.issues, c)) io.out(line);
    return EXIT.failed;
  }
  io.out(c.green('✓ valid WebhookResponse'));
  return EXIT.ok;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function positiveMs(text: string): number {
  const value = Number(text);
  if (!/^\d+$/.test(text.trim()) || value <= 0) throw new InvalidArgumentError('give a whole number of milliseconds above 0.');
  return value;
}

/** Adds `send` to the program; `done` receives the exit code. */
export function registerSend(program: Command, io: ResolvedIo, done: (code: number) => void): Command {
  return program
    .command('send')
    .description('post a WebhookRequest to a webhook, print its answer readably and check it against the CX contract')
    .argument('<url>', 'the webhook URL, e.g. http://127.0.0.1:8080/webhook')
    .argument('[request]', 'a WebhookRequest JSON file (flags override its fields)')
    .option('--tag <tag>', 'fulfillmentInfo.tag: the routing key')
    .option('--param <name=value>', 'a session and intent parameter; the value is JSON when it parses as JSON, else a string (repeatable)', collect)
    .option('--intent <displayName>', 'intentInfo.displayName of the matched intent')
    .option('--text <text>', 'what the user said')
    .option('--event <name>', 'triggerEvent instead of text')
    .option('--session <id>', 'the session id (default: a random one)')
    .option('--page <displayName>', 'the current page')
    .option('--form <name=value>', 'a FILLED form parameter of the current page; a name alone is EMPTY (repeatable)', collect)
    .option('--language <code>', 'languageCode (default: en)')
    .option('-H, --header <header>', '"Name: value" request header, e.g. auth (repeatable)', collect)
    .option('--timeout <ms>', 'give up after this many ms', positiveMs, DEFAULT_TIMEOUT_MS)
    .option('--json', 'print the raw response JSON instead of the readable form')
    .option('--show-request', 'print the request sent (on stderr)')
    .addHelpText(
      'after',
      `
Examples:
  $ cxhook send http://127.0.0.1:8080/webhook --tag weather --param location=Paris
  $ cxhook send http://127.0.0.1:8080/webhook --tag book --param 'date={"year":2026,"month":12,"day":3}'
  $ cxhook send https://example.run.app/webhook request.json -H 'Authorization: Bearer TOKEN'

Exit codes: 0 valid answer, 1 invalid answer or non-2xx status, 2 usage error, 3 timeout or unreachable.`,
    )
    .action(async (url: string, file: string | undefined, options: SendOptions) => {
      done(await sendCommand(url, file, options, io));
    });
}

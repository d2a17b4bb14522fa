// The node:http adapter: translates sockets to the core's raw request and back, and owns the HTTP
// concerns the core cannot see (TLS, paths, methods, body and header limits, slow clients,
// concurrency, health, keep-alive, shutdown).
import { createServer, type IncomingMessage, type Server, type ServerOptions as HttpServerOptions, type ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { answersDirectly, type WebhookApp } from '../../app/create-webhook.ts';
import { errorResponse, type MaybePromise, type RawResponse } from '../../app/handle.ts';
import { CxhookError } from '../../errors/index.ts';
import { wholeNumber } from '../../errors/invalid-option.ts';
import { createLogger, type Logger } from '../../logging/logger.ts';
import { answerClientError } from './client-error.ts';
import { peerCertificateOf, resolveTls, type TlsOptions } from './tls.ts';

export const DEFAULT_BODY_LIMIT = 1024 * 1024;
export const DEFAULT_MAX_HEADER_SIZE = 16 * 1024;
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;
/**
 * A CX call takes milliseconds to seconds, so 1024 at once is far beyond what one process serves
 * for real agents, while it bounds what a flood can pin: 1024 buffered bodies and their handlers.
 */
export const DEFAULT_MAX_CONCURRENT = 1024;

export interface ServeOptions {
  /** One app at `/webhook`, or apps by mount path (`{ '/bank': bankApp, '/travel': travelApp }`). */
  app?: WebhookApp;
  apps?: Record<string, WebhookApp>;
  port?: number;
  host?: string;
  /** Request bodies above this many bytes get 413 (default 1 MiB). */
  bodyLimit?: number;
  /** Serve HTTPS with this certificate; `clientCertificates: 'require'` turns on mTLS. */
  tls?: TlsOptions;
  /** Request headers above this many bytes get 431 CXH_ERR_HEADERS_TOO_LARGE (default 16 KiB). */
  maxHeaderSize?: number;
  /** A client gets this long to send its headers, then 408 CXH_ERR_REQUEST_TIMEOUT (default 10 s). */
  headersTimeoutMs?: number;
  /** ... and this long for its whole request, body included (default 30 s). */
  requestTimeoutMs?: number;
  /** Webhook requests in progress beyond this get 503 CXH_ERR_OVERLOADED at once (default 1024; health checks exempt). */
  maxConcurrent?: number;
  /** How long shutdown waits for in-flight requests before closing their sockets (default 10 s). */
  shutdownTimeoutMs?: number;
  /** Idle keep-alive connections are kept this long (default 65 s, above common load balancer idle timeouts). */
  keepAliveTimeoutMs?: number;
  /** Stop gracefully on SIGTERM and SIGINT, then exit 0 (default false; `cxhook serve` turns it on). */
  handleSignals?: boolean;
  /** Runs after a signal-driven shutdown has drained, before exit (close databases, flush). */
  onShutdown?: () => unknown;
  logger?: Logger;
}

export interface RunningServer {
  server: Server | HttpsServer;
  /** e.g. `http://127.0.0.1:8080`, or `https://…` with `tls` */
  url: string;
  port: number;
  /** Stops accepting, lets in-flight requests finish (bounded), then closes every socket. */
  close(): Promise<void>;
}

function send(res: ServerResponse, response: RawResponse, extraHeaders?: Record<string, string>): void {
  const { body } = response;
  // The core's headers object is the response's own: adding to it saves a copy per request.
  const headers = extraHeaders ? { ...response.headers, ...extraHeaders } : response.headers;
  headers['content-length'] = String(Buffer.byteLength(body));
  res.writeHead(response.status, headers);
  // A string body goes out in the same socket write as the headers (node joins them); a Buffer
  // would cost a copy here and a second chunk in a writev.
  res.end(body);
}

function sendError(res: ServerResponse, error: CxhookError, extraHeaders?: Record<string, string>): void {
  send(res, errorResponse(error), extraHeaders);
}

function sendJson(res: ServerResponse, status: number, value: unknown): void {
  send(res, { status, headers: { 'content-type': 'application/json; charset=utf-8' }, body: JSON.stringify(value) });
}

/**
 * Reads the body up to `limit` bytes, then calls `done` with it, or with undefined when it was
 * larger (the caller answers 413). Callbacks rather than a promise: this runs for every call.
 */
function readBody(req: IncomingMessage, limit: number, done: (body: Buffer | undefined) => void, failed: (error: Error) => void): void {
  const declared = Number(req.headers['content-length']);
  if (declared > limit) {
    done(undefined);
    return;
  }
  const chunks: Buffer[] = [];
  let size = 0;
  // Whatever the stream does after the first outcome (an error after too large a body) is ignored.
  let settled = false;
  req.on('data', (chunk: Buffer) => {
    if (settled) return;
    size += chunk.length;
    if (size > limit) {
      settled = true;
      req.removeAllListeners('data');
      req.resume();
      done(undefined);
      return;
    }
    chunks.push(chunk);
  });
  req.on('end', () => {
    if (settled) return;
    settled = true;
    // One chunk (most calls) is the body as it is: concat would copy it.
    done(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks, size));
  });
  req.on('error', (error) => {
    if (settled) return;
    settled = true;
    failed(error);
  });
}

/**
 * Serves webhook apps over node:http, or node:https when `tls` is given.
 * @example const { url, close } = await serve({ app, port: 8080, host: '127.0.0.1' });
 * @example await serve({ app, port: 8443, tls: { certFile: 'server.crt', keyFile: 'server.key', caFile: 'cx-ca.pem', clientCertificates: 'require' } });
 */
export async function serve(options: ServeOptions): Promise<RunningServer> {
  const apps = new Map(Object.entries(options.apps ?? (options.app ? { '/webhook': options.app } : {})));
  if (apps.size === 0) throw new CxhookError('CXH_ERR_INVALID_OPTION', ['serve', 'give `app` or `apps`']);
  for (const path of apps.keys()) {
    if (!path.startsWith('/')) throw new CxhookError('CXH_ERR_INVALID_OPTION', ['apps', `mount path "${path}" must start with /`]);
  }
  const bodyLimit = wholeNumber('bodyLimit', options.bodyLimit ?? DEFAULT_BODY_LIMIT);
  const maxHeaderSize = wholeNumber('maxHeaderSize', options.maxHeaderSize ?? DEFAULT_MAX_HEADER_SIZE);
  const headersTimeoutMs = wholeNumber('headersTimeoutMs', options.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS);
  const requestTimeoutMs = wholeNumber('requestTimeoutMs', options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
  if (headersTimeoutMs > requestTimeoutMs) {
    throw new CxhookError('CXH_ERR_INVALID_OPTION', ['headersTimeoutMs', `must not exceed requestTimeoutMs (${requestTimeoutMs}), got ${headersTimeoutMs}`]);
  }
  const maxConcurrent = wholeNumber('maxConcurrent', options.maxConcurrent ?? DEFAULT_MAX_CONCURRENT);
  // Keep-Alive advertises whole seconds: below 1 s clients would be told timeout=0 and never reuse.
  const keepAliveTimeoutMs = options.keepAliveTimeoutMs ?? 65_000;
  if (!(keepAliveTimeoutMs >= 1000)) {
    throw new CxhookError('CXH_ERR_INVALID_OPTION', ['keepAliveTimeoutMs', `must be at least 1000, got ${keepAliveTimeoutMs}`]);
  }
  const tls = options.tls ? await resolveTls(options.tls) : undefined;
  const logger = options.logger ?? [...apps.values()][0]?.options.logger ?? createLogger();
  let inFlight = 0;
  /** Webhook requests only: health checks must answer even when the server is full. */
  let webhookCalls = 0;
  let closing = false;
  let drained: (() => void) | undefined;

  /** A failure of the adapter's own I/O (the core never throws), e.g. a client that vanished. */
  function adapterFailed(res: ServerResponse, error: unknown): void {
    logger.error({ err: error }, 'request failed in the HTTP adapter');
    if (!res.headersSent) sendError(res, new CxhookError('CXH_ERR_HANDLER_FAILED', ['the HTTP adapter']));
    else res.destroy();
  }

  /** Not async: a webhook call goes from the body's last chunk to the core without a promise of its own. */
  function onRequest(req: IncomingMessage, res: ServerResponse, call: { webhook: boolean }): void | Promise<void> {
    const url = req.url ?? '/';
    const query = url.indexOf('?');
    const path = query === -1 ? url : url.slice(0, query);
    if (closing) {
      sendError(res, new CxhookError('CXH_ERR_SHUTTING_DOWN'), { connection: 'close' });
      return;
    }
    if (path === '/healthz' || path === '/readyz') return answerHealth(req, res, path);
    const app = apps.get(path);
    if (!app) return sendError(res, new CxhookError('CXH_ERR_NOT_FOUND', [path]));
    if (req.method !== 'POST') {
      return sendError(res, new CxhookError('CXH_ERR_METHOD_NOT_ALLOWED', [req.method, 'POST']), { allow: 'POST' });
    }
    // Refused before the body is read: an overloaded server must shed load for the price of a header.
    if (webhookCalls >= maxConcurrent) {
      return sendError(res, new CxhookError('CXH_ERR_OVERLOADED', [maxConcurrent]), { 'retry-after': '1' });
    }
    webhookCalls++;
    call.webhook = true;
    readBody(
      req,
      bodyLimit,
      (body) => {
        if (!body) {
          // The rest of the body is not read: close the connection rather than drain a huge upload.
          sendError(res, new CxhookError('CXH_ERR_BODY_TOO_LARGE', [bodyLimit]), { connection: 'close' });
          return;
        }
        let answer: MaybePromise<RawResponse>;
        try {
          const raw = { body, headers: req.headers, remoteAddress: req.socket.remoteAddress, peerCertificate: peerCertificateOf(req.socket) };
          answer = answersDirectly(app) ? app.answer(raw) : app.handle(raw);
          // Written at once when the core answered synchronously: a promise would cost a microtask.
          if (typeof (answer as Partial<PromiseLike<RawResponse>>).then !== 'function') {
            send(res, answer as RawResponse);
            return;
          }
        } catch (error) {
          adapterFailed(res, error);
          return;
        }
        Promise.resolve(answer).then(
          (response) => send(res, response),
          (error: unknown) => adapterFailed(res, error),
        );
      },
      (error) => adapterFailed(res, error),
    );
  }

  async function answerHealth(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendError(res, new CxhookError('CXH_ERR_METHOD_NOT_ALLOWED', [req.method, 'GET']), { allow: 'GET, HEAD' });
    }
    if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
    const results = await Promise.all([...apps].map(async ([mount, app]) => [mount, await app.ready()] as const));
    const appsReadiness = Object.fromEntries(results);
    // Each app has decided whether it is ready (a degraded check keeps it so); this only words it.
    if (results.every(([, ready]) => ready.ok)) {
      const degraded = results.flatMap(([mount, ready]) => Object.entries(ready.degraded ?? {}).map(([name, reason]) => `${mount} ${name}: ${reason}`));
      // Degraded still answers calls, so the load balancer must keep sending them: 200.
      if (degraded.length > 0) return sendJson(res, 200, { status: 'degraded', apps: appsReadiness, degraded });
      return sendJson(res, 200, { status: 'ready', apps: appsReadiness });
    }
    const failing = results.flatMap(([mount, ready]) =>
      Object.entries(ready.checks)
        .filter(([name, result]) => result !== 'ok' && ready.degraded?.[name] === undefined)
        .map(([name, result]) => `${mount} ${name}: ${result}`),
    );
    const error = new CxhookError('CXH_ERR_NOT_READY', [failing.join('; ')]).toJSON().error;
    return sendJson(res, 503, { status: 'not ready', apps: appsReadiness, error });
  }

  const serverOptions: HttpServerOptions = {
    maxHeaderSize,
    requestTimeout: requestTimeoutMs,
    headersTimeout: headersTimeoutMs,
    // Node looks for overdue requests every 30 s by default, far too coarse for a 10 s header timeout.
    connectionsCheckingInterval: Math.min(1000, Math.max(25, Math.floor(headersTimeoutMs / 4))),
  };
  const listener = (req: IncomingMessage, res: ServerResponse) => {
    inFlight++;
    // One listener per response for both counts (a listener each cost measurably per request).
    const call = { webhook: false };
    res.once('close', () => {
      inFlight--;
      if (call.webhook) webhookCalls--;
      if (closing && inFlight === 0) drained?.();
    });
    try {
      onRequest(req, res, call)?.catch((error: unknown) => adapterFailed(res, error));
    } catch (error) {
      adapterFailed(res, error);
    }
  };
  let server: Server | HttpsServer;
  if (tls) {
    // Imported here: node:https brings node:tls and most of node:crypto, a cost plain HTTP never needs.
    const { createServer: createHttpsServer } = await import('node:https');
    try {
      server = createHttpsServer({ ...serverOptions, ...tls }, listener);
    } catch (error) {
      // e.g. a key that does not match the certificate; OpenSSL's reason never quotes the PEM.
      throw new CxhookError('CXH_ERR_INVALID_OPTION', ['tls', `the certificate or key cannot be used: ${(error as Error).message}`]);
    }
  } else {
    server = createServer(serverOptions, listener);
  }
  server.on('clientError', answerClientError);
  server.keepAliveTimeout = keepAliveTimeoutMs;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8080, options.host ?? '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port, address, family } = server.address() as AddressInfo;
  const host = family === 'IPv6' ? `[${address}]` : address;
  const url = `${tls ? 'https' : 'http'}://${host}:${port}`;
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? 10_000;

  let closed: Promise<void> | undefined;
  let removeSignalHandlers = () => {};
  const close = () => {
    closed ??= new Promise<void>((resolve) => {
      closing = true;
      const finished = new Promise<void>((done) => server.close(() => done()));
      server.closeIdleConnections();
      const allDone = inFlight === 0 ? Promise.resolve() : new Promise<void>((done) => (drained = done));
      const timer = setTimeout(() => {
        logger.warn({ inFlight }, 'shutdown timeout: closing remaining connections');
        server.closeAllConnections();
      }, shutdownTimeoutMs);
      void allDone.then(() => {
        server.closeIdleConnections();
        return finished;
      }).then(() => {
        clearTimeout(timer);
        removeSignalHandlers();
        resolve();
      });
    });
    return closed;
  };

  if (options.handleSignals) {
    const onSignal = (signal: NodeJS.Signals) => {
      logger.info({ signal, inFlight }, 'shutting down');
      void close()
        .then(() => options.onShutdown?.())
        .catch((error: unknown) => logger.error({ err: error }, 'shutdown hook failed'))
        .then(() => {
          logger.info('stopped');
          process.exit(0);
        });
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
    // A server closed by hand must not leave listeners that exit the process later.
    removeSignalHandlers = () => {
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
    };
  }

  logger.info({ url, mounts: [...apps.keys()], clientCertificates: options.tls?.clientCertificates ?? (tls ? 'none' : undefined) }, 'listening');
  return { server, url, port, close };
}

// Fake upstreams on 127.0.0.1 for outbound-call tests: a node:http server whose answer a test
// scripts per request, recording what each request carried; and a port where nothing listens.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SeenRequest {
  method: string;
  /** Path and query. */
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** Answers the `n`th request (1-based); `done` is aborted when the client goes away. */
export type FakeHandler = (request: SeenRequest, response: ServerResponse, n: number, done: AbortSignal) => void;

export interface FakeUpstream {
  /** http://127.0.0.1:<port> */
  origin: string;
  seen: SeenRequest[];
  close(): Promise<void>;
}

export async function fakeUpstream(handler: FakeHandler): Promise<FakeUpstream> {
  const seen: SeenRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: SeenRequest = { method: req.method ?? '', url: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      seen.push(request);
      const gone = new AbortController();
      res.on('close', () => gone.abort());
      handler(request, res, seen.length, gone.signal);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Sends `body` (JSON unless a string) with `status`. */
export function answer(response: ServerResponse, status: number, body: unknown = {}): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(typeof body === 'string' ? body : JSON.stringify(body));
}

/** Answers after `ms`, unless the client gave up first. */
export function answerLater(response: ServerResponse, done: AbortSignal, ms: number, status = 200, body: unknown = {}): void {
  const timer = setTimeout(() => answer(response, status, body), ms);
  done.addEventListener('abort', () => clearTimeout(timer));
}

/** A port on 127.0.0.1 where nothing listens (connections are refused). */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A deadline like a handler's: aborts at `ms` from now and tells the time left. */
export function deadlineIn(ms: number): { signal: AbortSignal; remainingMs(): number } {
  const at = Date.now() + ms;
  return { signal: AbortSignal.timeout(ms), remainingMs: () => Math.max(0, at - Date.now()) };
}

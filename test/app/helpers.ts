// Shared helpers for the behaviour tests: an in-memory logger, a realistic request builder and the
// shared fixtures.
import { readFileSync } from 'node:fs';
import { createWebhook, type WebhookApp } from '../../src/app/index.ts';
import type { WebhookContext } from '../../src/app/context.ts';
import type { WebhookOptions } from '../../src/app/options.ts';
import { createLogger, type Logger } from '../../src/logging/logger.ts';
import { sharedFixture } from '../../tools/support/shared-fixtures.ts';

export type LogLine = Record<string, any>;

/** A pino logger (through createLogger, so with its redaction) whose lines land parsed in `lines`. */
export function memoryLogger(level = 'debug'): { logger: Logger; lines: LogLine[] } {
  const lines: LogLine[] = [];
  const destination = {
    write(line: string) {
      lines.push(JSON.parse(line));
      return true;
    },
  };
  return { logger: createLogger({ level, destination: destination as unknown as NodeJS.WritableStream }), lines };
}

export const AGENT = 'projects/proj-1/locations/global/agents/agent-1';
export const FLOW = `${AGENT}/flows/flow-1`;
export const PAGE = `${FLOW}/pages/page-1`;
export const SESSION = `${AGENT}/sessions/sess-1`;
export const ENV_SESSION = `${AGENT}/environments/prod/sessions/sess-2`;

/** A WebhookRequest as CX sends it, with top-level fields replaced by `patch` (undefined removes). */
export function makeRequest(patch: Record<string, unknown> = {}): Record<string, unknown> {
  const base: Record<string, unknown> = {
    detectIntentResponseId: 'resp-1',
    fulfillmentInfo: { tag: 'booking' },
    pageInfo: { currentPage: PAGE, displayName: 'Booking Page' },
    sessionInfo: { session: SESSION, parameters: {} },
    text: 'hello',
    languageCode: 'en',
  };
  const merged: Record<string, unknown> = { ...base, ...patch };
  for (const [key, value] of Object.entries(merged)) if (value === undefined) delete merged[key];
  return merged;
}

/** An app with a silent logger unless one is given. */
export function makeApp(options: WebhookOptions = {}): WebhookApp {
  return createWebhook({ logger: createLogger({ level: 'silent' }), ...options });
}

/** Runs `request` through an app whose fallback captures the context, and returns that context. */
export async function contextFor(request: unknown, options: WebhookOptions = {}): Promise<WebhookContext> {
  let captured: WebhookContext | undefined;
  const app = makeApp(options);
  app.fallback((ctx) => {
    captured = ctx;
  });
  await app.inject(request);
  if (!captured) throw new Error('the handler did not run');
  return captured;
}

export function fixture(kind: 'requests' | 'responses', name: string): any {
  return JSON.parse(readFileSync(sharedFixture(`${kind}/${name}`), 'utf8'));
}

export const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** A promise with its resolve function outside. */
export function deferred<T = void>(): { promise: Promise<T>; resolve: (value: T) => void; reject: (error: unknown) => void } {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((ok, fail) => {
    resolve = ok;
    reject = fail;
  });
  return { promise, resolve, reject };
}

// Shared test helpers for the reference webhook: temp data dirs, a request builder in CX's shape,
// a logger whose output can be read back, and an app wired to a fresh database.
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, type JsonValue, type Logger, type WebhookApp } from '../../src/index.ts';
import { buildApp, type AppDeps } from '../../reference/app.ts';
import { loadConfig, type Config } from '../../reference/config.ts';
import type { WeatherProvider, WeatherReport } from '../../reference/services/weather/index.ts';
import { sqliteDatabase, type AppDatabase } from '../../reference/storage/database.ts';
import type { EngineUnderTest } from './engines.ts';

const AGENT = 'projects/test-project/locations/global/agents/test-agent';

/** A fresh directory under the OS temp dir, removed by the returned cleanup. */
export function tempDir(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'cxhook-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface RequestSpec {
  tag?: string;
  intent?: string;
  /** Intent parameters (resolved values). */
  params?: Record<string, JsonValue>;
  sessionParams?: Record<string, JsonValue>;
  /** Form parameters of the current page by name; undefined for an EMPTY one. */
  form?: Record<string, JsonValue | undefined>;
  session?: string;
  detectIntentResponseId?: string;
}

/** A WebhookRequest as CX sends it. */
export function cxRequest(spec: RequestSpec = {}): Record<string, unknown> {
  const request: Record<string, unknown> = {
    detectIntentResponseId: spec.detectIntentResponseId ?? `dir-${Math.random().toString(36).slice(2)}`,
    fulfillmentInfo: spec.tag === undefined ? {} : { tag: spec.tag },
    sessionInfo: { session: `${AGENT}/sessions/${spec.session ?? 'test-session'}`, parameters: spec.sessionParams ?? {} },
    pageInfo: {
      currentPage: `${AGENT}/flows/00000000-0000-0000-0000-000000000000/pages/test-page`,
      displayName: 'Test Page',
      ...(spec.form && {
        formInfo: {
          parameterInfo: Object.entries(spec.form).map(([displayName, value]) => ({
            displayName,
            required: true,
            state: value === undefined ? 'EMPTY' : 'FILLED',
            ...(value === undefined ? {} : { value, justCollected: true }),
          })),
        },
      }),
    },
    text: 'test input',
    languageCode: 'en',
  };
  if (spec.intent !== undefined || spec.params !== undefined) {
    request.intentInfo = {
      lastMatchedIntent: `${AGENT}/intents/test-intent`,
      displayName: spec.intent ?? 'test.intent',
      confidence: 0.9,
      parameters: Object.fromEntries(
        Object.entries(spec.params ?? {}).map(([name, value]) => [name, { originalValue: JSON.stringify(value), resolvedValue: value }]),
      ),
    };
  }
  return request;
}

/** The text messages of a WebhookResponse body, flattened. */
export function texts(body: any): string[] {
  return (body?.fulfillmentResponse?.messages ?? []).flatMap((message: any) => message.text?.text ?? []);
}

/** A logger writing into memory; `output()` is everything logged so far. */
export function memoryLogger(level = 'debug'): { logger: Logger; output: () => string } {
  const chunks: string[] = [];
  const destination = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { logger: createLogger({ level, destination }), output: () => chunks.join('') };
}

/** Configuration as the tests want it: the defaults, a temp data dir, silent logs. */
export function testConfig(dataDir: string, env: Record<string, string> = {}): Config {
  return loadConfig({ DATA_DIR: dataDir, LOG_LEVEL: 'silent', ...env });
}

export interface TestApp {
  app: WebhookApp;
  database: AppDatabase;
  config: Config;
  close: () => Promise<void>;
}

/**
 * The reference app on a fresh SQLite file that is not migrated: for tests that never reach the
 * bank or bookings (weather, auth). Tests that do use openTestApp.
 */
export function testApp(deps: Partial<Omit<AppDeps, 'database'>> = {}, env: Record<string, string> = {}): TestApp {
  const { dir, remove } = tempDir();
  const config = testConfig(dir, env);
  const database = sqliteDatabase(config.dataDir);
  const app = buildApp(config, { logger: createLogger({ level: 'silent' }), ...deps, database });
  return { app, database, config, close: () => database.close().finally(remove) };
}

/** The reference app on a fresh, migrated and seeded database of `engine` (default SQLite). */
export async function openTestApp(
  deps: Partial<Omit<AppDeps, 'database'>> = {},
  env: Record<string, string> = {},
  engine?: EngineUnderTest,
): Promise<TestApp> {
  const { ENGINES } = await import('./engines.ts');
  const opened = await (engine ?? (ENGINES[0] as EngineUnderTest)).open();
  const config = testConfig(opened.options.dataDir ?? '.', env);
  const app = buildApp(config, { logger: createLogger({ level: 'silent' }), ...deps, database: opened.database });
  return { app, database: opened.database, config, close: opened.close };
}

/** A provider that answers from a table (by lower-case place) and records every call. */
export function countingWeather(table: Record<string, { condition: string; temperatureC: number }> = {}): WeatherProvider & {
  calls: string[];
} {
  const calls: string[] = [];
  return {
    calls,
    async current(location): Promise<WeatherReport> {
      calls.push(location);
      const entry = table[location.trim().toLowerCase()];
      return entry ? { kind: 'current', location: location.trim(), ...entry } : { kind: 'unknown-location', location };
    },
  };
}

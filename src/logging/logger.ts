// Structured JSON logs (pino). Auth headers are always redacted; the request body is never logged
// above debug level, and then with configured parameter names masked (see redact.ts).
import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

export const REDACTED = '[redacted]';

/** Headers that carry credentials: masked in every log line (plus the app's `auth.secretHeaders`). */
export const SECRET_HEADERS: readonly string[] = ['authorization', 'proxy-authorization', 'cookie', 'x-api-key'];

export interface LoggerConfig {
  level?: string;
  /** Where to write; defaults to stdout. */
  destination?: NodeJS.WritableStream;
}

/** The logger cxhook uses when the app is given none. */
export function createLogger(config: LoggerConfig = {}): Logger {
  const options: LoggerOptions = {
    level: config.level ?? process.env.LOG_LEVEL ?? 'info',
    base: { service: 'cxhook' },
    redact: {
      // A safety net for headers logged by user code; the core masks them itself before logging.
      paths: SECRET_HEADERS.map((name) => `headers["${name}"]`),
      censor: REDACTED,
    },
  };
  return config.destination ? pino(options, config.destination) : pino(options);
}

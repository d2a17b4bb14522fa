// Structured JSON logs (pino). Auth headers are always redacted; the request body is never logged
// above debug level, and then with configured parameter names masked (see redact.ts).
import { pino, type Logger, type LoggerOptions } from 'pino';

export type { Logger } from 'pino';

export const REDACTED = '[redacted]';

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
      paths: ['headers.authorization', 'headers["x-api-key"]', 'headers.cookie', 'headers["proxy-authorization"]'],
      censor: REDACTED,
    },
  };
  return config.destination ? pino(options, config.destination) : pino(options);
}

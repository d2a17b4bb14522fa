// Option checks shared by the library's factories, so every CXH_ERR_INVALID_OPTION reads alike.
import { CxhookError } from './cxhook-error.ts';

/**
 * The error for an option that cannot be used.
 * @example throw invalidOption('rateLimit.by', 'must be "session", "client" or a function');
 */
export function invalidOption(option: string, problem: string): CxhookError {
  return new CxhookError('CXH_ERR_INVALID_OPTION', [option, problem]);
}

/**
 * `value` when it is a whole number of at least `min` (default 1), else CXH_ERR_INVALID_OPTION naming `option`.
 * @example const ttlMs = wholeNumber('memoryCache.ttlMs', options.ttlMs ?? 300_000);
 */
export function wholeNumber(option: string, value: unknown, min = 1): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min) {
    throw invalidOption(option, `must be a whole number ≥ ${min}, got ${String(value)}`);
  }
  return value;
}

// The error class every coded cxhook error is an instance of.
import { ERROR_CODES, type ErrorCode } from './codes.ts';

function format(template: string, args: readonly unknown[]): string {
  let index = 0;
  return template.replace(/%s/g, () => String(index < args.length ? args[index++] : ''));
}

/**
 * A coded error: `code` is stable and greppable, `status` is the HTTP status it maps to.
 * @example throw new CxhookError('CXH_ERR_INVALID_REPLY', 'targetPage and targetFlow are exclusive')
 */
export class CxhookError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  /** Machine-readable detail (e.g. the paths of schema problems); safe to send to the caller. */
  readonly details?: unknown;

  constructor(code: ErrorCode, args: unknown[] | string = [], options: { details?: unknown; cause?: unknown } = {}) {
    const definition = ERROR_CODES[code];
    super(format(definition.message, typeof args === 'string' ? [args] : args), { cause: options.cause });
    this.name = 'CxhookError';
    this.code = code;
    this.status = definition.status;
    this.details = options.details;
  }

  /** The JSON body cxhook answers with: a code and a message, never a stack. */
  toJSON(): { error: { code: ErrorCode; message: string; details?: unknown } } {
    return { error: { code: this.code, message: this.message, ...(this.details === undefined ? {} : { details: this.details }) } };
  }
}

export function isCxhookError(error: unknown): error is CxhookError {
  return error instanceof CxhookError;
}

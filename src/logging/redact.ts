// Copies of a WebhookRequest body and of request headers with personal data and secrets masked, for
// debug logs.
import { isPlainObject } from '../protocol/json.ts';
import { REDACTED } from './logger.ts';

function mask(value: unknown, names: ReadonlySet<string>, depth: number): unknown {
  if (depth > 64) return REDACTED;
  if (Array.isArray(value)) return value.map((item) => mask(item, names, depth + 1));
  if (!isPlainObject(value)) return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    copy[key] = names.has(key) ? REDACTED : mask(item, names, depth + 1);
  }
  // A form parameter entry names its parameter in displayName and holds it in value.
  if (typeof value.displayName === 'string' && names.has(value.displayName) && 'value' in value) copy.value = REDACTED;
  return copy;
}

/**
 * Masks the named parameters wherever the request carries them, at any depth: session and intent
 * parameters, nested objects (`user_profile.email`), the caller's payload
 * (`payload.telephony.caller_id`) and form parameter values. The input is not modified.
 */
export function redactRequestBody(body: unknown, parameterNames: readonly string[]): unknown {
  if (parameterNames.length === 0) return body;
  return mask(body, new Set(parameterNames), 0);
}

/**
 * A copy of `headers` (names in lower case) with the named ones masked. The core does this itself
 * rather than rely on the logger: an app may be given any pino logger, without cxhook's redaction.
 */
export function redactHeaders<T extends Record<string, unknown>>(headers: T, secretNames: ReadonlySet<string>): T {
  const copy: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(headers)) copy[name] = secretNames.has(name) && value !== undefined ? REDACTED : value;
  return copy as T;
}

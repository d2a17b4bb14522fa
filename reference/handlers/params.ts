// Reading CX parameter values the way the handlers need them, and refusing one the user gave.
import type { JsonValue, WebhookContext } from 'cxhook';

/** A non-empty string from a string or number value; undefined for anything else. */
export function textParam(value: JsonValue | undefined): string | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  return text === '' ? undefined : text;
}

/**
 * A place name from a plain string (@sys.geo-city, custom entities) or from the object CX sends for
 * @sys.location / @sys.address, which holds the parts and the user's own words in `original`.
 */
export function placeParam(value: JsonValue | undefined): string | undefined {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const key of ['city', 'admin-area', 'country', 'original']) {
      const part = textParam(value[key]);
      if (part) return part;
    }
    return undefined;
  }
  return textParam(value);
}

/**
 * Rejects a parameter value and asks again. On a page whose form has the parameter, CX re-prompts
 * only when the webhook marks it INVALID; anywhere else there is no form state to mark, so the
 * session value is dropped and the question is asked in the reply.
 */
export function rejectParam(ctx: WebhookContext, name: string, reprompt: string): void {
  if (Object.hasOwn(ctx.page.form, name)) ctx.reply.invalidate(name, reprompt);
  else ctx.reply.text(reprompt).deleteParam(name);
}

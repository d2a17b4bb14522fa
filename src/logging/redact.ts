// A copy of a WebhookRequest body with personal data masked, for debug logs.
import { isPlainObject } from '../protocol/json.ts';
import { REDACTED } from './logger.ts';

function maskKeys(map: unknown, names: ReadonlySet<string>): unknown {
  if (!isPlainObject(map)) return map;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(map)) copy[key] = names.has(key) ? REDACTED : value;
  return copy;
}

/**
 * Masks the named parameters wherever a request carries them: session parameters, intent
 * parameters and form parameter values. The input is not modified.
 */
export function redactRequestBody(body: unknown, parameterNames: readonly string[]): unknown {
  if (!isPlainObject(body) || parameterNames.length === 0) return body;
  const names = new Set(parameterNames);
  const copy: Record<string, unknown> = { ...body };
  const session = body.sessionInfo;
  if (isPlainObject(session)) copy.sessionInfo = { ...session, parameters: maskKeys(session.parameters, names) };
  const intent = body.intentInfo;
  if (isPlainObject(intent)) copy.intentInfo = { ...intent, parameters: maskKeys(intent.parameters, names) };
  const form = isPlainObject(body.pageInfo) && isPlainObject(body.pageInfo.formInfo) ? body.pageInfo.formInfo : undefined;
  if (form && Array.isArray(form.parameterInfo) && isPlainObject(body.pageInfo)) {
    const parameterInfo = form.parameterInfo.map((parameter: unknown) =>
      isPlainObject(parameter) && names.has(String(parameter.displayName)) && 'value' in parameter
        ? { ...parameter, value: REDACTED }
        : parameter,
    );
    copy.pageInfo = { ...body.pageInfo, formInfo: { ...form, parameterInfo } };
  }
  return copy;
}

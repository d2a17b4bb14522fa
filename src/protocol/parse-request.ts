// Lenient parsing of what CX sends: unknown fields dropped, nulls read as unset, but a body that is
// not a WebhookRequest at all is refused with the path of the problem.
import { deferredValidator } from './compiled.ts';
import { PRECOMPILED } from './precompiled.ts';
import { isPlainObject } from './json.ts';
import { lenientNormaliser } from './lenient.ts';
import { requestSchemas, type WebhookRequest } from './schemas.ts';
import type { ContractIssue } from './check-response.ts';

export type RequestParse = { ok: true; request: WebhookRequest } | { ok: false; issues: ContractIssue[] };

// Both read the zod schema only when first needed (see on-first-use.ts).
let normaliser: ((value: unknown) => unknown) | undefined;
const normalise = (value: unknown) => (normaliser ??= lenientNormaliser(requestSchemas.webhookRequest))(value);
const compiled = deferredValidator(() => requestSchemas.webhookRequest, { stripUnknown: true }, PRECOMPILED.webhookRequest);

export interface ParseOptions {
  /**
   * The caller owns `json` (it just parsed it) and lets the parser drop unknown fields from it in
   * place: the fast path. Without it the input is never modified.
   */
  mayModify?: boolean;
}

/** Parses what CX sent. */
export function parseWebhookRequest(json: unknown, options: ParseOptions = {}): RequestParse {
  if (!isPlainObject(json)) return { ok: false, issues: [{ path: '', message: 'a WebhookRequest is a JSON object' }] };
  // Most requests carry no null and no enum number, and the compiled schema refuses both: checking
  // the body as it is first saves the normalising walk. The compiled validator strips unknown
  // fields in place, so this runs only when the caller lets `json` be modified.
  if (options.mayModify && compiled(json)) return { ok: true, request: json as WebhookRequest };
  const normalised = normalise(json);
  // A normalised copy shares its unchanged parts with `json`: the same rule applies.
  if (options.mayModify && compiled(normalised)) return { ok: true, request: normalised as WebhookRequest };
  // zod decides whatever the compiled validator refused (and explains it), and serves callers
  // whose input must stay untouched.
  const parsed = requestSchemas.webhookRequest.safeParse(normalised);
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })) };
  }
  return { ok: true, request: parsed.data };
}

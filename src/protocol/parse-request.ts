// Lenient parsing of what CX sends: unknown fields dropped, nulls read as unset, but a body that is
// not a WebhookRequest at all is refused with the path of the problem.
import { isPlainObject } from './json.ts';
import { lenientNormaliser } from './lenient.ts';
import { requestSchemas, type WebhookRequest } from './schemas.ts';
import type { ContractIssue } from './check-response.ts';

export type RequestParse = { ok: true; request: WebhookRequest } | { ok: false; issues: ContractIssue[] };

const normalise = lenientNormaliser(requestSchemas.webhookRequest);

/** Parses what CX sent; the input is not modified. */
export function parseWebhookRequest(json: unknown): RequestParse {
  if (!isPlainObject(json)) return { ok: false, issues: [{ path: '', message: 'a WebhookRequest is a JSON object' }] };
  const parsed = requestSchemas.webhookRequest.safeParse(normalise(json));
  if (!parsed.success) {
    return { ok: false, issues: parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message })) };
  }
  return { ok: true, request: parsed.data };
}

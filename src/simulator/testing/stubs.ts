// Checks stubbed webhook answers up front, so a typo in a canned response is reported where it is
// written instead of surfacing as a `webhook.error` in the middle of a conversation.
import { checkWebhookResponse, isJsonValue } from '../../protocol/index.ts';
import { isPlainObject } from '../../protocol/json.ts';

export interface StubIssue {
  /** `<tag or webhook>` or `<tag or webhook>.fulfillmentResponse.messages.0…`. */
  path: string;
  message: string;
}

/**
 * Problems in a record of stubs: each value must be a function or a valid WebhookResponse.
 * @example stubIssues({ geocode: { fulfilmentResponse: {} } }) // [{ path: 'geocode.fulfilmentResponse', message: 'unknown field …' }]
 */
export function stubIssues(stubs: unknown): StubIssue[] {
  if (!isPlainObject(stubs)) return [{ path: '', message: 'stubs must be an object of tag or webhook name to a WebhookResponse' }];
  const issues: StubIssue[] = [];
  for (const [name, stub] of Object.entries(stubs)) {
    if (typeof stub === 'function') continue;
    if (!isPlainObject(stub) || !isJsonValue(stub)) {
      issues.push({ path: name, message: 'a stub is a WebhookResponse object (or, in a module, a function returning one)' });
      continue;
    }
    const check = checkWebhookResponse(stub);
    if (!check.ok) issues.push(...check.issues.map((issue) => ({ path: issue.path ? `${name}.${issue.path}` : name, message: issue.message })));
  }
  return issues;
}


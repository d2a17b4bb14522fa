// One webhook call the way CX makes it: a stub if the user gave one, else the app in-process
// through its core function or a URL over HTTP, bounded by the webhook's configured timeout. A
// failed call is classified into the `webhook.error*` event CX would raise.
import type { Webhook } from '../../agent/model.ts';
import { checkWebhookResponse, type WebhookResponse } from '../../protocol/index.ts';
import { isPlainObject } from '../../protocol/json.ts';
import type { WebhookCall, WebhookStub, WebhookTarget } from './types.ts';

export interface CallPlan {
  webhook: Webhook;
  tag: string;
  request: Record<string, unknown>;
  stubs: Record<string, WebhookStub>;
  target?: WebhookTarget;
}

/** The result of a call: the record for the turn and, on success, the checked WebhookResponse. */
export interface CallResult {
  call: WebhookCall;
  response?: WebhookResponse;
}

/** The event CX raises for an HTTP status (spec §9; the exact mapping is not published). */
export function eventForStatus(status: number): string {
  if (status === 400) return 'webhook.error.bad-request';
  if (status === 401 || status === 403) return 'webhook.error.rejected';
  if (status === 404) return 'webhook.error.not-found';
  return 'webhook.error';
}

class CallTimeout extends Error {}

async function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new CallTimeout()), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

type RawAnswer = { status: number; body: string };

async function send(target: WebhookTarget, body: string, timeoutMs: number): Promise<RawAnswer> {
  if ('app' in target) {
    const answer = await withTimeout(target.app.handle({ body, headers: { 'content-type': 'application/json' } }), timeoutMs);
    return { status: answer.status, body: answer.body };
  }
  const response = await fetch(target.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...target.headers },
    body,
    signal: AbortSignal.timeout(timeoutMs),
  });
  return { status: response.status, body: await response.text() };
}

function stubFor(plan: CallPlan): WebhookStub | undefined {
  return plan.stubs[plan.tag] ?? plan.stubs[plan.webhook.displayName];
}

/** A response that CX would accept, or why not. */
function accept(candidate: unknown, request: Record<string, unknown>): { response: WebhookResponse } | { problem: string } {
  const check = checkWebhookResponse(candidate, request as never);
  if (!check.ok) return { problem: check.issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ') };
  return { response: check.response };
}

/** Makes the call; never throws: every failure becomes an outcome and the event CX would raise. */
export async function callWebhook(plan: CallPlan): Promise<CallResult> {
  const started = performance.now();
  const record = (outcome: WebhookCall['outcome'], extra: Partial<WebhookCall> = {}): WebhookCall => ({
    webhook: plan.webhook.displayName,
    tag: plan.tag,
    outcome,
    durationMs: Math.round((performance.now() - started) * 10) / 10,
    request: plan.request,
    ...extra,
  });
  const stub = stubFor(plan);
  if (stub !== undefined) {
    try {
      const answer = typeof stub === 'function' ? await withTimeout(Promise.resolve(stub(plan.request)), plan.webhook.timeoutMs) : structuredClone(stub);
      const checked = accept(answer, plan.request);
      if ('problem' in checked) return { call: record('invalid-response', { event: 'webhook.error', detail: checked.problem, response: isPlainObject(answer) ? answer : undefined }) };
      return { call: record('stubbed', { response: checked.response }), response: checked.response };
    } catch (error) {
      if (error instanceof CallTimeout) return { call: record('timeout', { event: 'webhook.error.timeout' }) };
      return { call: record('http-error', { httpStatus: 500, event: 'webhook.error', detail: error instanceof Error ? error.message : String(error) }) };
    }
  }
  if (plan.webhook.kind === 'FLEXIBLE' || !plan.target) {
    // Nothing can answer: CX would fail to reach a webhook nobody implemented.
    return {
      call: record('not-implemented', {
        event: 'webhook.error.not-found',
        detail: plan.webhook.kind === 'FLEXIBLE' ? 'a flexible webhook needs a stub' : 'no stub and no app or URL to call',
      }),
    };
  }
  let answer: RawAnswer;
  try {
    answer = await send(plan.target, JSON.stringify(plan.request), plan.webhook.timeoutMs);
  } catch (error) {
    const timedOut = error instanceof CallTimeout || (error instanceof Error && error.name === 'TimeoutError');
    return {
      call: timedOut
        ? record('timeout', { event: 'webhook.error.timeout', detail: `no answer within ${plan.webhook.timeoutMs} ms` })
        : record('unreachable', { event: 'webhook.error.not-found', detail: error instanceof Error ? error.message : String(error) }),
    };
  }
  if (answer.status < 200 || answer.status > 299) {
    return { call: record('http-error', { httpStatus: answer.status, event: eventForStatus(answer.status) }) };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(answer.body);
  } catch {
    return { call: record('invalid-response', { httpStatus: answer.status, event: 'webhook.error', detail: 'the body is not JSON' }) };
  }
  const checked = accept(parsed, plan.request);
  if ('problem' in checked) {
    return {
      call: record('invalid-response', { httpStatus: answer.status, event: 'webhook.error', detail: checked.problem, response: isPlainObject(parsed) ? parsed : undefined }),
    };
  }
  return { call: record('ok', { httpStatus: answer.status, response: checked.response }), response: checked.response };
}

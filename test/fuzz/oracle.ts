// The fuzz app and the oracle every fuzz case is judged by: the call settles (no throw, no rejected
// promise), the answer is JSON, its status is one the case allows and an error carries the code
// that goes with it, no body shows a stack trace, and a 200 is a response CX accepts.
import { setTimeout as sleep } from 'node:timers/promises';
import { createWebhook, type WebhookApp } from '../../src/app/create-webhook.ts';
import type { RawResponse } from '../../src/app/handle.ts';
import { createLogger } from '../../src/logging/logger.ts';
import { checkWebhookResponse } from '../../src/protocol/index.ts';
import type { WebhookRequest } from '../../src/protocol/schemas.ts';
import type { FuzzCase } from './arbitraries.ts';

/** Short, so a slow handler costs little; the `slow` tag sleeps well past it. */
export const FUZZ_DEADLINE_MS = 60;

/**
 * An app with one handler per behaviour worth fuzzing: reply text, set params, invalidate a form
 * parameter, transition, throw, and be too slow. Each uses the reply API correctly for any request,
 * so a non-200 on a valid request is the framework's fault, not the handler's.
 */
export function fuzzApp(): WebhookApp {
  const app = createWebhook({ logger: createLogger({ level: 'silent' }), deadlineMs: FUZZ_DEADLINE_MS, onInvalidResponse: 'throw' });
  app.tag('reply', (ctx) => {
    const query = ctx.query;
    const said = query.kind === 'none' ? 'nothing' : String(Object.values(query)[1]).slice(0, 200);
    ctx.reply.text(`You said: ${said}`);
  });
  app.tag('params', (ctx) => {
    ctx.reply.setParams({
      fuzz_tag: ctx.tag ?? '',
      fuzz_text: (ctx.request.text ?? '').slice(0, 100),
      fuzz_params: Object.keys(ctx.sessionParams).length,
      fuzz_confidence: ctx.intent?.confidence ?? null,
    });
  });
  app.tag('invalidate', (ctx) => {
    // A name is echoed into the response, which CX caps at 64 KiB: skip the megabyte-long ones.
    const first = Object.keys(ctx.page.form).find((name) => name.length < 1000);
    if (first === undefined) ctx.reply.text('This page has no form parameter to reject.');
    else ctx.reply.invalidate(first, 'Please say that again.');
  });
  app.tag('transition', (ctx) => {
    if (ctx.page.flow) ctx.reply.goToPage('END_SESSION');
    else if (ctx.session.agentName) ctx.reply.goToFlow('00000000-0000-4000-8000-000000000000');
    else ctx.reply.text('Nowhere to go from here.');
  });
  app.tag('throws', () => {
    throw new Error('fuzz handler failure');
  });
  app.tag('slow', async (ctx) => {
    // Ignores ctx.signal on purpose: the late result must be dropped, not sent.
    await sleep(FUZZ_DEADLINE_MS * 2);
    ctx.reply.text('too late');
  });
  app.fallback((ctx) => {
    ctx.reply.text('fallback');
  });
  return app;
}

export type Failure = 'crashes' | 'non_json' | 'wrong_status';

export interface Verdict {
  failure?: Failure;
  detail?: string;
}

/** A line of a V8 stack trace, as it would appear in a body. */
const STACK_FRAME = /\bat [^\s"]+ \(?[^\s"]*:\d+:\d+\)?|\n\s+at /;

/** Judges one answer (or the error the call ended with) against what the case allows. */
export function judge(fuzzCase: FuzzCase, outcome: { response?: RawResponse; error?: unknown }): Verdict {
  const { response, error } = outcome;
  if (!response) return { failure: 'crashes', detail: `handle() threw: ${error instanceof Error ? error.stack : String(error)}` };
  let body: any;
  try {
    body = JSON.parse(response.body);
  } catch {
    return { failure: 'non_json', detail: `status ${response.status}, body ${JSON.stringify(response.body.slice(0, 200))}` };
  }
  if (!String(response.headers['content-type'] ?? '').startsWith('application/json')) {
    return { failure: 'non_json', detail: `content-type ${response.headers['content-type']}` };
  }
  if (STACK_FRAME.test(response.body)) return { failure: 'non_json', detail: `stack trace in body: ${response.body.slice(0, 300)}` };
  if (response.status >= 500) return { failure: 'crashes', detail: `status ${response.status}: ${response.body.slice(0, 300)}` };
  const code: unknown = body?.error?.code;
  const fits = fuzzCase.allowed.some((allowed) => allowed.status === response.status && (allowed.code === undefined || allowed.code === code));
  const expected = fuzzCase.allowed.map((allowed) => `${allowed.status}${allowed.code ? ` ${allowed.code}` : ''}`).join(' | ');
  if (!fits) return { failure: 'wrong_status', detail: `got ${response.status} ${code ?? ''}, expected ${expected}: ${response.body.slice(0, 300)}` };
  if (response.status !== 200 && typeof code !== 'string') return { failure: 'wrong_status', detail: `error without a code: ${response.body.slice(0, 300)}` };
  if (response.status === 200) {
    const check = checkWebhookResponse(body, fuzzCase.request as WebhookRequest | undefined);
    if (!check.ok) return { failure: 'wrong_status', detail: `200 with an invalid WebhookResponse: ${JSON.stringify(check.issues)}` };
  }
  return {};
}

/** Runs one case in-process through `app.handle` and judges it. */
export async function runCase(app: WebhookApp, fuzzCase: FuzzCase): Promise<Verdict> {
  try {
    const response = await app.handle({ body: fuzzCase.body, headers: fuzzCase.headers });
    return judge(fuzzCase, { response });
  } catch (error) {
    return judge(fuzzCase, { error });
  }
}

/** A case as one printable line (bodies abbreviated: some are a megabyte). */
export function describeCase(fuzzCase: FuzzCase): string {
  const body = typeof fuzzCase.body === 'string' ? fuzzCase.body : `<${fuzzCase.body.length} bytes> ${fuzzCase.body.toString('latin1')}`;
  const shown = body.length > 300 ? `${body.slice(0, 200)}…(${body.length} chars)…${body.slice(-60)}` : body;
  return `${fuzzCase.kind} headers=${JSON.stringify(fuzzCase.headers)} body=${JSON.stringify(shown)}`;
}

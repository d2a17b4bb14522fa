// Rules `timeout-below-deadline` and `flexible-webhook`: CX gives up on a webhook after its
// configured timeout, so the app's deadline (when it answers with its fallback at the latest) must
// come before it, with room for the network.
import type { CheckContext } from './context.ts';
import type { Finding } from './finding.ts';

/** Below this gap between the app's deadline and CX's timeout, a slow network can still lose the answer. */
export const TIMEOUT_MARGIN_MS = 500;

/**
 * The app's STANDARD webhooks whose timeout is at or below the app's deadline (error) or less than
 * TIMEOUT_MARGIN_MS above it (warning). Needs the app.
 * @example timeoutsBelowDeadline(ctx) // deadline 4800 ms, timeout 5 s → a warning: 200 ms margin
 */
export function timeoutsBelowDeadline(ctx: CheckContext): Finding[] {
  if (!ctx.app) return [];
  const { deadlineMs } = ctx.app;
  const findings: Finding[] = [];
  for (const webhook of ctx.agent.webhooks.values()) {
    if (webhook.kind !== 'STANDARD' || !ctx.appWebhooks.has(webhook.displayName)) continue;
    const margin = webhook.timeoutMs - deadlineMs;
    if (margin >= TIMEOUT_MARGIN_MS) continue;
    const where = { file: webhook.source.file, jsonPath: `${webhook.source.path}.timeout` };
    findings.push(
      margin <= 0
        ? {
            rule: 'timeout-below-deadline',
            severity: 'error',
            message: `webhook "${webhook.displayName}" times out after ${webhook.timeoutMs} ms, but the app may answer as late as its deadline of ${deadlineMs} ms: CX gives up first (raise the timeout or lower deadlineMs)`,
            ...where,
          }
        : {
            rule: 'timeout-below-deadline',
            severity: 'warning',
            message: `webhook "${webhook.displayName}" times out after ${webhook.timeoutMs} ms, only ${margin} ms after the app's deadline of ${deadlineMs} ms (leave at least ${TIMEOUT_MARGIN_MS} ms for the network)`,
            ...where,
          },
    );
  }
  return findings;
}

/**
 * One note per FLEXIBLE webhook: CX sends it its own request body, so it is not a cxhook app.
 * @example flexibleWebhooks(ctx) // [{ rule: 'flexible-webhook', severity: 'note', … }]
 */
export function flexibleWebhooks(ctx: CheckContext): Finding[] {
  return [...ctx.agent.webhooks.values()]
    .filter((webhook) => webhook.kind === 'FLEXIBLE')
    .map((webhook) => ({
      rule: 'flexible-webhook',
      severity: 'note',
      message: `webhook "${webhook.displayName}" is FLEXIBLE (CX sends it a request body of its own, not a WebhookRequest): not checked against the app, and answered by stubs in the simulator`,
      file: webhook.source.file,
      jsonPath: webhook.source.path,
    }));
}

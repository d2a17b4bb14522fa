// Calls no handler claims (an unknown tag, intent or page): say so, and log what came in so the
// agent and the webhook can be brought back in step.
import type { Handler } from 'cxhook';

export const FALLBACK_TEXT = "I've received your request, but I'm not sure how to process it. Can you provide more details?";

export const fallbackHandler: Handler = (ctx) => {
  ctx.log.info({ intent: ctx.intent?.displayName, page: ctx.page.displayName }, 'no handler for this call');
  ctx.reply.text(FALLBACK_TEXT);
};

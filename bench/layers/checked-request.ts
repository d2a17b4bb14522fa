// Layer 2 of `npm run bench:layers`: the adapter, then what the core does to every request before
// routing (JSON limits, JSON.parse, the compiled WebhookRequest validator), then a constant answer.
import { createLogger, createWebhook, type RawRequest, type RawResponse, type WebhookApp } from '../../src/index.ts';
import { exceededJsonLimit } from '../../src/limits/json-complexity.ts';
import { parseWebhookRequest } from '../../src/protocol/index.ts';
import { serve } from '../../src/transport/node-http/index.ts';
import { answer, listenOptions } from './shared.ts';

const base = createWebhook({ logger: createLogger({ level: 'warn' }) });
const { maxDepth, maxKeys } = base.options.limits;
function checked({ body }: RawRequest): RawResponse {
  const text = typeof body === 'string' ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8');
  if (exceededJsonLimit(text, maxDepth, maxKeys) !== undefined) throw new Error('the bench body exceeds the JSON limits');
  if (!parseWebhookRequest(JSON.parse(text), { mayModify: true }).ok) throw new Error('the bench body is not a WebhookRequest');
  return answer();
}
// Synchronous, as the core's answer is for a handler that does not wait (the adapter calls `answer`).
const app: WebhookApp = { ...base, handle: async (raw) => checked(raw), answer: checked };
void serve({ app, ...listenOptions() });

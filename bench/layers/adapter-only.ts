// Layer 1 of `npm run bench:layers`: cxhook's node:http adapter around a core that answers a
// constant at once. What the adapter costs beyond the bare server.
import { createLogger, createWebhook, type WebhookApp } from '../../src/index.ts';
import { serve } from '../../src/transport/node-http/index.ts';
import { answer, listenOptions } from './shared.ts';

// The adapter calls `answer`; a constant is a synchronous answer, as the core's is for a handler
// that does not wait.
const app: WebhookApp = { ...createWebhook({ logger: createLogger({ level: 'warn' }) }), handle: async () => answer(), answer };
void serve({ app, ...listenOptions() });

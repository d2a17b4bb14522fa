// Layer 3 of `npm run bench:layers`: the whole core with the smallest handler there is, one text
// for the `weather` tag (and, as the fallback, for any other call, e.g. the reads body). What routing, the context, the reply, the response check and the
// serialisation add to layer 2; the reference's weather handler is the rest.
import { createLogger, createWebhook } from '../../src/index.ts';
import { serve } from '../../src/transport/node-http/index.ts';
import { listenOptions } from './shared.ts';

const app = createWebhook({ logger: createLogger({ level: 'warn' }) });
app.tag('weather', (ctx) => ctx.reply.text('ok'));
app.fallback((ctx) => ctx.reply.text('ok'));
void serve({ app, ...listenOptions() });

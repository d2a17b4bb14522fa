// The server `npm run soak` loads and stops: the library's createWebhook with the reference weather
// handler, a tag whose handler overruns a short deadline, an api-key check, served by serve() with
// handleSignals so SIGTERM drains it. It prints `{"port":N}` on stdout once listening.
//   SOAK_API_KEY   the key callers must send in x-api-key (required)
import { setTimeout as sleep } from 'node:timers/promises';
import { apiKey, createLogger, createWebhook, serve } from 'cxhook';
import { weatherHandler } from '../reference/handlers/weather.ts';
import { offlineWeather } from '../reference/services/weather/index.ts';

export const SLOW_DEADLINE_MS = 300;

const key = process.env.SOAK_API_KEY;
if (!key) throw new Error('SOAK_API_KEY is not set');

const auth = apiKey({ header: 'x-api-key', keys: { soak: key } });

const logger = createLogger({ level: 'warn' });
const app = createWebhook({ logger, auth, deadlineMs: SLOW_DEADLINE_MS });
app.tag('weather', weatherHandler({ weather: offlineWeather() }));
app.tag('slow', async (ctx) => {
  await sleep(SLOW_DEADLINE_MS * 3);
  ctx.reply.text('too late to be heard');
});

// No top-level await: bundles are CommonJS (see tools/build.ts).
void serve({ app, host: '127.0.0.1', port: 0, handleSignals: true, logger }).then(({ port }) => {
  process.stdout.write(`${JSON.stringify({ port })}\n`);
});

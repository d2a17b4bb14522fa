// CPU per webhook call of the library alone, in-process (no sockets, no load generator): the
// figure to watch when changing the request path, since HTTP figures on a 2-core machine shared
// with the load generator move by ±20% between runs.
//
//   npm run bench:pipeline
import { readFileSync } from 'node:fs';
import { createLogger, createWebhook, type WebhookApp } from '../src/index.ts';
import { sharedFixture } from '../tools/support/shared-fixtures.ts';

const FIXTURES = sharedFixture('bench/');
const CALLS = Number(process.env.BENCH_CALLS ?? 20_000);
const CONCURRENCY = 50;

// The same reply from a handler that answers at once and from one that awaits first (as one that
// reads a cache or a database does): the core spends a promise on the second kind only.
const syncApp = createWebhook({ logger: createLogger({ level: 'warn' }) });
syncApp.fallback((ctx) => ctx.reply.text('ok').setParam('seen', true));
const asyncApp = createWebhook({ logger: createLogger({ level: 'warn' }) });
asyncApp.fallback(async (ctx) => {
  await null;
  ctx.reply.text('ok').setParam('seen', true);
});
const headers = { 'content-type': 'application/json' };

/** Median CPU µs per call over 5 rounds, after one warm-up round. */
async function cpuPerCall(app: WebhookApp, body: string, calls: number): Promise<number> {
  const rounds: number[] = [];
  for (let round = 0; round < 6; round++) {
    let started = 0;
    const before = process.cpuUsage();
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (started < calls) {
          started++;
          const answer = await app.handle({ body, headers });
          if (answer.status !== 200) throw new Error(`status ${answer.status}: ${answer.body}`);
        }
      }),
    );
    const used = process.cpuUsage(before);
    if (round > 0) rounds.push((used.user + used.system) / calls);
    // The fast-path validators compile on a timer after the first call; let it run, as a server would.
    else await new Promise((resolve) => setTimeout(resolve, 200));
  }
  rounds.sort((a, b) => a - b);
  return rounds[Math.floor(rounds.length / 2)] as number;
}

const parseOnly = (body: string, calls: number) => {
  const before = process.cpuUsage();
  for (let i = 0; i < calls; i++) JSON.parse(body);
  const used = process.cpuUsage(before);
  return (used.user + used.system) / calls;
};

for (const name of ['weather', 'large']) {
  const body = readFileSync(new URL(`${name}.json`, FIXTURES), 'utf8');
  // The 20 KB body costs ~20x more per call; fewer calls keep the run short.
  const calls = name === 'large' ? Math.ceil(CALLS / 10) : CALLS;
  const syncHandler = await cpuPerCall(syncApp, body, calls);
  const asyncHandler = await cpuPerCall(asyncApp, body, calls);
  console.log(
    `${name.padEnd(8)} ${syncHandler.toFixed(1).padStart(6)} µs CPU per call, ${asyncHandler.toFixed(1).padStart(6)} µs with an async handler` +
      ` (JSON.parse alone ${parseOnly(body, calls).toFixed(1)} µs)`,
  );
}

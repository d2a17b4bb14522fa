// Where the reference's throughput goes, layer by layer, each beside the bare node:http server in
// the same run. Weather (default): the adapter alone (bench/layers/adapter-only.ts), plus the request
// checks (checked-request.ts), plus the rest of the core with a one-line handler (one-line-app.ts),
// plus the reference's weather handler (reference/main.ts). Reads (BENCH_LAYERS=reads, the bench's
// database-query balance): the one-line core, the database-query handler over a bank in memory
// (constant-bank.ts), and the reference reading SQLite. Each server is bundled and prewarmed as
// `npm run bench` does; the servers take turns for BENCH_ROUNDS rounds and the median is shown.
//
//   npm run bench:layers     BENCH_LAYERS=reads npm run bench:layers
//
// Env: BENCH_LAYERS (weather or reads), BENCH_DURATION (s, default 5), BENCH_WARMUP (s, 1),
// BENCH_CONNECTIONS (50), BENCH_ROUNDS (3).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { bundle, prewarm, REFERENCE_PREWARM_CALLS } from '../tools/build.ts';
import { freePort } from '../tools/support/free-port.ts';
import { sharedFixture } from '../tools/support/shared-fixtures.ts';
import { envNumber, loadTest, median, sanityCheck, waitForFirst200, type LoadResult, type LoadSettings } from './measure.ts';
import { installCleanup, killAllNow, spawnServer } from './proc.ts';
import { readBody } from './storage.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));

interface Layer {
  name: string;
  entry: string;
}

const WEATHER_LAYERS: readonly Layer[] = [
  { name: 'bare node:http', entry: 'bench/bare-server.ts' },
  { name: '+ cxhook adapter', entry: 'bench/layers/adapter-only.ts' },
  { name: '+ request checks', entry: 'bench/layers/checked-request.ts' },
  { name: '+ core, 1-line handler', entry: 'bench/layers/one-line-app.ts' },
  { name: '+ weather handler', entry: 'reference/main.ts' },
];

const READ_LAYERS: readonly Layer[] = [
  { name: 'bare node:http', entry: 'bench/bare-server.ts' },
  { name: 'core, 1-line handler', entry: 'bench/layers/one-line-app.ts' },
  { name: 'balance from memory', entry: 'bench/layers/constant-bank.ts' },
  { name: 'balance from SQLite', entry: 'reference/main.ts' },
];

async function main(): Promise<void> {
  installCleanup(() => {});
  const settings: LoadSettings = {
    durationS: envNumber('BENCH_DURATION', 5, false),
    warmupS: envNumber('BENCH_WARMUP', 1, false),
    connections: envNumber('BENCH_CONNECTIONS', 50, true),
    rounds: envNumber('BENCH_ROUNDS', 3, true),
  };
  if (settings.durationS <= 0 || settings.connections <= 0 || settings.rounds <= 0) throw new Error('BENCH_DURATION, BENCH_CONNECTIONS and BENCH_ROUNDS must be > 0');
  const which = process.env.BENCH_LAYERS ?? 'weather';
  if (which !== 'weather' && which !== 'reads') throw new Error(`BENCH_LAYERS must be weather or reads, got "${which}"`);
  const layers = which === 'reads' ? READ_LAYERS : WEATHER_LAYERS;
  const weather = readFileSync(new URL('weather.json', sharedFixture('bench/')));
  const body = which === 'reads' ? Buffer.from(readBody()) : weather;
  const launchers: string[] = [];
  for (const layer of layers) {
    const launcher = await bundle(layer.entry, path.join(ROOT, 'dist', 'bench', 'layers', `${path.basename(layer.entry, '.ts')}.mjs`));
    await prewarm(launcher, REFERENCE_PREWARM_CALLS);
    launchers.push(launcher);
  }
  const results: LoadResult[][] = layers.map(() => []);
  for (let round = 1; round <= settings.rounds; round++) {
    for (const [index, layer] of layers.entries()) {
      const port = await freePort();
      const startedAt = performance.now();
      const server = spawnServer(layer.name, [launchers[index] as string], ROOT, port);
      try {
        await waitForFirst200(server, weather, startedAt);
        await sanityCheck(server, `the ${which} body`, body);
        const result = await loadTest(server, body, settings);
        if (result.non2xx + result.errors > 0) throw new Error(`${layer.name}: ${result.non2xx} non-2xx, ${result.errors} errors`);
        results[index]?.push(result);
        console.error(`${layer.name} (round ${round}/${settings.rounds}): ${result.rps.toFixed(0)} req/s`);
      } finally {
        await server.stop();
      }
    }
  }
  const bare = median((results[0] ?? []).map((r) => r.rps)) ?? Number.NaN;
  console.log(`\n${which === 'reads' ? 'Reads body (a balance)' : 'Weather body'}, ${settings.durationS} s at ${settings.connections} connections after ${settings.warmupS} s warm-up, median of ${settings.rounds} rounds taking turns.`);
  console.log(`${'layer'.padEnd(24)}  ${'req/s'.padStart(7)}  ${'vs bare'.padStart(7)}  ${'CPU µs/req'.padStart(10)}  req/s by round`);
  for (const [index, layer] of layers.entries()) {
    const rounds = results[index] ?? [];
    // Each column's own median (the CPU figure need not come from the median req/s round).
    const rps = median(rounds.map((r) => r.rps)) ?? Number.NaN;
    const cpu = median(rounds.map((r) => r.cpuUsPerRequest ?? Number.NaN)) ?? Number.NaN;
    console.log(
      `${layer.name.padEnd(24)}  ${rps.toFixed(0).padStart(7)}  ${(rps / bare).toFixed(2).padStart(6)}x  ${cpu.toFixed(1).padStart(10)}  ${rounds.map((r) => r.rps.toFixed(0)).join('/')}`,
    );
  }
}

main().then(
  () => killAllNow(),
  (error: unknown) => {
    killAllNow();
    console.error(`bench:layers: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);

// Load-test the reference webhook against a bare node:http ceiling, in one run on one machine,
// since only figures from the same run are comparable (see ../shared/fixtures/bench/README.md).
//
//   npm run bench            BENCH_DURATION=3 BENCH_CONNECTIONS=20 npm run bench
//
// Env: BENCH_DURATION (s, default 10), BENCH_CONNECTIONS (50), BENCH_WARMUP (s, 2),
// BENCH_ROUNDS (3: each load is run this many times, the servers taking turns, and the round with the
// median req/s is reported, since one 10 s sample on a shared 2-core host moves by ±30%),
// BENCH_COLDSTART_RUNS (5), BENCH_STORAGE (1; 0 leaves out the reads/writes part), BENCH_DATABASE_URL
// (PostgreSQL for it, default postgres://postgres@127.0.0.1:5432/test), BENCH_REFERENCE_ENTRY (default reference/main.ts, relative to the
// repo root; lets the bench be tried against a stand-in).
// The last stdout line is always the machine-readable `bench: ...` summary (NA where unmeasured).
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import { envNumber, loadTest, median, sanityCheck, waitForFirst200, type LoadResult, type LoadSettings } from './measure.ts';
import { bundle, prewarm, REFERENCE_PREWARM_CALLS } from '../tools/build.ts';
import { installCleanup, killAllNow, spawnServer, type ServerProcess } from './proc.ts';
import { freePort } from '../tools/support/free-port.ts';
import { loadStorage, postgresSchema, STORAGE_KINDS, type StorageKind, type StorageServer } from './storage.ts';
import { sharedFixture } from '../tools/support/shared-fixtures.ts';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const FIXTURES = sharedFixture('bench/');

type ServerKey = 'reference' | 'bare';
type BodyName = 'weather' | 'large';
const SERVER_KEYS: readonly ServerKey[] = ['reference', 'bare'];
const BODY_NAMES: readonly BodyName[] = ['weather', 'large'];

// Filled in as the bench goes, so an interrupted or failed run can still print a summary line. Each
// holds the median round so far; `rounds` keeps every round, for the table and the error check.
const loadResults = new Map<`${BodyName}/${ServerKey}`, LoadResult>();
const rounds = new Map<string, LoadResult[]>();
const coldStarts: Record<ServerKey, number[]> = { reference: [], bare: [] };
const storageResults = new Map<`${StorageKind}/${StorageServer}`, LoadResult>();
const STORAGE_SERVERS: readonly StorageServer[] = ['bare', 'sqlite', 'postgres'];
let coldStartRuns = 5;
let summaryPrinted = false;

/** Keeps `result` as one more round of `key` and returns the round with the median req/s (the lower middle one of an even count). */
function addRound(key: string, result: LoadResult): LoadResult {
  const all = [...(rounds.get(key) ?? []), result];
  rounds.set(key, all);
  const sorted = [...all].sort((a, b) => a.rps - b.rps);
  return sorted[Math.floor((sorted.length - 1) / 2)] as LoadResult;
}

/** Every round's req/s of a series, in the order run: `17287/16120/18003`. */
function roundsRps(key: string): string {
  return (rounds.get(key) ?? []).map((r) => r.rps.toFixed(0)).join('/');
}

function fmt(value: number | null | undefined, decimals: number): string {
  return value === null || value === undefined || !Number.isFinite(value) ? 'NA' : value.toFixed(decimals);
}

function ratio(a: number | null | undefined, b: number | null | undefined): number | undefined {
  return a === null || a === undefined || b === null || b === undefined || b === 0 ? undefined : a / b;
}

function summaryLine(): string {
  const ref = loadResults.get('weather/reference');
  const bare = loadResults.get('weather/bare');
  // A partial cold-start sample set would not be the advertised median, so it is NA instead.
  const cold = (key: ServerKey): number | undefined =>
    coldStarts[key].length >= coldStartRuns ? median(coldStarts[key]) : undefined;
  return (
    `bench: rps=${fmt(ref?.rps, 0)} ceiling_rps=${fmt(bare?.rps, 0)} ratio=${fmt(ratio(ref?.rps, bare?.rps), 2)}` +
    ` p99_ms=${fmt(ref?.p99, 1)} rss_mb=${fmt(ref?.rssMb, 1)}` +
    ` coldstart_ms=${fmt(cold('reference'), 0)} ceiling_coldstart_ms=${fmt(cold('bare'), 0)}`
  );
}

/** `bench-storage: reads_sqlite_rps=… reads_sqlite_ratio=… …`: each engine's req/s and its ratio to the bare ceiling. */
function storageLine(): string {
  const parts: string[] = [];
  for (const kind of STORAGE_KINDS) {
    const bare = storageResults.get(`${kind}/bare`);
    parts.push(`${kind}_ceiling_rps=${fmt(bare?.rps, 0)}`);
    for (const engine of ['sqlite', 'postgres'] as const) {
      const r = storageResults.get(`${kind}/${engine}`);
      parts.push(`${kind}_${engine}_rps=${fmt(r?.rps, 0)}`, `${kind}_${engine}_ratio=${fmt(ratio(r?.rps, bare?.rps), 2)}`, `${kind}_${engine}_p99_ms=${fmt(r?.p99, 1)}`);
    }
  }
  return `bench-storage: ${parts.join(' ')}`;
}

/** Kill children, print the summaries (`bench:` as the very last stdout line), exit. Used by every exit path. */
function finish(code: number): never {
  killAllNow();
  if (!summaryPrinted) {
    summaryPrinted = true;
    if (storageResults.size > 0) process.stdout.write(storageLine() + '\n');
    process.stdout.write(summaryLine() + '\n');
  }
  process.exit(code);
}

/** A header, a rule and the rows: the first two columns (text) left-aligned, figures right-aligned. */
function printRows(columns: readonly string[], rows: readonly string[][]): void {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((row) => (row[i] ?? '').length)));
  const line = (cells: readonly string[]): string =>
    cells.map((cell, i) => (i < 2 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0))).join('  ').trimEnd();
  console.log(line(columns));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const row of rows) console.log(line(row));
}

function printTable(settings: LoadSettings): void {
  const columns = ['body', 'server', 'req/s', 'p50 ms', 'p99 ms', 'non2xx', 'errors', 'timeouts', 'peak RSS MB', 'CPU µs/req', 'req/s by round'];
  const rows: string[][] = [];
  for (const body of BODY_NAMES) {
    const ref = loadResults.get(`${body}/reference`);
    const bare = loadResults.get(`${body}/bare`);
    for (const [key, r] of [['reference', ref], ['bare', bare]] as const) {
      if (r === undefined) continue;
      rows.push([
        body, key, fmt(r.rps, 0), fmt(r.p50, 1), fmt(r.p99, 1),
        String(r.non2xx), String(r.errors), String(r.timeouts), fmt(r.rssMb, 1), fmt(r.cpuUsPerRequest, 1), roundsRps(`${body}/${key}`),
      ]);
    }
    const x = (a: number | null | undefined, b: number | null | undefined): string => {
      const value = ratio(a, b);
      return value === undefined ? 'NA' : `${value.toFixed(2)}x`;
    };
    rows.push([body, 'ref/bare', x(ref?.rps, bare?.rps), x(ref?.p50, bare?.p50), x(ref?.p99, bare?.p99), '', '', '', x(ref?.rssMb, bare?.rssMb), x(ref?.cpuUsPerRequest, bare?.cpuUsPerRequest)]);
  }
  const cpus = os.cpus();
  console.log('');
  console.log(
    `Load: ${settings.durationS} s at ${settings.connections} connections after ${settings.warmupS} s warm-up, ${settings.rounds} round(s) taking turns, the median round shown ` +
      `(autocannon in the bench process; node ${process.version}, ${cpus.length} CPUs, ${cpus[0]?.model.trim() ?? 'unknown CPU'}, kernel ${os.release()}). ` +
      `errors include timeouts; RSS is the max of VmRSS polls and VmHWM; CPU is the server's user+system time per answered request.`,
  );
  printRows(columns, rows);

  console.log('');
  console.log(`Cold start: spawn to first 200 on POST /webhook (weather), median of ${coldStartRuns}`);
  for (const key of SERVER_KEYS) {
    const samples = coldStarts[key].map((ms) => ms.toFixed(0)).join(', ');
    console.log(`  ${key.padEnd(9)}  ${fmt(median(coldStarts[key]), 0).padStart(5)} ms   (runs: ${samples})`);
  }
  const coldRatio = ratio(median(coldStarts.reference), median(coldStarts.bare));
  console.log(`  ${'ref/bare'.padEnd(9)}  ${coldRatio === undefined ? 'NA' : coldRatio.toFixed(2) + 'x'}`);
  console.log('');
}

async function main(): Promise<number> {
  const settings: LoadSettings = {
    durationS: envNumber('BENCH_DURATION', 10, false),
    connections: envNumber('BENCH_CONNECTIONS', 50, true),
    warmupS: envNumber('BENCH_WARMUP', 2, false),
    rounds: envNumber('BENCH_ROUNDS', 3, true),
  };
  if (settings.durationS <= 0 || settings.connections <= 0 || settings.rounds <= 0) throw new Error('BENCH_DURATION, BENCH_CONNECTIONS and BENCH_ROUNDS must be > 0');
  coldStartRuns = envNumber('BENCH_COLDSTART_RUNS', 5, true);

  const entries: Record<ServerKey, string> = {
    reference: process.env.BENCH_REFERENCE_ENTRY ?? 'reference/main.ts',
    bare: 'bench/bare-server.ts',
  };
  for (const key of SERVER_KEYS) {
    if (!existsSync(path.resolve(ROOT, entries[key]))) {
      throw new Error(`${key} server entry ${entries[key]} not found (relative to ${ROOT})`);
    }
  }
  // Both servers run as they would be deployed: bundled and prewarmed like `npm run build` does (so
  // each starts from its V8 code cache) and started with plain node, so neither pays the
  // TypeScript loader. BENCH_LOADER=tsx runs the sources instead.
  const runSources = process.env.BENCH_LOADER === 'tsx';
  const commands = {} as Record<ServerKey, string[]>;
  for (const key of SERVER_KEYS) {
    if (runSources) {
      commands[key] = ['--import', 'tsx', entries[key]];
      continue;
    }
    const launcher = await bundle(entries[key], path.join(ROOT, 'dist', 'bench', `${key}.mjs`));
    await prewarm(launcher, REFERENCE_PREWARM_CALLS);
    commands[key] = [launcher];
  }
  process.stderr.write(`servers: ${runSources ? 'TypeScript sources under tsx' : 'esbuild bundles under plain node, each prewarmed once to write its code cache'}\n`);
  const bodies = {} as Record<BodyName, Buffer>;
  for (const name of BODY_NAMES) bodies[name] = readFileSync(new URL(`${name}.json`, FIXTURES));

  const start = async (key: ServerKey): Promise<{ server: ServerProcess; startedAt: number }> => {
    const port = await freePort();
    const startedAt = performance.now();
    return { server: spawnServer(key, commands[key], ROOT, port), startedAt };
  };

  // Cold start: fresh process each time, interleaved so drift (thermal, tsx cache) hits both alike.
  for (let run = 1; run <= coldStartRuns; run++) {
    for (const key of SERVER_KEYS) {
      const { server, startedAt } = await start(key);
      try {
        const ms = await waitForFirst200(server, bodies.weather, startedAt);
        coldStarts[key].push(ms);
        console.error(`cold start ${run}/${coldStartRuns} ${key}: ${ms.toFixed(0)} ms`);
      } finally {
        await server.stop();
      }
    }
  }

  // Load: one server alive at a time so they never compete for the CPU; a fresh process per body
  // and round so VmHWM is that run's peak and not a leftover from the previous one. The servers
  // take turns round after round, so a slow spell of the host hits both.
  for (const body of BODY_NAMES) {
    for (let round = 1; round <= settings.rounds; round++) {
      for (const key of SERVER_KEYS) {
        const { server, startedAt } = await start(key);
        try {
          await waitForFirst200(server, bodies.weather, startedAt);
          await sanityCheck(server, `${body}.json`, bodies[body]);
          console.error(`load ${body} ${key} (round ${round}/${settings.rounds}): warm-up ${settings.warmupS} s, then ${settings.durationS} s at ${settings.connections} connections...`);
          const result = await loadTest(server, bodies[body], settings);
          loadResults.set(`${body}/${key}`, addRound(`${body}/${key}`, result));
          console.error(`load ${body} ${key} (round ${round}/${settings.rounds}): ${result.rps.toFixed(0)} req/s, p99 ${result.p99} ms`);
        } finally {
          await server.stop();
        }
      }
    }
  }

  if (process.env.BENCH_STORAGE !== '0') await storageBench(settings, commands);

  printTable(settings);
  printStorageTable();

  const failures: string[] = [];
  // Every round counts here, not only the reported one.
  for (const [key, all] of rounds) {
    if (key.endsWith('/bare')) continue;
    all.forEach((r, index) => {
      const which = `${key} round ${index + 1}`;
      if (r.non2xx + r.errors > 0) failures.push(`${which}: ${r.non2xx} non-2xx, ${r.errors} errors (${r.timeouts} timeouts)`);
      if (r.warmupFailures > 0) failures.push(`${which}: ${r.warmupFailures} non-2xx/errors during warm-up`);
    });
  }
  if (failures.length > 0) {
    console.error(`bench: FAILED, the reference server did not answer every request with 2xx: ${failures.join('; ')}`);
    return 1;
  }
  return 0;
}

/** Reads and writes on each engine beside the bare ceiling fed the same bodies; one server alive at a time. */
async function storageBench(settings: LoadSettings, commands: Record<ServerKey, string[]>): Promise<void> {
  const postgres = await postgresSchema();
  if ('skip' in postgres) console.error(`bench storage: PostgreSQL left out: ${postgres.skip}`);
  try {
    for (const kind of STORAGE_KINDS) {
      for (let round = 1; round <= settings.rounds; round++) {
        for (const target of STORAGE_SERVERS) {
          if (target === 'postgres' && 'skip' in postgres) continue;
          const key: ServerKey = target === 'bare' ? 'bare' : 'reference';
          const port = await freePort();
          const startedAt = performance.now();
          const server = spawnServer(`${key} (${target})`, commands[key], ROOT, port, target === 'postgres' && !('skip' in postgres) ? postgres.env : {});
          try {
            console.error(`load ${kind} ${target} (round ${round}/${settings.rounds}): warm-up ${settings.warmupS} s, then ${settings.durationS} s at ${settings.connections} connections...`);
            const result = await loadStorage(server, startedAt, kind, target === 'bare', settings);
            storageResults.set(`${kind}/${target}`, addRound(`${kind}/${target}`, result));
            console.error(`load ${kind} ${target} (round ${round}/${settings.rounds}): ${result.rps.toFixed(0)} req/s, p99 ${result.p99} ms`);
          } finally {
            await server.stop();
          }
        }
      }
    }
  } finally {
    if (!('skip' in postgres)) await postgres.drop();
  }
}

function printStorageTable(): void {
  if (storageResults.size === 0) return;
  console.log('Storage: reads = tag database-query (a balance), writes = booking.create, every request a new slot; the ceiling is the bare server fed the same bodies.');
  const columns = ['request', 'server', 'req/s', 'vs ceiling', 'p50 ms', 'p99 ms', 'non2xx', 'errors', 'CPU µs/req', 'req/s by round'];
  const rows: string[][] = [];
  for (const kind of STORAGE_KINDS) {
    const bare = storageResults.get(`${kind}/bare`);
    for (const target of STORAGE_SERVERS) {
      const r = storageResults.get(`${kind}/${target}`);
      if (!r) continue;
      const versus = ratio(r.rps, bare?.rps);
      rows.push([kind, target, fmt(r.rps, 0), versus === undefined ? 'NA' : `${versus.toFixed(2)}x`, fmt(r.p50, 1), fmt(r.p99, 1), String(r.non2xx), String(r.errors), fmt(r.cpuUsPerRequest, 1), roundsRps(`${kind}/${target}`)]);
    }
  }
  printRows(columns, rows);
  console.log('');
}

installCleanup((signal) => {
  console.error(`bench: interrupted by ${signal}, servers killed`);
  if (!summaryPrinted) {
    summaryPrinted = true;
    if (storageResults.size > 0) process.stdout.write(storageLine() + '\n');
    process.stdout.write(summaryLine() + '\n');
  }
});

function fail(err: unknown): never {
  console.error(`bench: error: ${err instanceof Error ? err.message : String(err)}`);
  return finish(1);
}
// Errors thrown outside main's promise chain (e.g. inside a library callback) still get cleanup + summary.
process.on('uncaughtException', fail);
process.on('unhandledRejection', fail);

main().then((code) => finish(code), fail);

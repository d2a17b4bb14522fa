// `npm run soak`: sustained mixed load on a real server process, then SIGTERM during the load.
// The server (tools/soak-server.ts) is bundled with esbuild and run by plain node, as it would be
// deployed, so its RSS is the server's and not the TypeScript loader's.
//
//   SOAK_DURATION_S   seconds of load before the signal (default 20)
//   SOAK_CONNECTIONS  concurrent requests (default 32)
//
// Load mix: valid weather calls (with the key), slow-handler calls (past a 300 ms deadline: 200 with
// the fallback), malformed JSON (400), no key (401), a wrong key (403), oversized bodies (413).
// "Lost at shutdown": a request whose bytes were all written to a connection before SIGTERM was
// sent, and which got no HTTP answer (reset, hang-up, timeout). Requests written after the signal
// may be refused (the listener is closed): those are counted apart, not as lost.
// Last line: `soak: sent=<n> valid_failed=<n> lost_at_shutdown=<n> p99_ms=<x> rss_start_mb=<x> rss_end_mb=<x>`.
// Exit 1 when valid_failed, lost_at_shutdown or unexpected answers are not zero.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { bundle, ROOT } from './build.ts';
import { checkWebhookResponse } from '../src/protocol/index.ts';

type Kind = 'valid' | 'slow' | 'malformed' | 'no_key' | 'wrong_key' | 'oversized';

/** Share of each kind in the mix, and the answer it must get while the server is up. */
const MIX: Array<{ kind: Kind; weight: number; status: number }> = [
  { kind: 'valid', weight: 60, status: 200 },
  { kind: 'slow', weight: 8, status: 200 },
  { kind: 'malformed', weight: 10, status: 400 },
  { kind: 'no_key', weight: 8, status: 401 },
  { kind: 'wrong_key', weight: 8, status: 403 },
  { kind: 'oversized', weight: 6, status: 413 },
];
const EXPECTED = new Map(MIX.map((entry) => [entry.kind, entry.status]));
const OVERSIZED_BYTES = 1024 * 1024 + 100 * 1024;
const AFTER_SIGNAL_MS = 15_000;

interface Result {
  kind: Kind;
  startedAt: number;
  /** When the whole request had been handed to the socket ('finish'). */
  writtenAt?: number;
  endedAt?: number;
  status?: number;
  body?: string;
  error?: string;
}

function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number, got "${raw}"`);
  return value;
}

function rssMb(pid: number): number | undefined {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : undefined;
  } catch {
    return undefined;
  }
}

function percentile(values: number[], p: number): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

const fmt = (value: number | undefined, decimals = 1) => (value === undefined ? 'NA' : value.toFixed(decimals));

function weatherRequest(tag: string, city: string): string {
  return JSON.stringify({
    detectIntentResponseId: randomBytes(8).toString('hex'),
    fulfillmentInfo: { tag },
    sessionInfo: { session: 'projects/p/locations/global/agents/a/sessions/soak', parameters: { location: city } },
    text: `weather in ${city}`,
    languageCode: 'en',
  });
}

const CITIES = ['Paris', 'Berlin', 'Lagos', 'Lima', 'Osaka', 'Quito'];

function requestFor(kind: Kind, key: string, n: number): { headers: Record<string, string>; body: Buffer } {
  const json = { 'content-type': 'application/json' };
  const city = CITIES[n % CITIES.length] as string;
  switch (kind) {
    case 'valid':
      return { headers: { ...json, 'x-api-key': key }, body: Buffer.from(weatherRequest('weather', city)) };
    case 'slow':
      return { headers: { ...json, 'x-api-key': key }, body: Buffer.from(weatherRequest('slow', city)) };
    case 'malformed':
      return { headers: { ...json, 'x-api-key': key }, body: Buffer.from(weatherRequest('weather', city).slice(0, 40)) };
    case 'no_key':
      return { headers: json, body: Buffer.from(weatherRequest('weather', city)) };
    case 'wrong_key':
      return { headers: { ...json, 'x-api-key': `${key}x` }, body: Buffer.from(weatherRequest('weather', city)) };
    case 'oversized':
      return { headers: { ...json, 'x-api-key': key }, body: Buffer.alloc(OVERSIZED_BYTES, 0x20) };
  }
}

/** One request; resolves with what happened, never rejects. */
function send(port: number, agent: http.Agent, kind: Kind, key: string, n: number): Promise<Result> {
  const { headers, body } = requestFor(kind, key, n);
  const result: Result = { kind, startedAt: performance.now() };
  return new Promise((resolve) => {
    const done = () => {
      result.endedAt ??= performance.now();
      resolve(result);
    };
    const req = http.request(
      { host: '127.0.0.1', port, path: '/webhook', method: 'POST', agent, headers: { ...headers, 'content-length': String(body.length) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          result.status = res.statusCode;
          result.body = Buffer.concat(chunks).toString('utf8');
          done();
        });
        res.on('error', (error) => {
          result.error = error.message;
          done();
        });
      },
    );
    req.on('finish', () => (result.writtenAt = performance.now()));
    req.on('error', (error: NodeJS.ErrnoException) => {
      result.error ??= error.code ?? error.message;
      done();
    });
    req.setTimeout(AFTER_SIGNAL_MS, () => req.destroy(new Error('timeout')));
    req.end(body);
  });
}

function pickKind(n: number): Kind {
  // A fixed weighted cycle: the mix is the same in every run, spread evenly over time.
  const total = MIX.reduce((sum, entry) => sum + entry.weight, 0);
  let slot = (n * 37) % total;
  for (const entry of MIX) {
    if (slot < entry.weight) return entry.kind;
    slot -= entry.weight;
  }
  return 'valid';
}

async function main(): Promise<number> {
  const durationS = envNumber('SOAK_DURATION_S', 20);
  const connections = Math.round(envNumber('SOAK_CONNECTIONS', 32));
  const key = randomBytes(16).toString('hex');

  const entry = await bundle('tools/soak-server.ts', path.join(ROOT, 'dist', 'soak', 'server.mjs'));
  const child = spawn(process.execPath, [entry], { cwd: ROOT, env: { ...process.env, SOAK_API_KEY: key, NODE_ENV: 'production' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let serverStderr = '';
  child.stderr.on('data', (chunk: Buffer) => (serverStderr = (serverStderr + chunk.toString()).slice(-4000)));
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => resolve((JSON.parse(line) as { port: number }).port));
    child.once('exit', () => reject(new Error(`server exited before listening: ${serverStderr}`)));
  });
  const pid = child.pid as number;
  console.error(`soak: server pid ${pid} on 127.0.0.1:${port} (esbuild bundle under node), ${connections} connections, ${durationS} s`);

  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  // Oversized uploads get 413 and a closed connection: kept off the keep-alive pool.
  const oneShot = new http.Agent({ keepAlive: false });
  const results: Result[] = [];
  let counter = 0;
  let stopAt = Number.POSITIVE_INFINITY;
  let serverGone = false;
  void exited.then(() => (serverGone = true));

  const worker = async () => {
    while (performance.now() < stopAt && !serverGone) {
      const n = counter++;
      const kind = pickKind(n);
      const result = await send(port, kind === 'oversized' ? oneShot : agent, kind, key, n);
      results.push(result);
      // Once the listener is closed, new connections are refused: this worker is done.
      if (result.error === 'ECONNREFUSED') return;
    }
  };

  const loadStart = performance.now();
  const workers = Array.from({ length: connections }, worker);
  // RSS at start: once the server has answered its first second of load (warm, JIT-compiled).
  await new Promise((resolve) => setTimeout(resolve, Math.min(1000, (durationS * 1000) / 4)));
  const rssStart = rssMb(pid);
  let lastProgress = performance.now();
  while (performance.now() - loadStart < durationS * 1000) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    if (performance.now() - lastProgress >= 5000) {
      lastProgress = performance.now();
      console.error(`soak: ${((performance.now() - loadStart) / 1000).toFixed(0)} s, ${results.length} answered, RSS ${fmt(rssMb(pid))} MB`);
    }
  }
  const rssEnd = rssMb(pid);
  const signalAt = performance.now();
  child.kill('SIGTERM');
  // The load goes on through the shutdown; workers stop when the server is gone or refuses.
  stopAt = signalAt + AFTER_SIGNAL_MS;
  const exit = await Promise.race([exited, new Promise<undefined>((resolve) => setTimeout(resolve, AFTER_SIGNAL_MS))]);
  if (!exit) child.kill('SIGKILL');
  await Promise.all(workers);
  agent.destroy();
  oneShot.destroy();

  // ----- classify
  const byStatus = new Map<string, number>();
  const latencies: number[] = [];
  let validFailed = 0;
  let unexpected = 0;
  let lost = 0;
  let refusedAfter = 0;
  let shutdownAnswered = 0;
  const examples: string[] = [];
  for (const r of results) {
    const label = r.status !== undefined ? String(r.status) : `error:${r.error}`;
    byStatus.set(label, (byStatus.get(label) ?? 0) + 1);
    const beforeSignal = r.endedAt !== undefined && r.endedAt < signalAt;
    const writtenBefore = r.writtenAt !== undefined && r.writtenAt < signalAt;
    if (r.status === undefined) {
      // An oversized upload may be cut off by the 413's connection close before the answer is read.
      if (r.kind === 'oversized') continue;
      if (beforeSignal) {
        unexpected++;
        if (r.kind === 'valid' || r.kind === 'slow') validFailed++;
        examples.push(`${r.kind}: ${r.error} during load`);
      } else if (writtenBefore) {
        lost++;
        examples.push(`${r.kind}: ${r.error}, written ${(signalAt - (r.writtenAt as number)).toFixed(1)} ms before SIGTERM`);
      } else refusedAfter++;
      continue;
    }
    if (!beforeSignal) {
      shutdownAnswered++;
      continue;
    }
    if (r.status !== EXPECTED.get(r.kind)) {
      unexpected++;
      if (r.kind === 'valid' || r.kind === 'slow') validFailed++;
      examples.push(`${r.kind}: ${r.status} ${r.body?.slice(0, 160)}`);
      continue;
    }
    if (r.kind === 'valid' || r.kind === 'slow') {
      let ok = false;
      try {
        ok = checkWebhookResponse(JSON.parse(r.body ?? '')).ok;
      } catch {}
      if (!ok) {
        validFailed++;
        examples.push(`${r.kind}: 200 with a body that is not a valid WebhookResponse: ${r.body?.slice(0, 160)}`);
      } else if (r.kind === 'valid') latencies.push((r.endedAt as number) - r.startedAt);
    }
  }
  const p99 = percentile(latencies, 99);
  const elapsedS = (signalAt - loadStart) / 1000;

  console.log(`requests sent: ${results.length} in ${elapsedS.toFixed(1)} s of load plus the shutdown (${connections} connections)`);
  console.log(`answers by status: ${[...byStatus].sort().map(([label, count]) => `${label}=${count}`).join(' ')}`);
  console.log(`valid requests that failed: ${validFailed}`);
  console.log(`unexpected answers (any kind, before SIGTERM): ${unexpected}`);
  console.log(`p99 of valid requests: ${fmt(p99)} ms (p50 ${fmt(percentile(latencies, 50))} ms, ${latencies.length} requests)`);
  console.log(`server RSS: ${fmt(rssStart)} MB at start, ${fmt(rssEnd)} MB at end`);
  console.log(`shutdown: exit ${exit ? `code=${exit.code} signal=${exit.signal}` : 'none (killed)'}; answered while draining ${shutdownAnswered}; refused after close ${refusedAfter}`);
  console.log(`in-flight requests lost at shutdown: ${lost}`);
  for (const example of examples.slice(0, 10)) console.log(`  ${example}`);
  console.log(
    `soak: sent=${results.length} valid_failed=${validFailed} lost_at_shutdown=${lost} p99_ms=${fmt(p99)} rss_start_mb=${fmt(rssStart)} rss_end_mb=${fmt(rssEnd)}`,
  );
  return validFailed > 0 || lost > 0 || unexpected > 0 || !exit || exit.code !== 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`soak: error: ${error instanceof Error ? error.stack : String(error)}`);
    console.log('soak: sent=0 valid_failed=NA lost_at_shutdown=NA p99_ms=NA rss_start_mb=NA rss_end_mb=NA');
    process.exit(1);
  },
);

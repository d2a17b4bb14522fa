// Measurement primitives: single POSTs (readiness, sanity, cold start), RSS sampling via /proc,
// and an autocannon load run.
import { readFile } from 'node:fs/promises';
import http from 'node:http';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon, { type AutocannonResult } from 'autocannon';
import type { ServerProcess } from './proc.ts';

export const START_TIMEOUT_MS = 20_000;

export interface HttpAnswer {
  status: number;
  contentType: string;
  body: string;
}

/** One POST on a fresh connection (no agent), so a dead or restarting server fails fast. */
export function post(url: URL, body: Buffer, timeoutMs: number): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      {
        method: 'POST',
        agent: false,
        headers: { 'content-type': 'application/json', 'content-length': body.length },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            contentType: String(res.headers['content-type'] ?? ''),
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Poll with a real request every 5 ms until the server answers 200; resolves with the ms elapsed
 * since `startedAt`. Fails early if the child dies, and after START_TIMEOUT_MS with a clear message.
 */
export async function waitForFirst200(server: ServerProcess, body: Buffer, startedAt: number): Promise<number> {
  const deadline = startedAt + START_TIMEOUT_MS;
  let last = 'no attempt made';
  for (;;) {
    if (server.exitInfo !== null) throw new Error(server.describeExit());
    const remaining = deadline - performance.now();
    if (remaining <= 0) {
      throw new Error(
        `${server.label} did not answer 200 on POST ${server.url.href} within ${START_TIMEOUT_MS / 1000} s ` +
          `(last attempt: ${last})` + (server.output ? `; its output ends with:\n${server.output}` : ''),
      );
    }
    try {
      const answer = await post(server.url, body, Math.max(1, Math.min(remaining, 5_000)));
      if (answer.status === 200) return performance.now() - startedAt;
      last = `HTTP ${answer.status}`;
    } catch (err) {
      last = err instanceof Error ? err.message : String(err);
    }
    await sleep(5);
  }
}

/** The bench only means something if the server really handles this body: demand 200 + JSON. */
export async function sanityCheck(server: ServerProcess, bodyName: string, body: Buffer): Promise<void> {
  const what = `sanity POST of ${bodyName} to ${server.label} (${server.url.href})`;
  let answer: HttpAnswer;
  try {
    answer = await post(server.url, body, START_TIMEOUT_MS);
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(`${what} failed: ${reason}`);
  }
  const snippet = answer.body.slice(0, 300);
  if (answer.status !== 200) throw new Error(`${what}: expected 200, got ${answer.status}: ${snippet}`);
  if (!answer.contentType.includes('application/json')) {
    throw new Error(`${what}: expected application/json, got content-type "${answer.contentType}"`);
  }
  try {
    JSON.parse(answer.body);
  } catch {
    throw new Error(`${what}: body is not valid JSON: ${snippet}`);
  }
}

async function readProcStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): Promise<number | null> {
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status);
    return match?.[1] !== undefined ? Number(match[1]) : null;
  } catch {
    return null; // not Linux, or the process is gone
  }
}

/** Polls VmRSS every 100 ms; `stop()` also reads VmHWM, which catches peaks between polls. */
export class RssSampler {
  private peakKb: number | null = null;
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number) {
    this.timer = setInterval(() => void this.sample('VmRSS'), 100);
  }

  private async sample(field: 'VmRSS' | 'VmHWM'): Promise<void> {
    const kb = await readProcStatusKb(this.pid, field);
    if (kb !== null) this.peakKb = Math.max(this.peakKb ?? 0, kb);
  }

  /** Peak resident set in MB (MiB), or null when /proc is unavailable. Call before killing. */
  async stop(): Promise<number | null> {
    clearInterval(this.timer);
    await this.sample('VmHWM');
    return this.peakKb === null ? null : this.peakKb / 1024;
  }
}

export interface LoadSettings {
  connections: number;
  durationS: number;
  warmupS: number;
  /** How many times each load runs (the servers taking turns); the median round is reported. */
  rounds: number;
}

export interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  non2xx: number;
  /** autocannon counts timeouts as errors too, so this already includes them. */
  errors: number;
  timeouts: number;
  warmupFailures: number;
  rssMb: number | null;
  /** Server CPU (user + system, all threads) per answered request, from /proc; null off Linux. */
  cpuUsPerRequest: number | null;
}

/** utime + stime of a process in µs (Linux clock ticks are 100 Hz). */
async function cpuTimeUs(pid: number): Promise<number | null> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name, which may hold spaces, start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10_000;
  } catch {
    return null;
  }
}

/** A new body for every request (e.g. a booking of another slot); otherwise `body` is sent every time. */
export type NextBody = () => string;

function cannon(url: URL, body: Buffer, connections: number, durationS: number, nextBody?: NextBody): Promise<AutocannonResult> {
  return autocannon({
    url: url.href,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body,
    connections,
    duration: durationS,
    ...(nextBody ? { requests: [{ setupRequest: (request) => ({ ...request, body: nextBody() }) }] } : {}),
  });
}

/** Warm-up (JIT, pools, caches), then the measured run with RSS sampling of the server process. */
export async function loadTest(server: ServerProcess, body: Buffer, settings: LoadSettings, nextBody?: NextBody): Promise<LoadResult> {
  let warmupFailures = 0;
  if (settings.warmupS > 0) {
    const warm = await cannon(server.url, body, settings.connections, settings.warmupS, nextBody);
    warmupFailures = warm.non2xx + warm.errors;
  }
  const sampler = new RssSampler(server.pid);
  const cpuBefore = await cpuTimeUs(server.pid);
  let result: AutocannonResult;
  try {
    result = await cannon(server.url, body, settings.connections, settings.durationS, nextBody);
  } catch (err) {
    await sampler.stop();
    throw err;
  }
  const cpuAfter = await cpuTimeUs(server.pid);
  const rssMb = await sampler.stop();
  if (server.exitInfo !== null) throw new Error(server.describeExit());
  const answered = result.requests.total;
  const cpuUsPerRequest = cpuBefore !== null && cpuAfter !== null && answered > 0 ? (cpuAfter - cpuBefore) / answered : null;
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    warmupFailures,
    rssMb,
    cpuUsPerRequest,
  };
}

/** A bench setting from the environment: `fallback` when unset, an error naming it when not a non-negative number (or integer). */
export function envNumber(name: string, fallback: number, integer: boolean): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0 || (integer && !Number.isInteger(value))) {
    throw new Error(`${name} must be a non-negative ${integer ? 'integer' : 'number'}, got "${raw}"`);
  }
  return value;
}

/** The middle value (the mean of the two middle ones for an even count); undefined for none. */
export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const hi = sorted[mid];
  const lo = sorted[sorted.length % 2 === 0 ? mid - 1 : mid];
  return hi === undefined || lo === undefined ? undefined : (lo + hi) / 2;
}

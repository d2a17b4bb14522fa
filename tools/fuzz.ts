// `npm run fuzz -- <count>`: runs as many fuzz cases as asked through the core in-process, with the
// generators and the oracle of test/fuzz. Case i is drawn from seed FUZZ_SEED+i, so any failure is
// replayed alone with `FUZZ_SEED=<its seed> npm run fuzz -- 1`.
// The last line is always `fuzz: cases=<n> crashes=<n> non_json=<n> wrong_status=<n>`; exit 1 when
// any of the failure counts is not zero.
import fc from 'fast-check';
import { fuzzCase } from '../test/fuzz/arbitraries.ts';
import { describeCase, fuzzApp, runCase, type Failure } from '../test/fuzz/oracle.ts';

const PROGRESS_EVERY_MS = 3000;
/** Failing cases printed in full; the rest are only counted. */
const MAX_PRINTED = 20;

function parseCount(arg: string | undefined): number {
  if (arg === undefined) return 1000;
  const count = Number(arg);
  if (!Number.isInteger(count) || count < 0) throw new Error(`usage: npm run fuzz -- <count>  (a whole number, got "${arg}")`);
  return count;
}

async function main(): Promise<number> {
  const total = parseCount(process.argv[2]);
  const baseSeed = process.env.FUZZ_SEED ? Number(process.env.FUZZ_SEED) : Date.now() % 2 ** 31;
  if (!Number.isInteger(baseSeed)) throw new Error(`FUZZ_SEED must be an integer, got "${process.env.FUZZ_SEED}"`);
  console.error(`fuzz: ${total} cases from seed ${baseSeed}`);
  const app = fuzzApp();
  const counts: Record<Failure, number> = { crashes: 0, non_json: 0, wrong_status: 0 };
  let done = 0;
  let printed = 0;
  let lastProgress = performance.now();
  // A crash of the process itself (not of one call) still ends with the summary line.
  const summary = () => `fuzz: cases=${done} crashes=${counts.crashes} non_json=${counts.non_json} wrong_status=${counts.wrong_status}`;
  process.on('uncaughtException', (error) => {
    counts.crashes++;
    console.log(`uncaught exception after case ${done}: ${error.stack}`);
    console.log(summary());
    process.exit(1);
  });
  for (let i = 0; i < total; i++) {
    const seed = (baseSeed + i) % 2 ** 31;
    const [c] = fc.sample(fuzzCase, { seed, numRuns: 1 });
    if (!c) throw new Error('the generator gave no case');
    const verdict = await runCase(app, c);
    done++;
    if (verdict.failure) {
      counts[verdict.failure]++;
      if (printed++ < MAX_PRINTED) {
        console.log(`FAIL ${verdict.failure} seed=${seed} (replay: FUZZ_SEED=${seed} npm run fuzz -- 1)\n  ${verdict.detail}\n  case: ${describeCase(c)}`);
      }
    }
    if (performance.now() - lastProgress >= PROGRESS_EVERY_MS) {
      lastProgress = performance.now();
      const failures = counts.crashes + counts.non_json + counts.wrong_status;
      console.error(`fuzz: ${done}/${total} cases, ${failures} failing, heap ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MB`);
    }
  }
  console.log(summary());
  return counts.crashes + counts.non_json + counts.wrong_status > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`fuzz: error: ${error instanceof Error ? error.message : String(error)}`);
    console.log('fuzz: cases=0 crashes=0 non_json=0 wrong_status=0');
    process.exit(2);
  },
);

// The work of `cxhook test`: runs the agent's test cases and the golden conversations through the
// simulator and the app, prints a diff per failing case, the JUnit report and the summary line.
// Imported by `test.ts` only when the command runs.
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { isCxhookError } from '../errors/index.ts';
import { createSimulator, type Simulator } from '../simulator/engine/index.ts';
import {
  formatCaseDiff,
  fromTestCase,
  parseGolden,
  runCases,
  summarize,
  summaryLine,
  toJUnitXml,
  type ConversationCase,
  type SimulatorFactory,
} from '../simulator/testing/index.ts';
import { prepareAgent } from './agent-setup.ts';
import { CliError, EXIT, messageOf, usageError, type ResolvedIo } from './io.ts';
import { startProgress } from './progress.ts';
import type { TestCommandOptions } from './test.ts';

const GOLDEN_FILE = /\.ya?ml$/i;

/** A path as reports show it: relative to the working folder, with `/` separators. */
function shown(path: string, cwd: string): string {
  const local = relative(cwd, path);
  return (local.startsWith('..') ? path : local).split(sep).join('/');
}

/** The golden files a `--golden` path stands for, in a stable order. */
async function goldenFiles(given: string, cwd: string): Promise<string[]> {
  const path = resolve(cwd, given);
  let stats;
  try {
    stats = await stat(path);
  } catch {
    throw usageError(`cannot find golden file or folder ${given} (looked for ${path})`);
  }
  if (!stats.isDirectory()) return [path];
  const entries = await readdir(path, { recursive: true });
  const files = entries.filter((entry) => GOLDEN_FILE.test(entry)).sort().map((entry) => join(path, entry));
  if (files.length === 0) throw usageError(`golden folder ${given} holds no .yaml or .yml file`);
  return files;
}

/**
 * Every golden conversation of the given files and folders.
 * @example await loadGoldens(['test/golden/divebooker'], process.cwd())
 */
export async function loadGoldens(paths: readonly string[], cwd: string): Promise<ConversationCase[]> {
  const cases: ConversationCase[] = [];
  const seen = new Set<string>();
  for (const given of paths) {
    for (const file of await goldenFiles(given, cwd)) {
      if (seen.has(file)) continue;
      seen.add(file);
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        throw usageError(`cannot read golden file ${shown(file, cwd)}: ${messageOf(error)}`);
      }
      try {
        cases.push(...parseGolden(text, shown(file, cwd)));
      } catch (error) {
        throw isCxhookError(error) ? usageError(error.message) : error;
      }
    }
  }
  return cases;
}

function matches(testCase: ConversationCase, grep: string): boolean {
  const needle = grep.toLowerCase();
  return [testCase.name, testCase.suite, ...testCase.tags].some((text) => text.toLowerCase().includes(needle));
}

/**
 * Runs the command and returns its exit code: 0 all turns matched, 1 some did not, 2 usage.
 * @example const code = await runTestCommand('agent/', { app: './src/app.ts', golden: ['test/golden'] }, io);
 */
export async function runTestCommand(agentPath: string, options: TestCommandOptions, io: ResolvedIo): Promise<number> {
  const goldens = await loadGoldens(options.golden ?? [], io.cwd);
  const { agent, webhook, stubs } = await prepareAgent(agentPath, options, io);
  const suite = agent.displayName ?? basename(resolve(io.cwd, agentPath));
  const all = [...agent.testCases.map((testCase) => fromTestCase(testCase, suite)), ...goldens];
  const cases = options.grep === undefined ? all : all.filter((testCase) => matches(testCase, options.grep ?? ''));
  if (cases.length === 0) {
    const why =
      all.length === 0
        ? `the agent ${agentPath} has no test cases (testCases/) and no --golden was given`
        : `none of the ${all.length} cases matches --grep ${JSON.stringify(options.grep)}`;
    throw usageError(`no test cases to run: ${why}`);
  }

  // Cases with the same language and stubs share a simulator (each still gets a fresh session), so
  // the intent classifier is trained once per language, not once per case.
  const simulators = new Map<string, Simulator>();
  const factory: SimulatorFactory = (setup) => {
    // Golden stubs are plain JSON (functions only come from the --stubs file, which every case shares).
    const key = JSON.stringify([setup.languageCode ?? '', setup.stubs, setup.generators]);
    let simulator = simulators.get(key);
    if (!simulator) {
      simulator = createSimulator({
        agent,
        ...(webhook ? { webhook } : {}),
        // The case's own stubs (from its golden file) win over the --stubs file.
        stubs: { ...stubs, ...setup.stubs },
        generators: setup.generators,
        ...(setup.languageCode === undefined ? {} : { languageCode: setup.languageCode }),
      });
      simulators.set(key, simulator);
    }
    return simulator;
  };
  const progress = startProgress(io, cases.length);
  const outcomes = await runCases(factory, cases, {
    onProgress: (update) => progress.update(update),
    ...(options.webhooks === false ? { webhooks: false } : {}),
  }).finally(() => progress.stop());

  const failed = outcomes.filter((outcome) => !outcome.passed);
  for (const outcome of failed) {
    io.out(formatCaseDiff(outcome, io.colors).join('\n'));
    io.out();
  }
  let junitError: CliError | undefined;
  if (options.junit !== undefined) {
    try {
      await writeFile(resolve(io.cwd, options.junit), toJUnitXml(outcomes));
    } catch (error) {
      junitError = new CliError(`cannot write the JUnit report ${options.junit}: ${messageOf(error)}`, EXIT.failed, { cause: error });
    }
  }
  const summary = summarize(outcomes);
  const verdict = failed.length === 0 ? io.colors.green(`all ${summary.cases} cases passed`) : io.colors.red(`${failed.length} of ${summary.cases} cases failed`);
  io.err(verdict);
  // The summary stays the last stdout line even when the report could not be written.
  io.out(summaryLine(summary));
  if (junitError) throw junitError;
  return summary.turnsMatched === summary.turns ? EXIT.ok : EXIT.failed;
}

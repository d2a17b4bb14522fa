// What starting `cxhook` loads: building the program (for --version, --help, serve and send) must not
// load the agent commands' implementations (agent loader, checker, simulator, test runner and their
// libraries), which only the command that needs them imports. Checked by recording, with a module
// loader hook in a child process, every module URL the run resolves; no timing involved.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { after, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { sharedFixture } from '../../tools/support/shared-fixtures.ts';
import { moduleFolder } from './helpers.ts';

const SRC = resolve(import.meta.dirname, '../../src');
const MAIN_URL = pathToFileURL(resolve(SRC, 'cli/main.ts')).href;
const GRAFFITI = fileURLToPath(sharedFixture('agents/goodbye-graffiti/'));
const VERSION = (JSON.parse(readFileSync(resolve(import.meta.dirname, '../../package.json'), 'utf8')) as { version: string }).version;

/** Modules (under src/) and packages that only the agent commands need. */
const HEAVY_SOURCES = [
  'agent/load/load-agent.ts',
  'agent/check/index.ts',
  'agent/gen/index.ts',
  'simulator/engine/session.ts',
  'simulator/expression/index.ts',
  'simulator/nlu/index.ts',
  'simulator/testing/index.ts',
  'cli/agent-setup.ts',
  'cli/stubs.ts',
  'cli/progress.ts',
  'cli/print-findings.ts',
];
const HEAVY_PACKAGES = ['yaml', 'cli-progress', 'chrono-node', 'libphonenumber-js', 'jsonpath-plus', 'fflate', 'wink-porter2-stemmer', 'fastest-levenshtein'];

const folder = moduleFolder();
after(() => folder.remove());

// Runs in the loader-hooks thread; appends synchronously, so the log is complete once the import is.
const HOOK = folder.write(
  'record-hook.mjs',
  `import { appendFileSync } from 'node:fs';
let log;
export function initialize(data) { log = data.log; }
export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  appendFileSync(log, result.url + '\\n');
  return result;
}
`,
);
// Registered after tsx, so the hook sees the URLs tsx resolves .ts imports to.
const DRIVER = folder.write(
  'driver.mjs',
  `import { register } from 'node:module';
import { writeFileSync } from 'node:fs';
const [mainUrl, log, ...argv] = process.argv.slice(2);
writeFileSync(log, '');
register(${JSON.stringify(pathToFileURL(HOOK).href)}, { data: { log } });
const { run } = await import(mainUrl);
process.exitCode = await run(argv);
`,
);

let runs = 0;

/** Runs the CLI in a child process and returns its output and every module URL it resolved. */
async function loadedBy(argv: string[]): Promise<{ stdout: string; urls: string[] }> {
  const log = resolve(folder.dir, `loaded-${++runs}.txt`);
  const { stdout } = await promisify(execFile)(process.execPath, ['--import', 'tsx', DRIVER, MAIN_URL, log, ...argv], {
    env: { ...process.env, NO_COLOR: '1' },
  });
  return { stdout, urls: readFileSync(log, 'utf8').split('\n').filter(Boolean) };
}

/** The heavy modules among `urls`, named as in the lists above. */
function heavyAmong(urls: readonly string[]): string[] {
  const sources = HEAVY_SOURCES.filter((path) => urls.includes(pathToFileURL(resolve(SRC, path)).href));
  const packages = HEAVY_PACKAGES.filter((name) => urls.some((url) => url.includes(`/node_modules/${name}/`)));
  return [...sources, ...packages];
}

test('cxhook --version builds every command but loads none of the agent commands’ implementations', async () => {
  const { stdout, urls } = await loadedBy(['--version']);
  assert.equal(stdout, `${VERSION}\n`);
  // The recorder works: the program and the commands needed at start are among what it saw.
  for (const path of ['cli/main.ts', 'cli/serve.ts', 'cli/send.ts', 'cli/check.ts', 'cli/simulate.ts']) {
    assert.ok(urls.includes(pathToFileURL(resolve(SRC, path)).href), `${path} was loaded`);
  }
  assert.ok(urls.some((url) => url.includes('/node_modules/commander/')), 'commander was loaded');
  assert.deepEqual(heavyAmong(urls), []);
});

test('the help of check, gen, test and simulate lists their options without loading their implementations', async () => {
  const expected: Record<string, string[]> = {
    check: ['<agent>', '--app', '--format', '--rule', '--webhook', '--max-warnings', 'unused-handler', 'Exit codes:'],
    gen: ['<agent>', '--out', '--name', 'Exit codes:'],
    test: ['<agent>', '--app', '--url', '--golden', '--stubs', '--junit', '--grep', '--no-webhooks', 'Exit codes:'],
    simulate: ['<agent>', '--app', '--url', '--stubs', '--flow', '--page', '/intent <name>'],
  };
  for (const [command, flags] of Object.entries(expected)) {
    const { stdout, urls } = await loadedBy([command, '--help']);
    assert.match(stdout, new RegExp(`^Usage: cxhook ${command} \\[options\\] <agent>`, 'm'));
    for (const flag of flags) assert.ok(stdout.includes(flag), `${command} --help shows ${flag}`);
    assert.deepEqual(heavyAmong(urls), [], `${command} --help`);
  }
});

test('running an agent command does load its implementation (the recorder sees lazily imported modules)', async () => {
  const { stdout, urls } = await loadedBy(['gen', GRAFFITI]);
  assert.match(stdout, /interface \w+Agent/);
  const heavy = heavyAmong(urls);
  assert.ok(heavy.includes('agent/load/load-agent.ts'), heavy.join(', '));
  assert.ok(heavy.includes('agent/gen/index.ts'), heavy.join(', '));
});

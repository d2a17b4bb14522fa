// The work of `cxhook check`: loads the agent export (and the app), runs the checker and prints its
// findings readably, as JSON or as SARIF. Imported by `check.ts` only when the command runs.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { checkAgent, describeApp, parseRuleSetting, summarize, toSarif, type AppDescription, type RuleLevel } from '../agent/check/index.ts';
import { loadAgent, type Agent } from '../agent/index.ts';
import { isCxhookError } from '../errors/index.ts';
import type { CheckCommandOptions } from './check.ts';
import { CliError, EXIT, messageOf, usageError, type ResolvedIo } from './io.ts';
import { formatFindings, formatSummary } from './print-findings.ts';
import { loadApp } from './serve.ts';

async function loadCheckedAgent(location: string, io: ResolvedIo): Promise<Agent> {
  const absolute = resolve(io.cwd, location);
  try {
    return await loadAgent(absolute);
  } catch (error) {
    // A missing or unreadable export is a bad argument: the check never ran. Named as the user gave it.
    if (isCxhookError(error)) throw usageError(messageOf(error).split(absolute).join(location));
    throw new CliError(`loading the agent at ${location} failed: ${messageOf(error)}`, EXIT.failed, { cause: error });
  }
}

/** The shallowest folder at or below `folder` holding an agent.json, searched as the loader does (no hidden folders, no node_modules). */
function exportRoot(folder: string): string | undefined {
  const queue = [folder];
  for (let dir = queue.shift(); dir !== undefined; dir = queue.shift()) {
    if (existsSync(join(dir, 'agent.json'))) return dir;
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && !entry.name.startsWith('.') && entry.name !== 'node_modules' && entry.name !== '__MACOSX') queue.push(join(dir, entry.name));
    }
  }
  return undefined;
}

/**
 * Where the agent's files are, relative to the working directory, for SARIF URIs: the folder given,
 * or the one below it holding agent.json. Undefined for a zip (its files have no path of their own).
 */
function agentRootOf(location: string, cwd: string): string | undefined {
  const given = resolve(cwd, location);
  const folder = statSync(given).isDirectory() ? given : basename(given) === 'agent.json' ? dirname(given) : undefined;
  const root = folder === undefined ? undefined : exportRoot(folder);
  if (root === undefined) return undefined;
  const path = relative(cwd, root);
  return isAbsolute(path) ? undefined : path.split(sep).join('/');
}

function ruleLevels(settings: readonly string[]): Record<string, RuleLevel> {
  return Object.fromEntries(settings.map((text) => parseRuleSetting(text)));
}

/**
 * Runs `cxhook check`: loads the agent (and the app), prints the findings, returns the exit code.
 * @example await checkCommand('agents/divebooker', { app: 'src/app.ts', format: 'sarif' }, io)
 */
export async function checkCommand(location: string, options: CheckCommandOptions, io: ResolvedIo): Promise<number> {
  const format = options.format ?? 'text';
  let rules: Record<string, RuleLevel>;
  try {
    rules = ruleLevels(options.rule ?? []);
  } catch (error) {
    throw usageError(`--rule: ${messageOf(error)}`);
  }
  const agent = await loadCheckedAgent(location, io);
  let app: AppDescription | undefined;
  if (options.app !== undefined) app = describeApp(await loadApp(options.app, io.cwd), options.app);

  let findings;
  try {
    findings = checkAgent(agent, app, { rules, ...(options.webhook ? { webhooks: options.webhook } : {}) });
  } catch (error) {
    if (isCxhookError(error) && error.code === 'CXH_ERR_INVALID_OPTION') throw usageError(messageOf(error).replace('Invalid option webhooks: ', '--webhook: '));
    throw error;
  }
  const summary = summarize(findings);
  const tooManyWarnings = options.maxWarnings !== undefined && summary.warnings > options.maxWarnings;
  const exitCode = summary.errors > 0 || tooManyWarnings ? EXIT.failed : EXIT.ok;

  if (format === 'json') {
    io.out(JSON.stringify({ findings, summary }, null, 2));
  } else if (format === 'sarif') {
    const root = agentRootOf(location, io.cwd);
    io.out(JSON.stringify(toSarif(findings, { ...(root ? { agentRoot: root } : {}), ...(options.app ? { appFile: options.app } : {}), ...(options.version ? { version: options.version } : {}) }), null, 2));
  } else {
    const c = io.colors;
    for (const line of formatFindings(findings, c)) io.out(line);
    if (findings.length > 0) io.out();
    if (!app) io.out(c.dim('no --app given: only the agent was checked (tags, timeouts and the app\'s parameters need the app)'));
    const line = formatSummary(summary);
    io.out(summary.errors > 0 ? c.red(line) : summary.warnings > 0 ? c.yellow(line) : c.green(line));
  }
  if (tooManyWarnings) io.err(`cxhook: ${summary.warnings} warnings, more than --max-warnings ${options.maxWarnings}`);
  return exitCode;
}

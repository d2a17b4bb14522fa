// `cxhook check <agent> [--app <module>]`: loads a CX agent export and compares it with the webhook
// app (tags, webhook.error handlers, timeouts, targets, parameters). Prints the findings readably,
// as JSON or as SARIF. Exit 0 = no error-level finding, 1 = some (or too many warnings), 2 = usage.
// This module only defines the command; the work is in run-check.ts, imported when the command runs.
import { InvalidArgumentError, type Command } from 'commander';
// rules.ts alone, not the checker: the help lists the rules and --rule is checked while parsing.
import { parseRuleSetting, RULES } from '../agent/check/rules.ts';
import { messageOf, type ResolvedIo } from './io.ts';

export type CheckFormat = 'text' | 'json' | 'sarif';
const FORMATS: readonly CheckFormat[] = ['text', 'json', 'sarif'];

export interface CheckCommandOptions {
  /** The app module (as for `cxhook serve`), relative to the working directory. */
  app?: string;
  format?: CheckFormat;
  /** `id=level` settings, e.g. `unread-parameter=error`, `unused-handler=off`. */
  rule?: string[];
  /** The agent webhooks the app serves (default: every enabled STANDARD webhook). */
  webhook?: string[];
  /** Fail (exit 1) when there are more warnings than this. */
  maxWarnings?: number;
  /** cxhook's version, for SARIF's `tool.driver.version`. */
  version?: string;
}

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function formatOption(text: string): CheckFormat {
  if (!(FORMATS as readonly string[]).includes(text)) throw new InvalidArgumentError(`give ${FORMATS.join(', ')}.`);
  return text as CheckFormat;
}

function ruleOption(text: string, previous: string[] = []): string[] {
  try {
    parseRuleSetting(text);
  } catch (error) {
    throw new InvalidArgumentError(`${messageOf(error).replace(/^Invalid option \w+: /, '')}.`);
  }
  return [...previous, text];
}

function countOption(text: string): number {
  if (!/^\d+$/.test(text.trim())) throw new InvalidArgumentError('give a whole number of 0 or more.');
  return Number(text);
}

const RULE_WIDTH = Math.max(...RULES.map((rule) => rule.id.length));

/** Adds `check` to the program; `done` receives the exit code. */
export function registerCheck(program: Command, io: ResolvedIo, done: (code: number) => void, version?: string): Command {
  return program
    .command('check')
    .description('compare a CX agent export with the webhook app: tags, webhook.error handlers, timeouts, targets, parameters')
    .argument('<agent>', 'the agent export: a folder (or one above it) holding agent.json, or a JSON-package .zip')
    .option('--app <module>', 'the webhook app module, as for cxhook serve (without it only the agent is checked)')
    .option('--format <format>', `output: ${FORMATS.join(', ')}`, formatOption, 'text')
    .option('--rule <id=level>', 'set a rule to error, warning, note or off (repeatable)', ruleOption)
    .option('--webhook <name>', 'an agent webhook the app serves (repeatable; default: every enabled STANDARD webhook)', collect)
    .option('--max-warnings <n>', 'also fail when there are more warnings than this', countOption)
    .addHelpText(
      'after',
      `
Rules (default level):
${RULES.map((rule) => `  ${rule.id.padEnd(RULE_WIDTH)}  ${rule.severity}`).join('\n')}

Examples:
  $ cxhook check exports/my-agent --app src/app.ts
  $ cxhook check exports/my-agent.zip --app src/app.ts --format sarif > check.sarif
  $ cxhook check exports/my-agent --app src/app.ts --rule unread-parameter=error --rule unused-handler=off

Exit codes: 0 no error-level finding, 1 some (or more warnings than --max-warnings), 2 usage error.`,
    )
    .action(async (location: string, options: CheckCommandOptions) => {
      // The agent loader and the checker load only when the command runs, so other commands start fast.
      const { checkCommand } = await import('./run-check.ts');
      done(await checkCommand(location, { ...options, ...(version ? { version } : {}) }, io));
    });
}

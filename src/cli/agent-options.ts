// The flags `cxhook test` and `cxhook simulate` share: the agent export and how its webhooks are
// answered. Declared here, apart from agent-setup.ts, so that defining a command loads nothing heavy.
import type { Command } from 'commander';

export interface AgentCommandOptions {
  /** A module exporting the webhook app, called in-process. */
  app?: string;
  /** A running webhook, called over HTTP. */
  url?: string;
  /** JSON, YAML or a TS/JS module: tag or webhook name → WebhookResponse (or a function). */
  stubs?: string;
}

/** Adds `<agent>`, `--app`, `--url` and `--stubs` to `command`. */
export function withAgentOptions(command: Command): Command {
  return command
    .argument('<agent>', 'the agent export: a folder holding agent.json, or a .zip')
    .option('--app <module>', 'a TS or JS file exporting the webhook app, called in-process')
    .option('--url <url>', 'a running webhook to call over HTTP instead')
    .option('--stubs <file>', 'canned webhook answers by tag or webhook name (JSON, YAML, or a TS/JS module)');
}

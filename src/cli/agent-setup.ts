// What `cxhook test` and `cxhook simulate` share before the first turn: the agent loaded, the
// webhook target (an app module in-process, or a URL) and the stubs, each failure a one-line usage error.
import { resolve } from 'node:path';
import { loadAgent, type Agent } from '../agent/index.ts';
import { isCxhookError } from '../errors/index.ts';
import type { WebhookStub, WebhookTarget } from '../simulator/engine/types.ts';
import { messageOf, usageError, type ResolvedIo } from './io.ts';
import { loadApp } from './serve.ts';
import { loadStubsFile } from './stubs.ts';
import type { AgentCommandOptions } from './agent-options.ts';

export interface AgentSetup {
  agent: Agent;
  webhook?: WebhookTarget;
  stubs: Record<string, WebhookStub>;
}

function webhookUrl(text: string): string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw usageError(`--url "${text}" is not a URL (e.g. http://127.0.0.1:8080/webhook)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw usageError(`--url "${text}" is not an http or https URL`);
  return url.href;
}

/**
 * Loads the agent export (folder or zip, relative to `io.cwd`), the app or URL and the stubs file.
 * @example const { agent, webhook, stubs } = await prepareAgent('agent/', { app: './src/app.ts' }, io);
 */
export async function prepareAgent(agentPath: string, options: AgentCommandOptions, io: ResolvedIo): Promise<AgentSetup> {
  if (options.app !== undefined && options.url !== undefined) throw usageError('--app and --url are two ways to reach the webhook: give one');
  // Cheap checks first, so a typo in a flag does not wait for the agent to load.
  const url = options.url === undefined ? undefined : webhookUrl(options.url);
  let agent: Agent;
  try {
    agent = await loadAgent(resolve(io.cwd, agentPath));
  } catch (error) {
    // The loader's coded errors already name the export and what is wrong with it.
    throw usageError(isCxhookError(error) ? error.message : `cannot load the agent ${agentPath}: ${messageOf(error)}`);
  }
  const stubs = options.stubs === undefined ? {} : await loadStubsFile(options.stubs, io.cwd);
  const webhook: WebhookTarget | undefined = options.app !== undefined ? { app: await loadApp(options.app, io.cwd) } : url !== undefined ? { url } : undefined;
  return { agent, stubs, ...(webhook ? { webhook } : {}) };
}

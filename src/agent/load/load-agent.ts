// loadAgent: a Dialogflow CX agent export (JSON package, as a folder or a .zip) read into the Agent
// model. Reading is synchronous inside (an export is a few hundred small files); the public
// function is async so a later reader (a bucket, the ExportAgent API) can slot in without a break.
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { CxhookError } from '../../errors/index.ts';
import { DEFAULT_START_FLOW_ID } from '../../protocol/resource-names.ts';
import type { Agent, EntityType, Flow, Intent, RouteGroup, Webhook } from '../model.ts';
import { addUnique, type LoadContext, resolveName } from './context.ts';
import { entityTypeOf } from './entity-types.ts';
import { type ExportFiles, exportFilesOf, type FoundFile } from './export-files.ts';
import { agentFileError } from './file-error.ts';
import { flowOf, routeGroupOf } from './flows.ts';
import { intentOf } from './intents.ts';
import { layoutOf } from './layout.ts';
import { reportProblems } from './problems.ts';
import { readFolder } from './read-folder.ts';
import { type ParsedExport, readResources } from './read-resources.ts';
import { DEFAULT_MAX_UNZIPPED_BYTES, readZip } from './read-zip.ts';
import { testCaseOf } from './test-cases.ts';
import { webhookOf } from './webhooks.ts';

export interface LoadAgentOptions {
  /** Largest total size the JSON files of a zip may unpack to (default 256 MiB); guards against zip bombs. */
  maxUnzippedBytes?: number;
}

/** The flow CX starts in when agent.json names neither a start flow nor a start playbook. */
const DEFAULT_START_FLOW = 'Default Start Flow';

const ZIP_MAGIC = [0x50, 0x4b]; // "PK"

function notFound(location: string, reason: string, cause?: unknown): CxhookError {
  return new CxhookError('CXH_ERR_AGENT_NOT_FOUND', [location, reason], { cause });
}

function foundFilesAt(location: string, options: LoadAgentOptions): FoundFile[] {
  let stats;
  try {
    stats = statSync(location);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw notFound(location, code === 'ENOENT' || code === 'ENOTDIR' ? 'nothing exists there' : `it cannot be read (${code ?? String(error)})`, error);
  }
  if (stats.isDirectory()) {
    try {
      return readFolder(location);
    } catch (error) {
      throw notFound(location, `the folder cannot be read (${(error as Error).message})`, error);
    }
  }
  // Pointing at the agent.json itself means its folder.
  if (path.basename(location) === 'agent.json') return foundFilesAt(path.dirname(location), options);
  let bytes: Buffer;
  try {
    bytes = readFileSync(location);
  } catch (error) {
    throw notFound(location, `it cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)})`, error);
  }
  const looksZipped = bytes[0] === ZIP_MAGIC[0] && bytes[1] === ZIP_MAGIC[1];
  if (!looksZipped && !location.toLowerCase().endsWith('.zip')) {
    throw agentFileError(location, '$', 'neither a folder nor a zip archive (a BLOB export? export the agent as a JSON package)');
  }
  return readZip(location, bytes, options.maxUnzippedBytes ?? DEFAULT_MAX_UNZIPPED_BYTES);
}

function startFlowOf(parsed: ParsedExport, flows: ReadonlyMap<string, Flow>): string | undefined {
  const { startFlow, startPlaybook } = parsed.agent.data;
  if (startFlow) return resolveName(startFlow, parsed.ids.flows);
  if (startPlaybook) return undefined;
  if (flows.has(DEFAULT_START_FLOW)) return DEFAULT_START_FLOW;
  // A renamed Default Start Flow keeps its all-zero id.
  return [...flows.values()].find((flow) => flow.id === DEFAULT_START_FLOW_ID)?.displayName;
}

/**
 * The Agent model of already-listed export files (the part of loading after reading).
 * @example agentOf(exportFilesOf('agent.zip', readZip('agent.zip', bytes)), 'agent.zip')
 */
export function agentOf(files: ExportFiles, origin: string): Agent {
  const layout = layoutOf(files.paths);
  const parsed = readResources(files, layout);
  const context: LoadContext = { ids: parsed.ids, problems: [...parsed.problems] };

  const flows = new Map<string, Flow>();
  for (const flow of parsed.flows) addUnique(context, flows, flow.displayName, flowOf(flow, context), 'Flow');
  const intents = new Map<string, Intent>();
  for (const intent of parsed.intents) addUnique(context, intents, intent.displayName, intentOf(intent), 'Intent');
  const entityTypes = new Map<string, EntityType>();
  for (const entityType of parsed.entityTypes) addUnique(context, entityTypes, entityType.displayName, entityTypeOf(entityType), 'Entity type');
  const webhooks = new Map<string, Webhook>();
  for (const webhook of parsed.webhooks) addUnique(context, webhooks, webhook.displayName, webhookOf(webhook), 'Webhook');
  const routeGroups = new Map<string, RouteGroup>();
  for (const group of parsed.agentRouteGroups) addUnique(context, routeGroups, group.displayName, routeGroupOf(group, 'agent', '', context), 'Agent route group');

  const settings = parsed.agent.data;
  const agent: Agent = {
    defaultLanguageCode: settings.defaultLanguageCode,
    // The proto lists the other languages only; the model lists them all, the default first.
    supportedLanguageCodes: [...new Set([settings.defaultLanguageCode, ...(settings.supportedLanguageCodes ?? [])])],
    flows,
    intents,
    entityTypes,
    webhooks,
    routeGroups,
    testCases: parsed.testCases.map((testCase) => testCaseOf(testCase, context)),
    generators: new Map(parsed.generators.map((generator) => [generator.id, generator.displayName])),
    playbooks: parsed.playbooks.map((playbook) => playbook.displayName),
    unsimulated: layout.unsimulated,
    problems: context.problems,
    origin,
  };
  if (settings.displayName) agent.displayName = settings.displayName;
  if (settings.timeZone) agent.timeZone = settings.timeZone;
  const startFlow = startFlowOf(parsed, flows);
  if (startFlow) agent.startFlow = startFlow;
  if (settings.startPlaybook) agent.startPlaybook = resolveName(settings.startPlaybook, parsed.ids.playbooks);
  reportProblems(agent, context);
  return agent;
}

/**
 * `loadAgent`, synchronously.
 * @example const agent = loadAgentSync('exports/divebooker.zip')
 */
export function loadAgentSync(location: string, options: LoadAgentOptions = {}): Agent {
  return agentOf(exportFilesOf(location, foundFilesAt(location, options)), location);
}

/**
 * Loads a CX agent export (JSON package) from a folder, a `.zip`, or a folder above the one that
 * holds `agent.json`. Unknown files and folders are ignored; reference and consistency problems are
 * collected in `agent.problems`. A location without an export is `CXH_ERR_AGENT_NOT_FOUND`; a file
 * that is not JSON, or lacks what the model needs, is `CXH_ERR_AGENT_FILE` naming the file and the
 * JSON path.
 * @example
 * const agent = await loadAgent('exports/divebooker');
 * agent.startFlow; // 'Liveaboards'
 * agent.flows.get('Liveaboards')?.pages.get('Collect Further Info')?.form.map((p) => p.displayName);
 */
export async function loadAgent(location: string, options: LoadAgentOptions = {}): Promise<Agent> {
  return loadAgentSync(location, options);
}

// The files of an export, however it was stored: every path relative to the agent root (the folder
// that holds agent.json) and the text of each JSON file. Folder and zip readers both end here.
import { CxhookError } from '../../errors/index.ts';
import { agentFileError } from './file-error.ts';

export interface ExportFiles {
  /** Every file under the root, JSON or not, sorted; `/`-separated and still percent-encoded. */
  paths: string[];
  /** Text of each JSON file under the root, by path. */
  json: Map<string, string>;
}

/** A file as a reader found it, with its path relative to the location that was given. */
export interface FoundFile {
  path: string;
  /** The bytes, for JSON files only (other files are listed, never read). */
  bytes?: Uint8Array;
}

/**
 * macOS zip metadata, dot-files and dot-folders (`.git`, `.DS_Store`) are not part of an export.
 * @example isHidden('__MACOSX/agent/._agent.json') // true
 */
export function isHidden(path: string): boolean {
  return path.split('/').some((segment) => segment.startsWith('.') || segment === '__MACOSX');
}

/** @example isJson('flows/F/F.json') // true */
export function isJson(path: string): boolean {
  return path.toLowerCase().endsWith('.json');
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The root among `files` (the shallowest folder holding an `agent.json`) and the files under it.
 * `origin` names the location in errors.
 * @example exportFilesOf('agent.zip', [{ path: 'agent/agent.json', bytes }]) // paths: ['agent.json']
 */
export function exportFilesOf(origin: string, files: readonly FoundFile[]): ExportFiles {
  const visible = files.filter((file) => !isHidden(file.path));
  const agentFiles = visible.filter((file) => file.path === 'agent.json' || file.path.endsWith('/agent.json'));
  if (agentFiles.length === 0) throw new CxhookError('CXH_ERR_AGENT_NOT_FOUND', [origin, 'neither it nor a folder below it holds an agent.json']);
  const depth = (path: string) => path.split('/').length;
  const shallowest = Math.min(...agentFiles.map((file) => depth(file.path)));
  const roots = agentFiles.filter((file) => depth(file.path) === shallowest).map((file) => file.path.slice(0, -'agent.json'.length));
  if (roots.length > 1) {
    throw new CxhookError('CXH_ERR_AGENT_NOT_FOUND', [origin, `several folders hold an agent.json (${roots.join(', ')}); give one of them`]);
  }
  const root = roots[0]!;
  const paths: string[] = [];
  const json = new Map<string, string>();
  for (const file of visible) {
    if (!file.path.startsWith(root)) continue;
    const path = file.path.slice(root.length);
    paths.push(path);
    if (file.bytes && isJson(path)) {
      try {
        json.set(path, utf8.decode(file.bytes));
      } catch (error) {
        throw agentFileError(path, '$', 'not UTF-8 text', error);
      }
    }
  }
  paths.sort();
  return { paths, json };
}

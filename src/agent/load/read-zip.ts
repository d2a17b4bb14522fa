// Lists an export kept as a zip archive (what the CX console and ExportAgent give you).
import { unzipSync } from 'fflate';
import { isCxhookError } from '../../errors/index.ts';
import type { FoundFile } from './export-files.ts';
import { isHidden, isJson } from './export-files.ts';
import { agentFileError } from './file-error.ts';

/** Zip tools write `\\` on Windows and sometimes a leading `./` or `/`; the export's paths have neither. */
function normalName(name: string): string {
  return name.replace(/\\/g, '/').replace(/^(?:\.?\/)+/, '');
}

/** Default cap on the unpacked size of the JSON files in a zip: far above real agents, far below memory. */
export const DEFAULT_MAX_UNZIPPED_BYTES = 256 * 1024 * 1024;

/**
 * Every file entry of the zip `bytes` (folders left out), with the bytes of the JSON ones.
 * `file` names the zip in errors; a corrupt archive, or one whose JSON unpacks to more than
 * `maxBytes`, is `CXH_ERR_AGENT_FILE` for the zip.
 * @example readZip('agent.zip', readFileSync('agent.zip'))
 */
export function readZip(file: string, bytes: Uint8Array, maxBytes = DEFAULT_MAX_UNZIPPED_BYTES): FoundFile[] {
  const names: string[] = [];
  let total = 0;
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes, {
      filter: (entry) => {
        const name = normalName(entry.name);
        if (name.endsWith('/')) return false;
        names.push(name);
        if (isHidden(name) || !isJson(name)) return false;
        total += entry.originalSize;
        if (total > maxBytes) throw agentFileError(file, '$', `its JSON files unpack to more than ${maxBytes} bytes`);
        return true;
      },
    });
  } catch (error) {
    if (isCxhookError(error)) throw error;
    throw agentFileError(file, '$', `not a readable zip archive (${(error as Error).message})`, error);
  }
  const unpacked = new Map(Object.entries(entries).map(([name, data]) => [normalName(name), data]));
  return names.map((name) => {
    const data = unpacked.get(name);
    return data ? { path: name, bytes: data } : { path: name };
  });
}

// Lists an export kept as a folder (an unzipped JSON package or a git checkout of one).
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { FoundFile } from './export-files.ts';
import { isJson } from './export-files.ts';

/** Folders that never hold an export and can be large. */
const SKIPPED = new Set(['node_modules', '__MACOSX']);

/**
 * Every file below `folder` (paths relative to it, `/`-separated), with the bytes of the JSON ones.
 * Hidden folders, `node_modules` and `__MACOSX` are not entered; symbolic links are not followed.
 * @example readFolder('exports/divebooker') // [{ path: 'agent.json', bytes }, …]
 */
export function readFolder(folder: string): FoundFile[] {
  const found: FoundFile[] = [];
  const walk = (relative: string) => {
    for (const entry of readdirSync(path.join(folder, relative), { withFileTypes: true })) {
      if (entry.name.startsWith('.') || SKIPPED.has(entry.name)) continue;
      const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
      if (entry.isDirectory()) walk(child);
      else if (entry.isFile()) found.push(isJson(child) ? { path: child, bytes: readFileSync(path.join(folder, child)) } : { path: child });
    }
  };
  walk('');
  return found;
}

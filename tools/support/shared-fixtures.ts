// Where the project's shared folder (fixtures, specs) is, for tests, the bench and the proof scripts:
// CXHOOK_SHARED_DIR when set; else `shared/` beside this repository (how the project is laid out);
// else, in a clone of a local checkout, `shared/` beside the checkout it was cloned from. Run it to
// print the folder, or fail with how to fix it (.ci/run does, before the tests).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function originCheckout(root: string): string | undefined {
  try {
    const origin = execFileSync('git', ['config', '--get', 'remote.origin.url'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    // Only a path on this machine: a URL (https:, ssh:, git@host:) has no folder beside it.
    if (origin.startsWith('file://')) return fileURLToPath(origin);
    return path.isAbsolute(origin) ? origin : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The shared folder for the repository at `root`.
 * @example findSharedDir(repoRoot, process.env) // '<parent of the repo>/shared'
 */
export function findSharedDir(root: string, env: NodeJS.ProcessEnv): string {
  const given = env.CXHOOK_SHARED_DIR;
  if (given) {
    const dir = path.resolve(given);
    if (!existsSync(path.join(dir, 'fixtures'))) throw new Error(`CXHOOK_SHARED_DIR=${given} has no fixtures/ folder`);
    return dir;
  }
  const candidates = [path.join(root, '..', 'shared')];
  const origin = originCheckout(root);
  if (origin) candidates.push(path.join(origin, '..', 'shared'));
  const found = candidates.find((dir) => existsSync(path.join(dir, 'fixtures')));
  if (found) return path.resolve(found);
  throw new Error(`the project's shared/ folder (fixtures, specs) was not found at ${candidates.join(' or ')}: put it beside the repository, or set CXHOOK_SHARED_DIR`);
}

/** The shared folder, as a directory URL (ends with `/`). */
export const SHARED_DIR: URL = pathToFileURL(`${findSharedDir(ROOT, process.env)}${path.sep}`);

/**
 * A file or folder under the shared fixtures (a folder name ends with `/`).
 * @example JSON.parse(readFileSync(sharedFixture('requests/real-text-input-basic.json'), 'utf8'))
 */
export function sharedFixture(relative: string): URL {
  return new URL(`fixtures/${relative}`, SHARED_DIR);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  console.log(fileURLToPath(SHARED_DIR));
}

// What `node dist/<name>.mjs` runs: it loads the bundle beside it (`<name>.cjs`) through V8's code
// cache (`<name>.cjs.v8-cache`), so a cold start neither parses nor compiles the bundle nor, for
// the functions the cache was made after, compiles them lazily on the first request. Node 22 has
// this built in (module.enableCompileCache); Node 20 has vm.Script's cachedData. Measured here on
// the reference webhook: spawn to first answer ~140 ms without the cache, ~105 ms with it.
//
// The cache is written when the process exits after running without a usable one (none yet, or
// made by another Node version: V8 refuses those itself, and the code compiles as usual). A
// read-only directory just means no cache. CXHOOK_CODE_CACHE=off reads and writes none.
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const codeFile = fileURLToPath(import.meta.url).replace(/\.mjs$/, '.cjs');
const cacheFile = `${codeFile}.v8-cache`;
const enabled = process.env.CXHOOK_CODE_CACHE !== 'off';

function readCache(): Buffer | undefined {
  try {
    return readFileSync(cacheFile);
  } catch {
    return undefined;
  }
}

/** Written beside the bundle under a temporary name, then renamed: a reader never sees half a cache. */
function writeCache(script: vm.Script): void {
  const temporary = `${cacheFile}.${process.pid}.tmp`;
  try {
    writeFileSync(temporary, script.createCachedData());
    renameSync(temporary, cacheFile);
  } catch {
    rmSync(temporary, { force: true });
  }
}

const cachedData = enabled ? readCache() : undefined;
// The CommonJS wrapper node itself puts around a module, on one line so positions in the bundle stay right.
const script = new vm.Script(`(function (exports, require, module, __filename, __dirname) {${readFileSync(codeFile, 'utf8')}\n})`, {
  filename: codeFile,
  ...(cachedData ? { cachedData } : {}),
});
// At exit the cache also holds the functions compiled while the process ran (the request path).
if (enabled && (cachedData === undefined || script.cachedDataRejected)) process.once('exit', () => writeCache(script));

const module = { exports: {} };
(script.runInThisContext() as (...args: unknown[]) => void)(module.exports, createRequire(codeFile), module, codeFile, path.dirname(codeFile));

// Bundles an entry point into one ESM file for deployment (`npm run build`): plain `node` runs it
// without the TypeScript loader, which is what a serverless host pays for on every cold start.
// better-sqlite3 stays external: it is a native addon and loads from node_modules. So does ioredis,
// which the reference loads only with REDIS_URL: bundled, every start would parse ~200 KB it rarely uses.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../', import.meta.url));

/** Bundles `entry` (relative to the repo root) into `outfile`; returns the output path. */
export async function bundle(entry: string, outfile: string): Promise<string> {
  await build({
    entryPoints: [path.join(ROOT, entry)],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    minify: true,
    sourcemap: 'linked',
    external: ['better-sqlite3', 'ioredis'],
    // Bundled CommonJS dependencies (pino) still call require.
    banner: { js: "import { createRequire as __cxhookRequire } from 'node:module'; const require = __cxhookRequire(import.meta.url);" },
    logLevel: 'warning',
  });
  return outfile;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  const out = await bundle('reference/main.ts', path.join(ROOT, 'dist', 'reference.mjs'));
  console.log(`built ${path.relative(process.cwd(), out)} (run: node ${path.relative(process.cwd(), out)})`);
}

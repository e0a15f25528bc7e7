/**
 * `npm run prepare` (run by `npm install` in a checkout, and before `npm pack`): bundles the `kb`
 * command line and the parse worker into dist/ with esbuild, so `kb` runs on Node alone, without tsx
 * or any other dev dependency. Dependencies stay imports of node_modules (they are `dependencies`);
 * the worker bundles everything (a worker starts fastest from one file).
 */
import { build } from 'esbuild';
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { PARSE_WORKER } from '../lib/build/worker-build';

const root = path.resolve(import.meta.dirname, '..');
// CommonJS dependencies inside an ESM bundle need a require
const banner = { js: "import { createRequire as __kbCreateRequire } from 'node:module'; const require = __kbCreateRequire(import.meta.url);" };

/** Writes dist/kb.mjs and dist/load-worker.mjs under `outDir` (default dist/). */
export async function bundleCli(outDir = path.join(root, 'dist')): Promise<void> {
  mkdirSync(outDir, { recursive: true });
  await build({
    absWorkingDir: root, entryPoints: ['scripts/kb.ts'], outfile: path.join(outDir, 'kb.mjs'),
    bundle: true, packages: 'external', platform: 'node', format: 'esm', target: 'node20', logLevel: 'error', banner,
    // dev-only tools the code imports lazily and does without (esbuild: worker bundles; tsx: source workers)
    external: ['esbuild', 'tsx', 'tsx/*'],
  });
  await build({
    absWorkingDir: root, entryPoints: [PARSE_WORKER.entry], outfile: path.join(outDir, `${PARSE_WORKER.name}.mjs`),
    bundle: true, platform: 'node', format: 'esm', target: 'node20', logLevel: 'error', banner,
  });
}

if (process.argv[1]?.endsWith('bundle-cli.ts')) {
  bundleCli(process.argv[2] ? path.resolve(process.argv[2]) : undefined).catch((error: unknown) => {
    console.error(`bundle-cli: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}

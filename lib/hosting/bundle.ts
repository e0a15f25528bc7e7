/**
 * Bundles the hosting helper's browser code with esbuild straight into the export: `assets/alias.js`
 * (the 404 page) and the service worker `sw.js` at the site root, so its scope can be the whole site.
 * (The offline control, client/offline.ts, is part of every page's kb.js: scripts/bundle-client.ts.)
 * Server-only.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../build/package-root';
import { build } from 'esbuild';

const clientDir = path.join(packageRoot(import.meta.dirname), 'client');
const common = { bundle: true, minify: true, target: 'es2020', format: 'iife', logLevel: 'warning', legalComments: 'none' } as const;

/** Writes assets/alias.js into outDir. */
export async function bundlePageScripts(outDir: string): Promise<void> {
  await build({ ...common, entryPoints: [path.join(clientDir, 'alias.ts')], outfile: path.join(outDir, 'assets', 'alias.js') });
}

/** Writes sw.js into outDir; `version` names its cache, so each build's worker starts a fresh one. */
export async function bundleServiceWorker(outDir: string, version: string): Promise<void> {
  await build({
    ...common,
    entryPoints: [path.join(clientDir, 'sw.ts')],
    outfile: path.join(outDir, 'sw.js'),
    define: { __KB_BUILD__: JSON.stringify(version) },
  });
}

/**
 * Writes the offline copy's own scripts: assets/file-shim.js, and the export's search UI chunk
 * (`assets/search-*.js`, an ES module kb.js loads with import(), which file:// refuses) re-bundled as a
 * classic script exposing `window.__kbSearchUi`. Re-bundling the export's own chunk, not the source,
 * keeps the search code and the index files of the copy from the same build.
 */
export async function bundleFileShim(offlineDir: string, outDir: string): Promise<void> {
  const assets = path.join(outDir, 'assets');
  const chunks = existsSync(assets) ? readdirSync(assets).filter((f) => /^search-[\w-]+\.js$/.test(f)) : [];
  const searchEntry = chunks.length === 1 ? path.join(assets, chunks[0] as string) : path.join(clientDir, 'search-ui.ts');
  await Promise.all([
    build({ ...common, entryPoints: [path.join(clientDir, 'file-shim.ts')], outfile: path.join(offlineDir, 'assets', 'file-shim.js') }),
    build({ ...common, entryPoints: [searchEntry], outfile: path.join(offlineDir, 'assets', 'search-ui-file.js'), globalName: '__kbSearchUi' }),
  ]);
}

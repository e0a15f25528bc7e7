/**
 * Bundles the browser code with esbuild (minified, ES2020) into public/assets/:
 *   kb.js              the one script of every page (client/page.ts): the search box (no search code),
 *                      the service worker and offline control, the theme toggle and copy buttons, and on
 *                      article pages the copy controls, heading links and the contents column's marker
 *   search-<hash>.js   loaded by kb.js on first use of a search box: suggestions, query code, FlexSearch
 *   error-lookup.js    /error/ only: the code lookup box
 * The hash names the search bundle by its content, so a host may cache it forever.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build, stop, type Plugin } from 'esbuild';
import type { SiteConfig } from '../lib/site-config';

const root = path.resolve(import.meta.dirname, '..');

/**
 * FlexSearch's default export is the full bundle (17 KB gzip); its `compact` build (11 KB gzip) has
 * everything we use (Index, import, search). The package's `exports` hide it, hence the explicit path.
 */
const flexsearchCompact: Plugin = {
  name: 'flexsearch-compact',
  setup(b) {
    b.onResolve({ filter: /^flexsearch$/ }, () => ({
      path: path.join(root, 'node_modules', 'flexsearch', 'dist', 'flexsearch.compact.module.min.js'),
    }));
  },
};

function only(files: { contents: Uint8Array }[] | undefined, what: string): Uint8Array {
  const file = files?.[0];
  if (!file) throw new Error(`bundle-client: esbuild wrote no ${what}`);
  return file.contents;
}

/** Writes public/assets/kb.js and public/assets/search-<hash>.js; returns their paths. */
export async function bundleClient(config?: Pick<SiteConfig, 'basePath'>, outDir = path.join(root, 'public', 'assets')) {
  mkdirSync(outDir, { recursive: true });
  const common = {
    bundle: true, minify: true, target: 'es2020', write: false, legalComments: 'none' as const,
    define: { 'process.env.NEXT_PUBLIC_KB_BASE_PATH': JSON.stringify(config?.basePath ?? '') },
  };
  const search = await build({
    ...common, entryPoints: [path.join(root, 'client', 'search-ui.ts')], format: 'esm', plugins: [flexsearchCompact], outfile: 'search.js',
  });
  const code = only(search.outputFiles, 'search bundle');
  const searchName = `search-${createHash('sha256').update(code).digest('hex').slice(0, 10)}.js`;
  for (const old of readdirSync(outDir)) if (/^search-[0-9a-f]{10}\.js$/.test(old)) rmSync(path.join(outDir, old));
  writeFileSync(path.join(outDir, searchName), code);

  const kb = await build({
    ...common, entryPoints: [path.join(root, 'client', 'page.ts')], format: 'iife', outfile: 'kb.js',
    define: { ...common.define, __KB_SEARCH_CHUNK__: JSON.stringify(searchName) },
  });
  writeFileSync(path.join(outDir, 'kb.js'), only(kb.outputFiles, 'kb.js'));

  // the page script of /error/ alone (lib/render/error-index-page.ts); article-page.js, once the
  // article pages' own, is in kb.js now: an older build's copy goes
  rmSync(path.join(outDir, 'article-page.js'), { force: true });
  for (const name of ['error-lookup']) {
    const page = await build({ ...common, entryPoints: [path.join(root, 'client', `${name}.ts`)], format: 'iife', outfile: `${name}.js` });
    writeFileSync(path.join(outDir, `${name}.js`), only(page.outputFiles, `${name}.js`));
  }
  await stop(); // esbuild's service process would stay up for the rest of the build (see worker-build.ts)
  return { kb: path.join(outDir, 'kb.js'), search: path.join(outDir, searchName) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  bundleClient().then((out) => console.log(out), (error: unknown) => { console.error(error); process.exitCode = 1; });
}

/**
 * Bundles the browser code with esbuild (minified, ES2020) into public/assets/:
 *   kb.js              the one script of every page (client/page.ts): the search box (no search code),
 *                      the service worker and offline control, the theme toggle and copy buttons, and on
 *                      article pages the copy controls, heading links and the contents column's marker
 *   search-<hash>.js   loaded by kb.js on first use of a search box: suggestions, query code, FlexSearch
 *   error-lookup.js    /error/ only: the code lookup box
 * The hash names the search bundle by its content, so a host may cache it forever. Nothing is bundled
 * when no file the bundles were made from changed and they are as written (.cache/bundle/client.json).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../lib/build/package-root';
import { hashInputs } from '../lib/build/worker-build';
import type { Plugin } from 'esbuild';
import type { SiteConfig } from '../lib/site-config';

const root = packageRoot(import.meta.dirname);

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

/** What the last bundling was made from and wrote (.cache/bundle/client.json). */
interface ClientRecord {
  /** the settings, the output folder and a hash of every input file's bytes */
  key: string;
  /** every file esbuild read (relative to the package), esbuild's own package.json included */
  inputs: string[];
  /** each file written, by name in the output folder, with the sha1 of its bytes */
  outputs: Record<string, string>;
  search: string;
}

const sha1 = (bytes: Uint8Array | string): string => createHash('sha1').update(bytes).digest('hex');
const keyOf = (basePath: string, outDir: string, inputs: readonly string[]): string | null => {
  const hashed = hashInputs(root, inputs);
  return hashed && sha1(`${JSON.stringify({ basePath, outDir: path.resolve(outDir) })}\n${hashed}`);
};

/**
 * The bundles as the last bundling left them, when nothing they were made from changed and each file
 * is there with its bytes (then esbuild, ~0.2 s to load and its service process, is not started).
 */
function keptBundles(basePath: string, outDir: string, recordFile: string): { kb: string; search: string } | null {
  let record: ClientRecord;
  try { record = JSON.parse(readFileSync(recordFile, 'utf8')) as ClientRecord; } catch { return null; }
  if (!Array.isArray(record.inputs) || record.key !== keyOf(basePath, outDir, record.inputs)) return null;
  for (const [name, digest] of Object.entries(record.outputs)) {
    try { if (sha1(readFileSync(path.join(outDir, name))) !== digest) return null; } catch { return null; }
  }
  return { kb: path.join(outDir, 'kb.js'), search: path.join(outDir, record.search) };
}

/**
 * Writes public/assets/kb.js and public/assets/search-<hash>.js (unless they are up to date, as
 * `recordFile` tells); returns their paths.
 */
export async function bundleClient(
  config?: Pick<SiteConfig, 'basePath'>, outDir = path.join(root, 'public', 'assets'), recordFile = path.join(root, '.cache', 'bundle', 'client.json'),
): Promise<{ kb: string; search: string }> {
  const basePath = config?.basePath ?? '';
  const kept = keptBundles(basePath, outDir, recordFile);
  if (kept) return kept;
  const { build, stop } = await import('esbuild');
  mkdirSync(outDir, { recursive: true });
  const common = {
    absWorkingDir: root, bundle: true, minify: true, target: 'es2020', write: false, metafile: true, legalComments: 'none' as const,
    define: { 'process.env.NEXT_PUBLIC_KB_BASE_PATH': JSON.stringify(basePath) },
  };
  const inputs = new Set<string>(['node_modules/esbuild/package.json']);
  const outputs: Record<string, string> = {};
  const write = (name: string, bytes: Uint8Array, metafile: { inputs: Record<string, unknown> } | undefined): void => {
    writeFileSync(path.join(outDir, name), bytes);
    outputs[name] = sha1(bytes);
    for (const input of Object.keys(metafile?.inputs ?? {})) inputs.add(input);
  };
  const search = await build({
    ...common, entryPoints: [path.join(root, 'client', 'search-ui.ts')], format: 'esm', plugins: [flexsearchCompact], outfile: 'search.js',
  });
  const code = only(search.outputFiles, 'search bundle');
  const searchName = `search-${createHash('sha256').update(code).digest('hex').slice(0, 10)}.js`;
  for (const old of readdirSync(outDir)) if (/^search-[0-9a-f]{10}\.js$/.test(old)) rmSync(path.join(outDir, old));
  write(searchName, code, search.metafile);

  const kb = await build({
    ...common, entryPoints: [path.join(root, 'client', 'page.ts')], format: 'iife', outfile: 'kb.js',
    define: { ...common.define, __KB_SEARCH_CHUNK__: JSON.stringify(searchName) },
  });
  write('kb.js', only(kb.outputFiles, 'kb.js'), kb.metafile);

  // the page script of /error/ alone (lib/render/error-index-page.ts); article-page.js, once the
  // article pages' own, is in kb.js now: an older build's copy goes
  rmSync(path.join(outDir, 'article-page.js'), { force: true });
  for (const name of ['error-lookup']) {
    const page = await build({ ...common, entryPoints: [path.join(root, 'client', `${name}.ts`)], format: 'iife', outfile: `${name}.js` });
    write(`${name}.js`, only(page.outputFiles, `${name}.js`), page.metafile);
  }
  await stop(); // esbuild's service process would stay up for the rest of the build (see worker-build.ts)
  const listed = [...inputs].sort();
  const key = keyOf(basePath, outDir, listed);
  if (key) {
    const record: ClientRecord = { key, inputs: listed, outputs, search: searchName };
    mkdirSync(path.dirname(recordFile), { recursive: true });
    writeFileSync(`${recordFile}.${process.pid}.tmp`, `${JSON.stringify(record)}\n`);
    renameSync(`${recordFile}.${process.pid}.tmp`, recordFile);
  }
  return { kb: path.join(outDir, 'kb.js'), search: path.join(outDir, searchName) };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  bundleClient().then((out) => console.log(out), (error: unknown) => { console.error(error); process.exitCode = 1; });
}

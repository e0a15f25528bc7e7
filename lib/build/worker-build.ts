/**
 * Worker threads as plain-JS bundles (the parse worker, the page worker), each with a fingerprint:
 * a hash of every file the worker runs or read (esbuild's metafile inputs: our TypeScript, the JSON tables it imports, the
 * dependencies under node_modules). The fingerprint names the worker bundle and keys the record
 * cache, so a change anywhere the workers reach (the tokenizer, the code table) makes a fresh bundle
 * and misses the cache; a hand-kept list of folders once missed lib/search and lib/error-codes' JSON.
 *
 * Booting a worker through tsx loads hundreds of modules through loader hooks (~3 s per worker on
 * these machines, against ~1 s for the bundle). The list of inputs is kept next to the bundles
 * (`.cache/worker/inputs.json`): a warm build hashes those files (~400, a few ms) and reuses the bundle
 * of that hash; only when none matches does esbuild run (~2 s) and record the inputs anew. Any change
 * to the import graph goes through a change to some file already listed, so the old list is enough to
 * notice it. Without esbuild (an install without dev dependencies) the pool takes the bundle
 * `npm run prepare` left in dist/ (its fingerprint: its own bytes), else tsx (the fingerprint then
 * hashes every file under lib/ as well), else parses on the main thread.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from './package-root';
import { CACHE_FORMAT } from './cache';

const repoRoot = packageRoot(import.meta.dirname);

/** A worker to bundle: its entry (relative to the repository) and the bundle's base name. */
export interface WorkerSpec {
  entry: string;
  name: string;
}

export const PARSE_WORKER: WorkerSpec = { entry: 'lib/build/load-worker.ts', name: 'load-worker' };
export const PAGE_WORKER: WorkerSpec = { entry: 'lib/build/page-worker.ts', name: 'page-worker' };

export interface WorkerBundle {
  /** names the bundle and keys the record cache */
  fingerprint: string;
  /** the bundled worker, or null when it cannot be made (run the sources through tsx) */
  file: string | null;
}

/**
 * The fingerprint of a set of input files (paths relative to `root`): the cache format, then each
 * path and its bytes, in sorted order. Null when one of them is missing (the list is then stale).
 */
export function hashInputs(root: string, inputs: readonly string[]): string | null {
  const hash = createHash('sha1').update(`kb-worker-${CACHE_FORMAT}\n`);
  for (const input of [...inputs].sort()) {
    let bytes: Buffer;
    try { bytes = readFileSync(path.join(root, input)); } catch { return null; }
    hash.update(`${input}\n`).update(bytes).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** Bundles a worker with esbuild: the code and every input file it was made from (relative paths). */
export async function bundleWorker(root: string = repoRoot, spec: WorkerSpec = PARSE_WORKER): Promise<{ code: Uint8Array; inputs: string[] }> {
  const { build, stop } = await import('esbuild');
  const result = await build({
    absWorkingDir: root,
    entryPoints: [spec.entry],
    bundle: true, platform: 'node', format: 'esm', target: 'node20', write: false, metafile: true, logLevel: 'error',
    outfile: path.join(root, '.cache', 'worker', `${spec.name}.mjs`),
    // `server-only` is Next's guard against client bundles; in a plain Node worker it is nothing
    plugins: [{
      name: 'server-only',
      setup(b) {
        b.onResolve({ filter: /^server-only$/ }, () => ({ path: 'server-only', namespace: 'kb-empty' }));
        b.onLoad({ filter: /.*/, namespace: 'kb-empty' }, () => ({ contents: '', loader: 'js' }));
      },
    }],
    // CommonJS dependencies inside an ESM bundle need a require
    banner: { js: "import { createRequire as __kbCreateRequire } from 'node:module'; const require = __kbCreateRequire(import.meta.url);" },
  });
  // esbuild's service process (~75 MB) would otherwise stay up for the rest of the build (the parse,
  // the pages), counted in the build's peak memory; a later build() starts it again
  await stop();
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild gave no output for the parse worker');
  return { code: output.contents, inputs: Object.keys(result.metafile.inputs).filter((f) => !f.startsWith('kb-empty:')).sort() };
}

function knownInputs(file: string): string[] | null {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as { inputs?: unknown };
    return Array.isArray(parsed.inputs) && parsed.inputs.every((x) => typeof x === 'string') ? (parsed.inputs as string[]) : null;
  } catch {
    return null;
  }
}

/** Every .ts and .json file under lib/ (the tsx fallback runs the sources, whatever they import). */
function libFiles(root: string): string[] {
  const names = readdirSync(path.join(root, 'lib'), { recursive: true }) as string[];
  return names.filter((n) => /\.(ts|json)$/.test(n)).map((n) => `lib/${n.split(path.sep).join('/')}`);
}

/** The parse worker for the current sources: the fingerprint, and the bundle (made if needed). */
export function parseWorker(root: string = repoRoot): Promise<WorkerBundle> {
  return worker(root, PARSE_WORKER);
}

/** A worker for the current sources: the fingerprint, and the bundle (made if needed). */
export async function worker(root: string, spec: WorkerSpec): Promise<WorkerBundle> {
  const dir = path.join(root, '.cache', 'worker');
  const manifest = path.join(dir, `${spec.name}.inputs.json`);
  const known = knownInputs(manifest);
  const bundleOf = (fingerprint: string): string => path.join(dir, `${spec.name}-${fingerprint}.mjs`);
  if (process.env.KB_WORKER_TSX !== '1') {
    const fingerprint = known && hashInputs(root, known);
    if (fingerprint && existsSync(bundleOf(fingerprint))) return { fingerprint, file: bundleOf(fingerprint) };
    try {
      const { code, inputs } = await bundleWorker(root, spec);
      const made = hashInputs(root, inputs);
      if (made) {
        mkdirSync(dir, { recursive: true });
        const tmp = `${bundleOf(made)}.${process.pid}.tmp`;
        writeFileSync(tmp, code);
        renameSync(tmp, bundleOf(made));
        writeFileSync(`${manifest}.${process.pid}.tmp`, `${JSON.stringify({ entry: spec.entry, inputs })}\n`);
        renameSync(`${manifest}.${process.pid}.tmp`, manifest);
        return { fingerprint: made, file: bundleOf(made) };
      }
    } catch {
      // no esbuild (an install without dev dependencies): the bundle `npm run prepare` made, if any
      const prebuilt = path.join(root, 'dist', `${spec.name}.mjs`);
      if (existsSync(prebuilt)) return { fingerprint: createHash('sha1').update(readFileSync(prebuilt)).digest('hex').slice(0, 16), file: prebuilt };
    }
  }
  const inputs = [...new Set([...(known ?? []), ...libFiles(root)])].filter((f) => existsSync(path.join(root, f)));
  return { fingerprint: hashInputs(root, inputs) ?? 'unhashed', file: null };
}

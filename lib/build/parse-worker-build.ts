/**
 * The parse worker as one plain-JS file, and the build fingerprint: a hash of every file the parse
 * workers run or read (esbuild's metafile inputs: our TypeScript, the JSON tables it imports, the
 * dependencies under node_modules). The fingerprint names the worker bundle and keys the record
 * cache, so a change anywhere the workers reach (the tokenizer, the code table) makes a fresh bundle
 * and misses the cache; a hand-kept list of folders once missed lib/search and lib/error-codes' JSON.
 *
 * Booting a worker through tsx loads hundreds of modules through loader hooks (~3 s per worker on
 * these machines, against ~1 s for the bundle). The list of inputs is kept next to the bundles
 * (`.cache/worker/inputs.json`): a warm build hashes those files (~400, a few ms) and reuses the bundle
 * of that hash; only when none matches does esbuild run (~2 s) and record the inputs anew. Any change
 * to the import graph goes through a change to some file already listed, so the old list is enough to
 * notice it. Without esbuild (a production-only install) the pool falls back to tsx and the
 * fingerprint hashes every file under lib/ as well.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { CACHE_FORMAT } from './cache';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');
/** The worker's entry, relative to the repository. */
export const WORKER_ENTRY = 'lib/build/load-worker.ts';

export interface ParseWorker {
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
  const hash = createHash('sha1').update(`kb-parse-${CACHE_FORMAT}\n`);
  for (const input of [...inputs].sort()) {
    let bytes: Buffer;
    try { bytes = readFileSync(path.join(root, input)); } catch { return null; }
    hash.update(`${input}\n`).update(bytes).update('\0');
  }
  return hash.digest('hex').slice(0, 16);
}

/** Bundles the worker with esbuild: the code and every input file it was made from (relative paths). */
export async function bundleParseWorker(root: string = repoRoot): Promise<{ code: Uint8Array; inputs: string[] }> {
  const { build } = await import('esbuild');
  const result = await build({
    absWorkingDir: root,
    entryPoints: [WORKER_ENTRY],
    bundle: true, platform: 'node', format: 'esm', target: 'node20', write: false, metafile: true, logLevel: 'error',
    outfile: path.join(root, '.cache', 'worker', 'load-worker.mjs'),
    // CommonJS dependencies inside an ESM bundle need a require
    banner: { js: "import { createRequire as __kbCreateRequire } from 'node:module'; const require = __kbCreateRequire(import.meta.url);" },
  });
  const output = result.outputFiles[0];
  if (!output) throw new Error('esbuild gave no output for the parse worker');
  return { code: output.contents, inputs: Object.keys(result.metafile.inputs).sort() };
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
export async function parseWorker(root: string = repoRoot): Promise<ParseWorker> {
  const dir = path.join(root, '.cache', 'worker');
  const manifest = path.join(dir, 'inputs.json');
  const known = knownInputs(manifest);
  const bundleOf = (fingerprint: string): string => path.join(dir, `load-worker-${fingerprint}.mjs`);
  if (process.env.KB_WORKER_TSX !== '1') {
    const fingerprint = known && hashInputs(root, known);
    if (fingerprint && existsSync(bundleOf(fingerprint))) return { fingerprint, file: bundleOf(fingerprint) };
    try {
      const { code, inputs } = await bundleParseWorker(root);
      const made = hashInputs(root, inputs);
      if (made) {
        mkdirSync(dir, { recursive: true });
        const tmp = `${bundleOf(made)}.${process.pid}.tmp`;
        writeFileSync(tmp, code);
        renameSync(tmp, bundleOf(made));
        writeFileSync(`${manifest}.${process.pid}.tmp`, `${JSON.stringify({ entry: WORKER_ENTRY, inputs })}\n`);
        renameSync(`${manifest}.${process.pid}.tmp`, manifest);
        return { fingerprint: made, file: bundleOf(made) };
      }
    } catch {
      /* no esbuild: fall back to tsx below */
    }
  }
  const inputs = [...new Set([...(known ?? []), ...libFiles(root)])].filter((f) => existsSync(path.join(root, f)));
  return { fingerprint: hashInputs(root, inputs) ?? 'unhashed', file: null };
}

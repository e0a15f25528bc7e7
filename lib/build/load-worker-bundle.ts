/**
 * The parse worker as one plain-JS file. Booting a worker through tsx loads hundreds of modules
 * (remark, micromark…) through loader hooks: ~3 s per worker on these machines, against ~1 s for a
 * bundle. esbuild makes the bundle once per parser version under `.cache/worker/`; without esbuild
 * (a production-only install) the pool falls back to tsx.
 */
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import path from 'node:path';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/** The bundled worker for this parser fingerprint (built if needed), or null when it cannot be made. */
export async function bundledWorker(fingerprint: string): Promise<string | null> {
  if (process.env.KB_WORKER_TSX === '1') return null; // debugging: run the TypeScript sources
  let lock = '';
  try { lock = createHash('sha1').update(readFileSync(path.join(repoRoot, 'package-lock.json'))).digest('hex').slice(0, 8); } catch { /* no lock file */ }
  const dir = path.join(repoRoot, '.cache', 'worker');
  const file = path.join(dir, `load-worker-${fingerprint}-${lock}.mjs`);
  if (existsSync(file)) return file;
  try {
    const { build } = await import('esbuild');
    mkdirSync(dir, { recursive: true });
    const tmp = `${file}.${process.pid}.tmp.mjs`;
    await build({
      entryPoints: [path.join(import.meta.dirname, 'load-worker.ts')],
      bundle: true, platform: 'node', format: 'esm', target: 'node20', outfile: tmp, logLevel: 'error',
      // CommonJS dependencies inside an ESM bundle need a require
      banner: { js: "import { createRequire as __kbCreateRequire } from 'node:module'; const require = __kbCreateRequire(import.meta.url);" },
    });
    renameSync(tmp, file);
    return file;
  } catch {
    return null;
  }
}

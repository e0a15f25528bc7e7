/**
 * `npm run build:offline`: copies the export (out/) to a folder that works opened straight from disk
 * (out-offline/): pages and stylesheets rewritten to relative URLs (relativize.ts), each search index
 * file `X.json` also written as `X.json.js`, and the file:// shim that loads them. Server-only.
 */
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { bundleFileShim } from './bundle';
import { forEachLimit } from './pool';
import { relativizeCss, relativizeHtml, wrapJsonForFile } from './relativize';
import { listFiles } from './walk-files';

const SEARCH_DIR = '_kb/search/';
/** server-only files: useless from disk */
const DROP = /^(?:sw\.js|_kb\/offline-manifest\.json|_kb\/aliases\.json)$/;

export interface OfflineCopyStats {
  files: number;
  pages: number;
  wrapped: number;
}

/** Writes the file:// copy of outDir into offlineDir (replacing it). */
export async function copyForFileProtocol(outDir: string, offlineDir: string, basePath: string): Promise<OfflineCopyStats> {
  if (path.resolve(outDir) === path.resolve(offlineDir)) throw new Error(`offline copy: target ${offlineDir} is the export itself`);
  await rm(offlineDir, { recursive: true, force: true });
  const files = (await listFiles(outDir)).filter((f) => !DROP.test(f));
  const dirs = new Set(files.map((f) => path.dirname(path.join(offlineDir, f))));
  for (const dir of [...dirs].sort()) await mkdir(dir, { recursive: true });
  const stats: OfflineCopyStats = { files: 0, pages: 0, wrapped: 0 };
  await forEachLimit(files, 16, async (file) => {
    const from = path.join(outDir, file);
    const to = path.join(offlineDir, file);
    if (file.endsWith('.html')) {
      await writeFile(to, relativizeHtml(await readFile(from, 'utf8'), file, basePath));
      stats.pages++;
    } else if (file.endsWith('.css')) {
      await writeFile(to, relativizeCss(await readFile(from, 'utf8'), file, basePath));
    } else if (file.startsWith(SEARCH_DIR) && file.endsWith('.json')) {
      const json = await readFile(from, 'utf8');
      await writeFile(to, json);
      await writeFile(`${to}.js`, wrapJsonForFile(file.slice(SEARCH_DIR.length), json));
      stats.wrapped++;
      stats.files++;
    } else {
      await copyFile(from, to);
    }
    stats.files++;
  });
  await bundleFileShim(offlineDir, outDir);
  stats.files++;
  return stats;
}

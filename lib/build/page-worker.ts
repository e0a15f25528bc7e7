/**
 * Page-worker entry: renders batches of site paths with the same function the route handler uses
 * (lib/render/static-pages.ts, reading the store) and writes each to `<outDir>/<path>/index.html`,
 * the file `next build` would have exported for it. Bundled by worker-build.ts.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { pageFile } from './page-file';
import { listStaticPages, renderStaticPage } from '../render/static-pages';

export interface PageWorkerData {
  outDir: string;
  config: { basePath: string; siteUrl: string };
  /** each page's hash as the last build wrote it into outDir: an equal page is not written again */
  previous?: Record<string, string>;
}

export interface PageBatchResult {
  pages: number;
  /** pages whose bytes changed (or are new), hence written */
  written: number;
  bytes: number;
  /** [site path, hash of the HTML] of every page of the batch */
  hashes: [string, string][];
  /** paths no renderer claimed (a bug in the list of pages) */
  missing: string[];
}

const { outDir, config, previous = {} } = (workerData ?? {}) as PageWorkerData;

/**
 * The pages the workers write: every static page, the shell pages `next build` renders too (same
 * bytes), so that a build skipping `next build` still brings them up to date.
 */
export function poolPages(): Promise<string[]> {
  return listStaticPages();
}

parentPort?.on('message', async (batch: string[] | 'list') => {
  if (batch === 'list') {
    parentPort?.postMessage(await poolPages());
    return;
  }
  const result: PageBatchResult = { pages: 0, written: 0, bytes: 0, hashes: [], missing: [] };
  for (const sitePath of batch) {
    const html = await renderStaticPage(sitePath, config);
    if (html === null) {
      result.missing.push(sitePath);
      continue;
    }
    const bytes = Buffer.from(html);
    const hash = createHash('sha1').update(bytes).digest('base64url');
    result.pages++;
    result.bytes += bytes.length;
    result.hashes.push([sitePath, hash]);
    if (Object.hasOwn(previous, sitePath) && previous[sitePath] === hash) continue;
    const file = pageFile(outDir, sitePath);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, bytes);
    result.written++;
  }
  parentPort?.postMessage(result);
});

/**
 * Page-worker entry: renders batches of site paths with the same function the route handler uses
 * (lib/render/static-pages.ts, reading the store) and writes each to `<outDir>/<path>/index.html`,
 * the file `next build` would have exported for it. Bundled by worker-build.ts.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';
import { listStaticPages, renderStaticPage, ROUTE_SHELL_PAGES } from '../render/static-pages';

export interface PageWorkerData {
  outDir: string;
  config: { basePath: string; siteUrl: string };
}

export interface PageBatchResult {
  pages: number;
  bytes: number;
  /** paths no renderer claimed (a bug in the list of pages) */
  missing: string[];
}

/** The file a site path is exported to: `/kb/155/Q155738/` → `<outDir>/kb/155/Q155738/index.html`. */
export function pageFile(outDir: string, sitePath: string): string {
  return path.join(outDir, ...sitePath.split('/').filter(Boolean), 'index.html');
}

const { outDir, config } = (workerData ?? {}) as PageWorkerData;

/** The pages this worker writes: every static page but the shell pages `next build` renders. */
export async function poolPages(): Promise<string[]> {
  const shell = new Set<string>(ROUTE_SHELL_PAGES);
  return (await listStaticPages()).filter((p) => !shell.has(p));
}

parentPort?.on('message', async (batch: string[] | 'list') => {
  if (batch === 'list') {
    parentPort?.postMessage(await poolPages());
    return;
  }
  const result: PageBatchResult = { pages: 0, bytes: 0, missing: [] };
  for (const sitePath of batch) {
    const html = await renderStaticPage(sitePath, config);
    if (html === null) {
      result.missing.push(sitePath);
      continue;
    }
    const file = pageFile(outDir, sitePath);
    mkdirSync(path.dirname(file), { recursive: true });
    const bytes = Buffer.from(html);
    writeFileSync(file, bytes);
    result.pages++;
    result.bytes += bytes.length;
  }
  parentPort?.postMessage(result);
});

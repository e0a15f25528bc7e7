/**
 * A static host like GitHub Pages, for the fallback's e2e test and benchmark: files, a folder's
 * index.html (a folder without its slash gets one 301), and the 404 page for anything else, with
 * status 404; never a redirect for an old address. `base` serves the site under a base path (the
 * files also answer without it, as the sample build's links have none); `notFoundPage` replaces
 * the site's 404.html. No cache headers: each visit in a fresh browser context fetches everything.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.svg': 'image/svg+xml',
};

export interface PagesLikeHost { origin: string; close(): Promise<void> }

/** Serves `dir` on a free port of 127.0.0.1. */
export function startPagesLikeHost(dir: string, options: { base?: string; notFoundPage?: string } = {}): Promise<PagesLikeHost> {
  const base = options.base ?? '';
  const server = http.createServer((req, res) => {
    let pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    if (base && (pathname === base || pathname.startsWith(`${base}/`))) pathname = pathname.slice(base.length) || '/';
    let file = path.join(dir, path.normalize(pathname));
    if (file.startsWith(dir) && existsSync(file) && statSync(file).isDirectory()) {
      if (!pathname.endsWith('/')) { res.writeHead(301, { location: `${req.url?.split('?')[0]}/` }).end(); return; }
      file = path.join(file, 'index.html');
    }
    const found = file.startsWith(dir) && existsSync(file) && statSync(file).isFile();
    const target = found ? file : (options.notFoundPage ?? path.join(dir, '404.html'));
    res.writeHead(found ? 200 : 404, { 'content-type': TYPES[path.extname(target)] ?? 'application/octet-stream' });
    createReadStream(target).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  })));
}

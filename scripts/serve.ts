/**
 * A small static file server for out/ (`npm run serve`, and the e2e tests through startServer):
 * index.html for folders, 404.html with status 404, content types, KB_BASE_PATH stripped, and gzip
 * when the client accepts it, so byte counts per query look like those of a compressing host.
 * Caching as a good static host does it: every file carries a validator (ETag, Last-Modified) and a
 * revalidating browser gets 304 Not Modified; the files whose names change with their content
 * (Next's `/_next/static/`, `/assets/search-<hash>.js`) may be kept for a year without asking.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import { createGzip } from 'node:zlib';
import { createAddressResponder } from '../lib/hosting/address-responder';
import { normalizeBasePath } from '../lib/site-config';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml', '.xml': 'application/xml; charset=utf-8', '.webmanifest': 'application/manifest+json',
  '.png': 'image/png', '.ico': 'image/x-icon', '.jpg': 'image/jpeg', '.webp': 'image/webp', '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};
/** Already compressed formats gain nothing from gzip. */
const COMPRESSIBLE = /^(text\/|application\/(json|xml|manifest\+json)|image\/svg)/;

/** Site paths (base path stripped) whose names carry a hash of their content. */
const IMMUTABLE = /^\/(?:_next\/static\/|assets\/search-[0-9a-f]{10}\.js$)/;

export function cacheControl(sitePath: string): string {
  return IMMUTABLE.test(sitePath) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

/** A weak validator from size and modification time, as common static servers make it. */
function etagOf(size: number, mtimeMs: number): string {
  return `W/"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;
}

/** Whether an If-None-Match header names this ETag (weak comparison; `*` matches any). */
export function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  const bare = (tag: string) => tag.trim().replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim() === '*' || bare(tag) === bare(etag));
}

/** Maps a URL path to a file under `dir`, or null (outside the folder, or nothing there). */
export function resolveFile(dir: string, urlPath: string, basePath: string): string | null {
  let rel = urlPath;
  if (basePath) {
    if (rel !== basePath && !rel.startsWith(`${basePath}/`)) return null;
    rel = rel.slice(basePath.length) || '/';
  }
  let decoded: string;
  try { decoded = decodeURIComponent(rel); } catch { return null; }
  if (decoded.includes('\0')) return null;
  const file = path.resolve(dir, `.${path.posix.normalize(decoded)}`);
  if (file !== dir && !file.startsWith(dir + path.sep)) return null;
  if (!existsSync(file)) return existsSync(`${file}.html`) ? `${file}.html` : null;
  if (statSync(file).isDirectory()) {
    const index = path.join(file, 'index.html');
    return existsSync(index) ? index : null;
  }
  return file;
}

/** Starts serving `dir`; resolves once listening (port 0 picks a free port: read server.address()). */
export function startServer(dir: string, port: number, basePath = normalizeBasePath(process.env.KB_BASE_PATH)): Promise<Server> {
  const root = path.resolve(dir);
  const base = normalizeBasePath(basePath);
  // historic and hand-typed article addresses (lib/routes.ts): 301 to the permalink, 404 for no article
  const addresses = createAddressResponder(root, base);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    // a folder without its trailing slash: redirect, as static hosts do (relative links depend on it)
    let found = resolveFile(root, url.pathname, base);
    const sitePath = base && url.pathname.startsWith(`${base}/`) ? url.pathname.slice(base.length) : url.pathname;
    const address = (!base || url.pathname === base || url.pathname.startsWith(`${base}/`))
      ? addresses({ sitePath: sitePath === base ? '/' : sitePath, search: url.search, fileFound: found !== null }) : null;
    if (address?.status === 301) {
      res.writeHead(301, { location: address.location, 'cache-control': 'no-cache' }).end();
      return;
    }
    if (address?.status === 404) found = null;
    if (found && found.endsWith(`${path.sep}index.html`) && !url.pathname.endsWith('/') && !url.pathname.endsWith('.html')) {
      res.writeHead(301, { location: `${url.pathname}/${url.search}` }).end();
      return;
    }
    const file = found ?? path.join(root, '404.html');
    const status = found ? 200 : 404;
    if (!found && !existsSync(file)) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('404 not found\n');
      return;
    }
    const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
    const gzip = COMPRESSIBLE.test(type) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
    const stat = statSync(file);
    const headers: Record<string, string> = {
      'content-type': type, 'cache-control': status === 200 ? cacheControl(sitePath) : 'no-cache', vary: 'accept-encoding',
    };
    if (status === 200) {
      headers.etag = etagOf(stat.size, stat.mtimeMs);
      headers['last-modified'] = stat.mtime.toUTCString();
      if (matchesEtag(req.headers['if-none-match'], headers.etag)) {
        res.writeHead(304, { etag: headers.etag, 'cache-control': headers['cache-control'], vary: 'accept-encoding' }).end();
        return;
      }
    }
    if (gzip) headers['content-encoding'] = 'gzip';
    else headers['content-length'] = String(stat.size);
    res.writeHead(status, headers);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const stream = createReadStream(file);
    stream.on('error', () => res.destroy());
    if (gzip) stream.pipe(createGzip()).pipe(res);
    else stream.pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}

if (process.argv[1]?.endsWith('scripts/serve.ts')) {
  const dir = process.argv[2] ?? 'out';
  const port = Number(process.argv[3] ?? process.env.PORT ?? 3000);
  if (!existsSync(dir)) {
    console.error(`serve: ${dir} does not exist: run \`npm run build\` first`);
    process.exit(1);
  }
  const base = normalizeBasePath(process.env.KB_BASE_PATH);
  startServer(dir, port, base).then(() => {
    console.log(`serving ${path.resolve(dir)} at http://localhost:${port}${base}/`);
  }, (error: unknown) => {
    console.error(`serve: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}

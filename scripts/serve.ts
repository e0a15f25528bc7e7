/**
 * A small static file server for out/ (`npm run serve`, and the e2e tests through startServer):
 * index.html for folders, 404.html with status 404, content types, KB_BASE_PATH stripped, and gzip
 * when the client accepts it, so byte counts per query look like those of a compressing host.
 * Caching as a good static host does it: every file carries a validator (ETag, Last-Modified) and a
 * revalidating browser gets 304 Not Modified; the files whose names change with their content
 * (Next's `/_next/static/`, `/assets/search-<hash>.js`) may be kept for a year without asking.
 *
 * Any web page the user opens can send requests here, so no request target may crash the process,
 * redirect off-site or read outside the served folder: every request is handled inside a try (a bad
 * target gets 400), the target is decoded and normalized once (`readTarget`) and everything after
 * that (the file, the cache header, a redirect) follows from the normalized path, a redirect's
 * Location is built by `sitePathLocation` only (one leading `/`, every segment percent-encoded), and
 * a file is served only when its real path (symlinks resolved) is inside the real served folder.
 */
import { createReadStream, existsSync, realpathSync, statSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createGzip } from 'node:zlib';
import { createAddressResponder, type AddressResponder } from '../lib/hosting/address-responder';
import { RULES_APPLIED_METRIC } from '../lib/hosting/redirects';
import { normalizeBasePath } from '../lib/site-config';
import { isImmutablePath } from '../lib/routes';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8', '.json': 'application/json; charset=utf-8', '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml', '.xml': 'application/xml; charset=utf-8', '.webmanifest': 'application/manifest+json',
  '.png': 'image/png', '.ico': 'image/x-icon', '.jpg': 'image/jpeg', '.webp': 'image/webp', '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};
/** Already compressed formats gain nothing from gzip. */
const COMPRESSIBLE = /^(text\/|application\/(json|xml|manifest\+json)|image\/svg)/;

/** The Cache-Control of a normalized site path (base path stripped, decoded, no `..`). */
export function cacheControl(sitePath: string): string {
  return isImmutablePath(sitePath) ? 'public, max-age=31536000, immutable' : 'no-cache';
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

/** A request target read once: the decoded, normalized site path and the raw query string. */
export interface Target {
  /** decoded, `.`/`..`/`//` resolved, base path stripped; always starts with one `/` */
  sitePath: string;
  /** whether the path as sent ended with `/` */
  trailingSlash: boolean;
  /** the query string with its `?`, or '' */
  search: string;
}

/**
 * Reads a request target (`/a/b%20c/?q=1`): null when it is not an origin-form path, has a broken
 * %-escape or a NUL, or lies outside the base path. `..` cannot climb above the site's root.
 */
export function readTarget(rawTarget: string, basePath: string): Target | null {
  if (!rawTarget.startsWith('/')) return null;
  const cut = rawTarget.search(/[?#]/);
  const rawPath = cut < 0 ? rawTarget : rawTarget.slice(0, cut);
  const search = cut >= 0 && rawTarget[cut] === '?' ? rawTarget.slice(cut).split('#')[0] ?? '' : '';
  let decoded: string;
  try { decoded = decodeURIComponent(rawPath); } catch { return null; }
  if (decoded.includes('\0')) return null;
  const normalized = path.posix.normalize(decoded);
  let sitePath = normalized.startsWith('/') ? normalized : `/${normalized}`;
  if (basePath) {
    if (sitePath !== basePath && !sitePath.startsWith(`${basePath}/`)) return null;
    sitePath = sitePath.slice(basePath.length) || '/';
  }
  return { sitePath, trailingSlash: decoded.endsWith('/'), search };
}

/**
 * A same-origin Location for a site path: the base path, then each segment percent-encoded (so
 * neither `//`, `\` nor `@` can make a browser read a host), starting with exactly one `/`.
 */
export function sitePathLocation(sitePath: string, basePath: string, search = ''): string {
  const segments = sitePath.split('/').filter((s) => s !== '' && s !== '.' && s !== '..');
  const trailing = sitePath.endsWith('/') && segments.length > 0 ? '/' : '';
  const pathPart = `${basePath}/${segments.map(encodeURIComponent).join('/')}${trailing}`;
  // a query string goes out as it came in, minus anything a header cannot carry
  const query = /^\?[\x21-\x7e]*$/.test(search) ? search : '';
  return `${pathPart.replace(/^\/+/, '/')}${query}`;
}

/** Maps a normalized site path to a file whose real path lies under `realRoot`, or null. */
export function resolveFile(realRoot: string, sitePath: string): string | null {
  const file = path.resolve(realRoot, `.${sitePath}`);
  const candidates = [file, `${file}.html`];
  for (const candidate of candidates) {
    const real = realInside(realRoot, candidate);
    if (!real) continue;
    const stat = statSync(real);
    if (stat.isFile()) return real;
    if (stat.isDirectory() && candidate === file) {
      const index = realInside(realRoot, path.join(file, 'index.html'));
      if (index && statSync(index).isFile()) return index;
    }
  }
  return null;
}

/** The real path of `file` when it exists and lies inside `realRoot` (symlinks out are refused). */
function realInside(realRoot: string, file: string): string | null {
  if (!existsSync(file)) return null;
  let real: string;
  try { real = realpathSync(file); } catch { return null; }
  return real === realRoot || real.startsWith(realRoot + path.sep) ? real : null;
}

/**
 * Where a site path should send the browser instead (a site path, not yet base-prefixed), or null.
 * The server builds the Location itself, so a decision can never point off-site.
 */
export type RedirectDecision = (sitePath: string, search: string) => string | null;

export interface ServeOptions {
  /** extra redirects (e.g. historic article addresses), asked before a file is looked up */
  redirect?: RedirectDecision;
}

/** Starts serving `dir`; resolves once listening (port 0 picks a free port: read server.address()). */
export function startServer(dir: string, port: number, basePath = normalizeBasePath(process.env.KB_BASE_PATH), options: ServeOptions = {}): Promise<Server> {
  const root = realpathSync(path.resolve(dir));
  const base = normalizeBasePath(basePath);
  // historic and hand-typed article addresses (lib/routes.ts): 301 to the permalink, 404 for no article
  const addresses = createAddressResponder(root, '');
  const server = createServer((req, res) => {
    try {
      handle(req, res, root, base, options, addresses);
    } catch {
      // a target Node accepts but a step here refuses (or a file that vanished): never the process
      if (!res.headersSent) res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('400 bad request\n');
      else res.destroy();
    }
  });
  // malformed requests Node's parser refuses: answer 400 and close, as Node does by default
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
    else socket.destroy();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve(server));
  });
}

function handle(req: IncomingMessage, res: ServerResponse, root: string, base: string, options: ServeOptions, addresses: AddressResponder): void {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  const target = readTarget(req.url ?? '/', base);
  if (!target) {
    // outside the base path is a 404 (the host serves nothing there); an unreadable target a 400
    const outside = base && readTarget(req.url ?? '/', '') !== null;
    if (!outside) {
      res.writeHead(400, { 'content-type': 'text/plain; charset=utf-8' }).end('400 bad request\n');
      return;
    }
  }
  const redirectTo = target && options.redirect ? options.redirect(target.sitePath, target.search) : null;
  if (redirectTo !== null) {
    res.writeHead(301, { location: sitePathLocation(redirectTo, base), 'cache-control': 'no-cache' }).end();
    return;
  }
  let found = target ? resolveFile(root, target.sitePath) : null;
  const address = target ? addresses({ sitePath: target.sitePath, search: target.search, fileFound: found !== null }) : null;
  if (address?.status === 301) {
    res.writeHead(301, { location: sitePathLocation(address.location, base), 'cache-control': 'no-cache' }).end();
    return;
  }
  // an address that names no article: the 404 page, even where a file (the home page) would answer
  if (address?.status === 404) found = null;
  // a folder without its trailing slash: redirect, as static hosts do (relative links depend on it)
  if (target && found && found.endsWith(`${path.sep}index.html`) && !target.trailingSlash && !target.sitePath.endsWith('.html')) {
    res.writeHead(301, { location: sitePathLocation(`${target.sitePath}/`, base, target.search) }).end();
    return;
  }
  const notFound = realInside(root, path.join(root, '404.html'));
  const file = found ?? notFound;
  const status = found ? 200 : 404;
  if (!file) {
    res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end('404 not found\n');
    return;
  }
  const type = TYPES[path.extname(file).toLowerCase()] ?? 'application/octet-stream';
  const gzip = COMPRESSIBLE.test(type) && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''));
  const stat = statSync(file);
  const headers: Record<string, string> = {
    'content-type': type, 'cache-control': found && target ? cacheControl(target.sitePath) : 'no-cache', vary: 'accept-encoding',
  };
  if (status === 200) {
    headers.etag = etagOf(stat.size, stat.mtimeMs);
    headers['last-modified'] = stat.mtime.toUTCString();
    if (matchesEtag(req.headers['if-none-match'], headers.etag)) {
      res.writeHead(304, { etag: headers.etag, 'cache-control': headers['cache-control'], vary: 'accept-encoding' }).end();
      return;
    }
  }
  // this server applies the address rules: the 404 page's inline script need not
  if (status === 404) headers['server-timing'] = RULES_APPLIED_METRIC;
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
}

/** `serve [dir] [--port N]`: the port from --port, else $PORT, else 3000. Throws on a bad value. */
export function readServeArgs(argv: string[], env: Record<string, string | undefined> = process.env): { dir: string; port: number } {
  const { values, positionals } = parseArgs({ args: argv, options: { port: { type: 'string' } }, allowPositionals: true, strict: true });
  if (positionals.length > 1) throw new Error(`one folder to serve, not ${positionals.length}`);
  const raw = values.port ?? env.PORT ?? '3000';
  const port = /^\d{1,5}$/.test(raw) ? Number(raw) : NaN;
  if (!(port >= 0 && port <= 65535)) throw new Error(`port must be a whole number from 0 to 65535, not "${raw}"${values.port === undefined && env.PORT !== undefined ? ' (from $PORT)' : ''}`);
  return { dir: positionals[0] ?? 'out', port };
}

if (process.argv[1]?.endsWith('scripts/serve.ts')) {
  let args: { dir: string; port: number };
  try {
    args = readServeArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`serve: ${error instanceof Error ? error.message : String(error)}\nusage: npm run serve -- [dir] [--port N]   (else $PORT, else 3000)`);
    process.exit(2);
  }
  const { dir, port } = args;
  if (!existsSync(dir)) {
    console.error(`serve: ${dir} does not exist: run \`npm run build\` first`);
    process.exit(1);
  }
  const base = normalizeBasePath(process.env.KB_BASE_PATH);
  startServer(dir, port, base).then((server) => {
    const address = server.address();
    const actual = address && typeof address === 'object' ? address.port : port;
    console.log(`serving ${path.resolve(dir)} at http://localhost:${actual}${base}/`);
  }, (error: unknown) => {
    console.error(`serve: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}

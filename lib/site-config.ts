/**
 * Site settings from the environment, in one place. Isomorphic on purpose: no fs, no node:path, so a
 * client file may import `withBase` (the browser has no `process`, hence the guarded default).
 */

export interface SiteConfig {
  /** absolute folder holding the `*.md` articles (KB_CONTENT_DIR, else `<cwd>/content`) */
  contentDir: string;
  /** '' or `/sub/path` (KB_BASE_PATH), never with a trailing slash */
  basePath: string;
  /** absolute site URL without trailing slash, base path included (KB_SITE_URL) */
  siteUrl: string;
  /** KB_STRICT=1: every problem fails the build */
  strict: boolean;
  /** prefixes a site path (`/kb/155/Q155738/`) with the base path */
  withBase(path: string): string;
}

type Env = Record<string, string | undefined>;

const defaultEnv: Env = typeof process !== 'undefined' && process.env ? process.env : {};

/** Normalizes a base path: `kbarchive/` → `/kbarchive`, `/` or empty → ''. */
export function normalizeBasePath(raw: string | undefined): string {
  const trimmed = (raw ?? '').trim().replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}` : '';
}

/** Prefixes a root-relative path with the base path; other URLs pass through unchanged. */
export function withBase(basePath: string, path: string): string {
  if (!path.startsWith('/') || path.startsWith('//')) return path;
  return basePath + path;
}

/** Resolves a possibly relative folder against a working directory with string operations only. */
function resolveDir(dir: string, cwd: string): string {
  if (dir.startsWith('/') || /^[A-Za-z]:[\\/]/.test(dir)) return dir.replace(/[\\/]+$/, '') || '/';
  const parts = `${cwd}/${dir}`.split(/[\\/]+/);
  const out: string[] = [];
  for (const part of parts) {
    if (part === '' || part === '.') continue;
    if (part === '..') out.pop();
    else out.push(part);
  }
  const root = /^[A-Za-z]:$/.test(out[0] ?? '') ? '' : '/';
  return root + out.join('/');
}

/** Reads the site settings from an environment (default: process.env). */
export function getSiteConfig(env: Env = defaultEnv): SiteConfig {
  const basePath = normalizeBasePath(env.KB_BASE_PATH);
  const cwd = typeof process !== 'undefined' && typeof process.cwd === 'function' ? process.cwd() : '/';
  const contentDir = resolveDir(env.KB_CONTENT_DIR?.trim() || 'content', cwd);
  const siteUrl = (env.KB_SITE_URL?.trim() || `http://localhost:3000${basePath}`).replace(/\/+$/, '');
  const strict = env.KB_STRICT === '1' || env.KB_STRICT === 'true';
  return { contentDir, basePath, siteUrl, strict, withBase: (path: string) => withBase(basePath, path) };
}

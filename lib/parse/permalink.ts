/**
 * Permalinks: validation and the default for an article ID. A permalink becomes a folder under out/
 * and a URL in the sitemap, so it is checked here for everything that would break `next build`, the
 * page writer or the hosting step, or publish an address that answers 404: it must stay inside the
 * site, be a file name on every disk, and not collide with a path the site writes or answers itself
 * (lib/routes.ts holds that list). %-escapes are decoded exactly once; what they decode to must pass
 * the same rules, so the published path and the folder on disk are the same string.
 */
import { answeredByAddressRule, defaultPermalink as routesDefaultPermalink, reservedTopSegment } from '../routes';

export type PermalinkResult = { ok: true; permalink: string } | { ok: false; reason: string };

/** A segment becomes a folder name; Next adds suffixes (`.segments`, `.prefetch.rsc`) below 255 bytes. */
export const MAX_SEGMENT_BYTES = 200;
/** The whole permalink, in bytes (paths under out/ must stay well below PATH_MAX). */
export const MAX_PERMALINK_BYTES = 1024;
/** What a segment may hold once decoded: a file name on every disk and a URL needing no escape. */
const SEGMENT = /^[A-Za-z0-9_~-][A-Za-z0-9._~-]*$/;

/** Validates a permalink from front matter and normalizes it to `/a/b/` form. */
export function normalizePermalink(raw: string): PermalinkResult {
  const value = raw.trim();
  if (!value) return { ok: false, reason: 'permalink is empty' };
  if (value.includes('\\')) return { ok: false, reason: 'permalink contains a backslash' };
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value)) return { ok: false, reason: 'permalink has a URL scheme (absolute URL or javascript:)' };
  if (value.startsWith('//')) return { ok: false, reason: 'permalink is a protocol-relative URL' };
  if (/[?#]/.test(value)) return { ok: false, reason: 'permalink contains ? or #' };
  if (/[\u0000-\u001F\u007F\s]/.test(value)) return { ok: false, reason: 'permalink contains whitespace or control characters' };
  const segments: string[] = [];
  for (const segment of value.split('/').filter((s) => s !== '')) {
    let decoded = segment;
    try { decoded = decodeURIComponent(segment); } catch { return { ok: false, reason: `permalink segment "${segment}" has a broken %-escape` }; }
    // check the decoded form: %2e%2e is `..` to a web server
    if (decoded === '.' || decoded === '..' || /[/\\]/.test(decoded)) {
      return { ok: false, reason: 'permalink leaves its folder (".." or an encoded slash)' };
    }
    const bytes = Buffer.byteLength(decoded, 'utf8');
    if (bytes > MAX_SEGMENT_BYTES) return { ok: false, reason: `permalink segment of ${bytes} bytes is longer than the ${MAX_SEGMENT_BYTES} a folder name may have` };
    if (!SEGMENT.test(decoded)) {
      return { ok: false, reason: `permalink segment "${decoded}" may hold only letters, digits, "-", "_", "~" and "." (not first)${decoded !== segment ? `, decoded from "${segment}"` : ''}` };
    }
    segments.push(decoded);
  }
  const top = segments[0];
  if (top === undefined) return { ok: false, reason: 'permalink "/" is the home page' };
  const permalink = `/${segments.join('/')}/`;
  return checkPermalink(permalink);
}

/** The checks every permalink passes, the default ones included: length and the site's own paths. */
export function checkPermalink(permalink: string): PermalinkResult {
  if (Buffer.byteLength(permalink, 'utf8') > MAX_PERMALINK_BYTES) return { ok: false, reason: `permalink is longer than ${MAX_PERMALINK_BYTES} bytes` };
  const top = permalink.split('/')[1] ?? '';
  const reserved = reservedTopSegment(top);
  if (reserved) return { ok: false, reason: `permalink starts with /${top}/, which the site reserves: ${reserved}` };
  if (answeredByAddressRule(permalink)) return { ok: false, reason: `${permalink} is an address the historic address rules send to another article` };
  return { ok: true, permalink };
}

/** `/kb/<first three digits of the 6-digit zero-padded number>/<id>/`: Q10022 → /kb/010/Q10022/. */
export const defaultPermalink = routesDefaultPermalink;

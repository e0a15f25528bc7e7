/**
 * Permalinks: validation (a permalink must stay inside the site) and the default for an article ID.
 */

/** Top-level path segments the site itself uses; an article may not claim them. */
export const RESERVED_SEGMENTS = ['search', 'error', 'product', '_next', '_kb', 'assets'] as const;

export type PermalinkResult = { ok: true; permalink: string } | { ok: false; reason: string };

/** Validates a permalink from front matter and normalizes it to `/a/b/` form. */
export function normalizePermalink(raw: string): PermalinkResult {
  const value = raw.trim();
  if (!value) return { ok: false, reason: 'permalink is empty' };
  if (value.includes('\\')) return { ok: false, reason: 'permalink contains a backslash' };
  if (/^[A-Za-z][A-Za-z0-9+.-]*:/.test(value)) return { ok: false, reason: 'permalink has a URL scheme (absolute URL or javascript:)' };
  if (value.startsWith('//')) return { ok: false, reason: 'permalink is a protocol-relative URL' };
  if (/[?#]/.test(value)) return { ok: false, reason: 'permalink contains ? or #' };
  if (/[\u0000-\u001F\u007F\s]/.test(value)) return { ok: false, reason: 'permalink contains whitespace or control characters' };
  const segments = value.split('/').filter((s) => s !== '');
  for (const segment of segments) {
    let decoded = segment;
    try { decoded = decodeURIComponent(segment); } catch { return { ok: false, reason: `permalink segment "${segment}" has a broken %-escape` }; }
    // check the decoded form too: %2e%2e is `..` to a web server
    if (decoded === '.' || decoded === '..' || /[/\\]/.test(decoded)) {
      return { ok: false, reason: 'permalink leaves its folder (".." or an encoded slash)' };
    }
  }
  const top = segments[0];
  if (top === undefined) return { ok: false, reason: 'permalink "/" is the home page' };
  if ((RESERVED_SEGMENTS as readonly string[]).includes(top.toLowerCase())) {
    return { ok: false, reason: `permalink starts with /${top}/, which the site reserves` };
  }
  return { ok: true, permalink: `/${segments.join('/')}/` };
}

/** `/kb/<first three digits of the 6-digit zero-padded number>/<id>/`: Q10022 → /kb/010/Q10022/. */
export function defaultPermalink(id: string, number: number | null): string {
  if (number === null) return `/kb/${id}/`;
  const padded = String(number).padStart(6, '0');
  return `/kb/${padded.slice(0, 3)}/${id}/`;
}

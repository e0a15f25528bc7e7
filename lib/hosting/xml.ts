/**
 * Escaping for the XML files the site publishes (sitemaps, OpenSearch) and the one URL-path encoding
 * shared by every absolute URL we write, so a sitemap entry and the page's canonical link agree.
 */

/** Escapes text for XML element content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ENTITIES[c] ?? c);
}

const XML_ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

/**
 * Percent-encodes a URL path as a browser would when following the page link: characters outside
 * RFC 3986's path set are UTF-8 %-encoded, existing valid `%XX` escapes are kept (never double-encoded).
 */
export function encodePath(path: string): string {
  let out = '';
  for (let i = 0; i < path.length; i++) {
    const c = path[i] ?? '';
    if (c === '%' && /^[0-9A-Fa-f]{2}$/.test(path.slice(i + 1, i + 3))) {
      out += c;
      continue;
    }
    if (/[A-Za-z0-9\-._~!$&'()*+,;=:@/]/.test(c)) {
      out += c;
      continue;
    }
    const code = path.codePointAt(i) ?? 0;
    const char = String.fromCodePoint(code);
    if (code > 0xffff) i++; // a surrogate pair is one character
    out += encodeURIComponent(char);
  }
  return out;
}

/** Joins the site URL (which carries any base path) and a site path into one absolute, encoded URL. */
export function absoluteSiteUrl(siteUrl: string, sitePath: string): string {
  return siteUrl.replace(/\/+$/, '') + encodePath(sitePath.startsWith('/') ? sitePath : `/${sitePath}`);
}

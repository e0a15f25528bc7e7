/**
 * Finds start tags in serialized HTML, quote-aware, so attribute rewriting and link checking never
 * touch article text: a KB article about ASP may well say ` HREF="/default.asp"` in its body.
 */

/** Applies `rewrite` to every start tag outside script bodies and comments. */
export function mapStartTags(html: string, rewrite: (tag: string) => string): string {
  // comments and script bodies are copied as they are; start tags (including <script ...>) go through rewrite
  return html.replace(/<!--[\s\S]*?-->|(<script\b[^>]*>)([\s\S]*?)(<\/script>)|<[a-zA-Z][^\s/>]*(?:\s+[^\s=/>]+(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*\s*\/?>/gi,
    (m, open: string | undefined, body: string | undefined, close: string | undefined) => {
      if (m.startsWith('<!--')) return m;
      if (open !== undefined) return rewrite(open) + body + close;
      return rewrite(m);
    });
}

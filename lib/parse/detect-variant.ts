/**
 * Tells the three input variants apart from the body and unwraps the legacy ones:
 * a legacy body has a tab-indented `Article:` header line near the top, optionally preceded by
 * the `## Q155738: title` heading; the archive wraps it in exactly one `{% raw %}` … `{% endraw %}` pair.
 */
import type { Variant } from './types';

export interface DetectedBody {
  variant: Variant;
  /** legacy: body lines with one leading tab removed; markdown: the body text as one element */
  lines: string[];
  /** the text of a leading `## …` heading of a legacy body (the archive repeats the title there) */
  heading: string | null;
  /** legacy lines before the header that are neither the heading nor the raw tag (kept as text) */
  preamble: string[];
  /**
   * the archive's text after its closing `{% endraw %}` (a note added to a published article: Jekyll
   * renders it as Markdown after the article), '' when none
   */
  after: string;
  /** the body line (0-based) `after` starts on: its first line that is not blank */
  afterLine: number;
}

const LEGACY_HEADER = /^\tArticle:[ \t]*\S/;
const RAW_OPEN = /^\s*\{%-?\s*raw\s*-?%\}\s*$/;
const RAW_CLOSE = /^\s*\{%-?\s*endraw\s*-?%\}\s*$/;
/** how far down the header may start (the heading and the raw tag come first) */
const HEADER_WINDOW = 40;

/** Detects the variant of a body and returns its lines ready for the matching parser. */
export function detectVariant(body: string): DetectedBody {
  const lines = body.split('\n');
  const headerAt = lines.slice(0, HEADER_WINDOW).findIndex((l) => LEGACY_HEADER.test(l));
  if (headerAt === -1) return { variant: 'markdown', lines: [body], heading: null, preamble: [], after: '', afterLine: 0 };

  let heading: string | null = null;
  let rawAt = -1;
  const preamble: string[] = [];
  lines.slice(0, headerAt).forEach((line, index) => {
    const h = /^##[ \t]+(.*?)[ \t#]*$/.exec(line);
    if (h && heading === null) heading = h[1] ?? '';
    else if (RAW_OPEN.test(line) && rawAt === -1) rawAt = index;
    else if (line.trim()) preamble.push(line.trim());
  });

  let end = lines.length;
  while (end > headerAt && (lines[end - 1] ?? '').trim() === '') end--;
  let variant: Variant = 'archive-first';
  let after = '';
  let afterLine = 0;
  // the wrapping pair: the opening tag before the header and the last closing tag after it (text may
  // follow it); any other {% endraw %} stays as text
  let closeAt = end - 1;
  if (rawAt !== -1) while (closeAt > headerAt && !RAW_CLOSE.test(lines[closeAt] ?? '')) closeAt--;
  if (rawAt !== -1 && closeAt > headerAt) {
    variant = 'archive';
    afterLine = closeAt + 1;
    while (afterLine < end && (lines[afterLine] ?? '').trim() === '') afterLine++;
    after = lines.slice(afterLine, end).join('\n');
    end = closeAt;
  } else if (rawAt !== -1) {
    preamble.push((lines[rawAt] ?? '').trim());
  }
  const bodyLines = lines.slice(headerAt, end).map((l) => (l.startsWith('\t') ? l.slice(1) : l));
  return { variant, lines: bodyLines, heading, preamble, after, afterLine };
}

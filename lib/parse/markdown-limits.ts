/**
 * Structural limits of a Markdown body, checked in one linear pass BEFORE the parse: micromark's
 * cost grows with more than the size (emphasis and bracket resolution is quadratic in the delimiters
 * of a paragraph, every line checks every open container, and one line of 4,000 nested list markers
 * took 30 s). A body over a limit is shown as plain text instead (bounded, no word lost). The limits
 * count bytes and characters only, never time, so the same bytes give the same record on any machine.
 *
 * The weights are calibrated on this parser (CPU time on a loaded 2-core machine): one unit is about
 * the cost of one byte of ordinary prose (~5 µs), so the budget keeps any accepted body under about 1 s of CPU.
 */

/** The largest Markdown body parsed as Markdown; larger ones are plain text. */
export const MAX_MARKDOWN_BYTES = 128 * 1024;
/** Container markers (`>`, list markers) that may open on one line. */
export const MAX_LINE_NESTING = 32;
/** The estimated cost, in units of one byte of prose, a body may have. */
export const MARKDOWN_BUDGET = 150_000;

/** A list or quote marker opening a container, at the start of what remains of a line. */
const CONTAINER = /^[ \t]{0,3}(?:>[ \t]?|(?:[-+*]|\d{1,9}[.)])(?:[ \t]+|$))/;
/** Emphasis, strikethrough and code-span delimiters: their matching is quadratic per paragraph. */
const DELIMITERS = /[*_~`]/g;
/** Link, image and autolink/HTML brackets. */
const BRACKETS = /[[\]<>]/g;

/** Units: a container marker costs as much as this many bytes of prose; each container open at a line this many. */
const MARKER_COST = 32;
const OPEN_CONTAINER_COST = 4;
/** A `|` may be a table cell: GFM table rows cost several times their bytes. */
const PIPE_COST = 12;

/** Why a Markdown body must not be parsed as Markdown, or null when it is within every limit. */
export function markdownLimitExceeded(markdown: string): string | null {
  if (markdown.length > MAX_MARKDOWN_BYTES) {
    return `the Markdown body is larger than ${MAX_MARKDOWN_BYTES / 1024} KB; shown as plain text`;
  }
  let units = markdown.length;
  let delimiters = 0;
  let brackets = 0;
  const closeParagraph = (): void => {
    units += (delimiters * delimiters) / 8 + (brackets * brackets) / 16;
    delimiters = 0;
    brackets = 0;
  };
  // content columns of the list items open at this line: each later line is checked against them
  const openItems: number[] = [];
  let previousBlank = false;
  let fence: string | null = null;
  for (let start = 0; start <= markdown.length;) {
    const end = markdown.indexOf('\n', start);
    const line = markdown.slice(start, end === -1 ? markdown.length : end);
    start = end === -1 ? markdown.length + 1 : end + 1;
    const indent = /^[ \t]*/.exec(line)?.[0].length ?? 0;
    let rest = line.slice(indent);
    if (rest === '') {
      previousBlank = true;
      if (fence === null) closeParagraph();
      continue;
    }
    let markers = 0;
    let quotes = 0;
    let column = indent;
    const opened: number[] = [];
    for (let m = CONTAINER.exec(rest); m && m[0].length > 0; m = CONTAINER.exec(rest)) {
      markers++;
      if (markers > MAX_LINE_NESTING) return `the Markdown nests more than ${MAX_LINE_NESTING} lists or quotes on one line; shown as plain text`;
      column += m[0].length;
      if (m[0].trimStart().startsWith('>')) quotes++;
      else opened.push(column);
      rest = rest.slice(m[0].length);
    }
    // a list item closes at a later item left of its content, or at text left of it after a blank line
    if (markers > 0 || previousBlank) while (openItems.length > 0 && (openItems.at(-1) as number) > indent) openItems.pop();
    openItems.push(...opened);
    previousBlank = false;
    units += markers * MARKER_COST + (openItems.length + quotes) * OPEN_CONTAINER_COST;
    // fenced code is read as text, without delimiters
    const fenceMark = /^(`{3,}|~{3,})/.exec(rest)?.[1];
    if (fence !== null) {
      if (fenceMark && fenceMark[0] === fence[0] && fenceMark.length >= fence.length) fence = null;
      continue;
    }
    if (fenceMark) {
      closeParagraph();
      fence = fenceMark;
      continue;
    }
    delimiters += rest.match(DELIMITERS)?.length ?? 0;
    brackets += rest.match(BRACKETS)?.length ?? 0;
    units += (rest.match(/\|/g)?.length ?? 0) * PIPE_COST;
  }
  closeParagraph();
  if (units > MARKDOWN_BUDGET) {
    return `the Markdown is too intricate to parse in bounded time (${Math.round(units).toLocaleString('en-US')} units of work estimated, at most ${MARKDOWN_BUDGET.toLocaleString('en-US')}: long runs of emphasis, brackets, table cells or nested lists); shown as plain text`;
  }
  return null;
}

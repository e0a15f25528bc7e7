/**
 * Reads the archive's plain-text body (variants a and b): the header fields, the applies-to list,
 * the closing `=====` block, `Additional query words:`, and the sections under headings underlined
 * with `=` (or old `Question:` / `Response:` labels). Section lines go through reflow().
 */
import { BODY_KIND, kindOfHeading, kindOfLabel } from '../section-kinds';
import { legacyDate, splitList, splitVersions, unique } from './field-values';
import { blocksText, reflow } from './reflow';
import type { ArticleRecord, Section } from './types';

/** The record fields the legacy body gives (`lastModified`: `09-AUG-2001` → `2001-08-09`, null when absent or unreadable). */
export interface LegacyBody extends Pick<ArticleRecord,
  'products' | 'versions' | 'operatingSystems' | 'keywords' | 'lastModified' | 'appliesTo' | 'technology' | 'queryWords' | 'sections'> {
  articleId: string | null;
  /** the raw `Last Modified:` value when it could not be read as a date */
  badDate: string | null;
}

const HEADER = /^(Article|Product\(s\)|Version\(s\)|Operating System\(s\)|Keyword\(s\)|Last Modified):[ \t]*(.*)$/;
const DASHED = /^\s*-{20,}\s*$/;
/** how many lines below the header the applies-to list may start */
const APPLIES_WINDOW = 12;
const CLOSING_RULE = /^\s*={20,}\s*$/;
const CLOSING_FIELD = /^([A-Za-z][A-Za-z ]{0,30}?)\s*:\s?(.*)$/;
const UNDERLINE = /^\s*=+\s*$/;
const CAPS_HEADING = /^[A-Z0-9][A-Z0-9 ,.'&()/:\-?!#+"]*$/;
/** a word and a colon opening a line: a label when the section-kinds table knows the word (`Question:`) */
const QA_LABEL = /^([A-Za-z]+)\s*:+\s*(.*)$/;
const QUERY_WORDS = /^\s*Additional query words\s*:(.*)$/i;

/** Is line i a heading underlined with `=` on line i+1? */
function isUnderlinedHeading(line: string, underline: string | undefined): boolean {
  if (underline === undefined || !UNDERLINE.test(underline)) return false;
  const text = line.trim();
  if (!text || UNDERLINE.test(text) || text.length > 80) return false;
  if (CAPS_HEADING.test(text) && /[A-Z]/.test(text)) return true;
  // mixed-case headings count when the underline is cut to their length
  return Math.abs(underline.trim().length - text.length) <= 2 && !/[.,;]$/.test(text);
}

/** Parses the legacy body lines (one leading tab already removed); never throws. */
export function parseLegacyBody(input: string[]): LegacyBody {
  const lines = input.map((l) => l.trimEnd());
  const out: LegacyBody = {
    articleId: null, products: [], versions: [], operatingSystems: [], keywords: [], lastModified: null, badDate: null,
    appliesTo: [], technology: [], queryWords: [], sections: [],
  };
  let i = 0;
  while (i < lines.length && lines[i] === '') i++;

  // 1. header fields
  for (let m = HEADER.exec(lines[i] ?? ''); m && i < lines.length; m = HEADER.exec(lines[++i] ?? '')) {
    const value = (m[2] ?? '').trim();
    switch (m[1]) {
      case 'Article': out.articleId = value.split(/\s+/)[0] || null; break;
      case 'Product(s)': out.products = splitList(value, /\s+\|\s+|\|/); break;
      case 'Version(s)': out.versions = splitVersions(value); break;
      case 'Operating System(s)': out.operatingSystems = splitList(value, /[|,]/); break;
      case 'Keyword(s)': out.keywords = splitList(value, /[\s,]+/); break;
      case 'Last Modified': out.lastModified = legacyDate(value); if (!out.lastModified && value) out.badDate = value; break;
    }
  }

  // 2. the applies-to list between dashed rules
  // (a few articles have stray lines between the header and the list: they stay in the body)
  let j = i;
  const window = Math.min(lines.length, i + APPLIES_WINDOW);
  while (j < window && !DASHED.test(lines[j] ?? '')) j++;
  const beforeApplies = lines.slice(i, j);
  if (j < window) {
    let k = j + 1;
    while (k < lines.length && lines[k] === '') k++;
    if (/applies to:?\s*$/i.test(lines[k] ?? '')) {
      let end = k + 1;
      while (end < lines.length && !DASHED.test(lines[end] ?? '')) end++;
      for (const line of lines.slice(k + 1, end)) {
        const text = line.trim();
        if (!text) continue;
        if (text.startsWith('- ') || !out.appliesTo.length) out.appliesTo.push(text.replace(/^-\s+/, ''));
        else out.appliesTo[out.appliesTo.length - 1] += ' ' + text;
      }
      if (end < lines.length) {
        lines.splice(i, end + 1 - i, ...beforeApplies);
      } else {
        out.appliesTo = []; // an unclosed list: read it all as body instead
      }
    }
  }

  // 3. the closing block: the trailing run of `=====` rules and `Name : value` fields
  let stop = lines.length;
  let t = lines.length - 1;
  let firstRule = -1;
  while (t >= i) {
    const line = lines[t] ?? '';
    if (line === '' || CLOSING_FIELD.test(line.trim())) { t--; continue; }
    if (CLOSING_RULE.test(line)) { firstRule = t; t--; continue; }
    break;
  }
  if (firstRule !== -1) {
    for (const line of lines.slice(firstRule + 1)) {
      const m = CLOSING_FIELD.exec(line.trim());
      if (!m) continue;
      const name = (m[1] ?? '').toLowerCase();
      const value = m[2] ?? '';
      // the header's Keyword(s) line is sometimes truncated or glued; the union loses nothing
      if (name === 'keywords') out.keywords = unique([...out.keywords, ...splitList(value, /[\s,]+/)]);
      else if (name === 'technology') out.technology = splitList(value, /[\s,]+/);
      else if (name === 'version') out.versions = unique([...out.versions, ...splitVersions(value)]);
      else if (name === 'additional query words') out.queryWords.push(...splitList(value, /\s+/));
      // Issue type, Solution Type, Hardware, Component…: kb tags, kept searchable with the keywords
      else out.keywords = unique([...out.keywords, ...splitList(value, /[\s,]+/)]);
    }
    stop = firstRule;
  }

  // 4. `Additional query words:` and the lines that continue it
  const body: string[] = [];
  for (let k = i; k < stop; k++) {
    const m = QUERY_WORDS.exec(lines[k] ?? '');
    if (!m) { body.push(lines[k] ?? ''); continue; }
    const words = [m[1] ?? ''];
    while (k + 1 < stop && (lines[k + 1] ?? '') !== '' && !CLOSING_RULE.test(lines[k + 1] ?? '')) words.push(lines[++k] ?? '');
    out.queryWords.push(...splitList(words.join(' '), /\s+/));
  }
  out.queryWords = unique(out.queryWords);

  // 5. sections
  out.sections = splitSections(body);
  return out;
}

/** Splits body lines at underlined headings and Question/Response labels, reflowing each section. */
function splitSections(lines: string[]): Section[] {
  const sections: Section[] = [];
  let current: { kind: string; heading: string; lines: string[] } = { kind: BODY_KIND, heading: '', lines: [] };
  let sawUnderlined = false;
  const close = (): void => {
    const blocks = reflow(current.lines);
    if (blocks.length || current.heading) sections.push({ kind: current.kind, heading: current.heading, text: blocksText(blocks), blocks });
  };
  for (let k = 0; k < lines.length; k++) {
    const line = lines[k] ?? '';
    if (isUnderlinedHeading(line, lines[k + 1])) {
      close();
      current = { kind: kindOfHeading(line.trim()), heading: line.trim(), lines: [] };
      sawUnderlined = true;
      k++;
      continue;
    }
    const qa = sawUnderlined ? null : QA_LABEL.exec(line);
    const qaKind = qa ? kindOfLabel(qa[1] ?? '') : undefined;
    if (qa && qaKind && (lines[k - 1] ?? '') === '') {
      close();
      current = { kind: qaKind, heading: line.slice(0, line.indexOf(':') + 1).replace(/:+$/, '').trim(), lines: [] };
      if (qa[2]) current.lines.push(qa[2]);
      continue;
    }
    current.lines.push(line);
  }
  close();
  return sections;
}

/**
 * One article file → its record and problems. Pure (no fs), deterministic, never throws.
 * Steps: decode-text → split-front-matter → front-matter-schema → detect-variant →
 * parse-legacy-body | parse-markdown-body → citations and error codes.
 *
 * Problem codes. Errors without a record (no page): empty-file, front-matter-language,
 * permalink-unsafe, no-id, parser-crash. Errors with a record (front matter ignored, body kept):
 * yaml-syntax, yaml-aliases, front-matter-unclosed. Warnings: invalid-utf8, control-chars, no-title,
 * front-matter-field, front-matter-not-mapping, bad-date, markdown-fallback.
 */
import { extractErrorCodes } from '../error-codes/index';
import { BODY_KIND } from '../section-kinds';
import { decodeEntities } from './decode-entities';
import { decodeText } from './decode-text';
import { detectVariant } from './detect-variant';
import { extractCitations } from './extract-citations';
import { type FrontMatter, fieldLine, pageFieldValues, readFrontMatter } from './front-matter-schema';
import { parseLegacyBody } from './parse-legacy-body';
import { parseMarkdownBody } from './parse-markdown-body';
import { checkPermalink, defaultPermalink, normalizePermalink } from './permalink';
import { blocksText } from './reflow';
import { splitFrontMatter } from './split-front-matter';
import type { ArticleRecord, ParseResult, Problem, Section, Severity } from './types';

const ID_PREFIX = /^\s*([A-Za-z]{1,3}\d{1,7})\s*:\s*/;
const VALID_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Parses one article; `source` is its path relative to the content folder. */
export function parseArticle(input: string | Uint8Array, source: string): ParseResult {
  const problems: Problem[] = [];
  const report = (line: number, code: string, message: string, severity: Severity = 'warning'): void => {
    problems.push({ file: source, line, code, message, severity });
  };
  try {
    return { record: parse(input, source, report), problems };
  } catch (error) {
    // A bug in a step must cost one article, not the build: report it with the file.
    report(1, 'parser-crash', `the parser failed on this file: ${error instanceof Error ? error.message : String(error)}`, 'error');
    return { record: null, problems };
  }
}

type Report = (line: number, code: string, message: string, severity?: Severity) => void;

function parse(input: string | Uint8Array, source: string, report: Report): ArticleRecord | null {
  const { text, repairs } = decodeText(input);
  for (const r of repairs) report(r.line, r.code, r.message);
  if (text.trim() === '') {
    report(1, 'empty-file', 'the file is empty', 'error');
    return null;
  }

  const split = splitFrontMatter(text);
  for (const p of split.problems) report(p.line, p.code, p.message, p.code === 'front-matter-not-mapping' ? 'warning' : 'error');
  if (split.refused) return null;
  let fields: FrontMatter = {};
  if (split.data) {
    const read = readFrontMatter(split.data);
    fields = read.fields;
    for (const p of read.problems) report(fieldLine(split.frontMatterText, p.field), 'front-matter-field', p.message);
  }

  const detected = detectVariant(split.body);
  const legacy = detected.variant === 'markdown' ? null : parseLegacyBody(detected.lines);
  const markdown = legacy ? null : parseMarkdownBody(detected.lines[0] ?? '');
  const sections: Section[] = legacy?.sections ?? markdown?.sections ?? [];
  if (markdown?.fallback) report(split.bodyLine, 'markdown-fallback', markdown.fallback);
  if (detected.after.trim()) {
    // what follows the archive's raw block is Markdown (Jekyll renders it so): its sections come last
    const added = parseMarkdownBody(detected.after);
    if (added.fallback) report(split.bodyLine + detected.afterLine, 'markdown-fallback', added.fallback);
    sections.push(...added.sections);
  }
  if (detected.preamble.length) {
    // text before the legacy header that we do not understand is shown, not dropped
    const blocks = [{ type: 'paragraph' as const, text: detected.preamble.join(' ') }];
    sections.unshift({ kind: BODY_KIND, heading: '', text: blocksText(blocks), blocks });
  }

  // title: front matter, else the body's heading (or Markdown h1), else the Article: line
  const bodyTitle = detected.heading ?? markdown?.h1 ?? null;
  let rawTitle = fields.title ?? '';
  if (!rawTitle) {
    rawTitle = bodyTitle ?? legacy?.articleId ?? '';
    report(split.bodyLine > 1 ? 2 : 1, 'no-title', rawTitle
      ? `no title in front matter; using "${rawTitle}" from the body`
      : 'no title in front matter or body; using the article ID');
  }
  const titlePrefix = ID_PREFIX.exec(rawTitle)?.[1] ?? ID_PREFIX.exec(bodyTitle ?? '')?.[1] ?? null;
  const title = decodeEntities(rawTitle.replace(ID_PREFIX, '').trim());

  const id = chooseId(fields, legacy?.articleId ?? null, titlePrefix);
  if (!id) {
    report(1, 'no-id', 'no article ID: give `id:` in front matter, an `Article:` line, or a `Q123456: ` title prefix', 'error');
    return null;
  }
  const numberMatch = /(\d+)$/.exec(id);
  const number = numberMatch ? Number(numberMatch[1]) : null;

  let permalink = defaultPermalink(id, number);
  if (fields.permalink !== undefined) {
    const checked = normalizePermalink(fields.permalink);
    if (!checked.ok) {
      report(fieldLine(split.frontMatterText, 'permalink'), 'permalink-unsafe', `permalink "${fields.permalink}" refused: ${checked.reason}`, 'error');
      return null;
    }
    permalink = checked.permalink;
  } else {
    const checked = checkPermalink(permalink);
    if (!checked.ok) {
      report(fieldLine(split.frontMatterText, 'id'), 'permalink-unsafe', `the permalink of ID ${id}, ${permalink}, is refused: ${checked.reason}`, 'error');
      return null;
    }
  }

  let lastModified = legacy?.lastModified ?? null;
  if (legacy?.badDate) report(lineOf(text, /^\tLast Modified:/m), 'bad-date', `Last Modified "${legacy.badDate}" is not a DD-MON-YYYY date; ignored`);
  if (fields.lastModified !== undefined) {
    lastModified = isoDate(fields.lastModified);
    if (!lastModified) report(fieldLine(split.frontMatterText, 'lastModified'), 'bad-date', `lastModified "${fields.lastModified}" is not a YYYY-MM-DD date; ignored`);
  }

  return {
    id,
    number,
    title: title || id,
    permalink,
    // every page field in PAGE_FIELDS order; lastModified, checked above, keeps its place in the order
    ...pageFieldValues(fields, legacy),
    lastModified,
    sections,
    errorCodes: extractErrorCodes({ title, sections }),
    cites: extractCitations(sections.map((s) => s.text), id),
    source,
    variant: detected.variant,
  };
}

/** The ID from front matter, the Article: line, the title prefix; digits alone get the Q prefix. */
function chooseId(fields: FrontMatter, articleLine: string | null, titlePrefix: string | null): string | null {
  for (const candidate of [fields.id, articleLine, titlePrefix, permalinkId(fields.permalink)]) {
    if (!candidate) continue;
    const id = /^\d+$/.test(candidate) ? `Q${candidate}` : candidate;
    if (VALID_ID.test(id)) return id;
  }
  return null;
}

/** `/kb/155/Q155738/` → `Q155738` (only for a Q-form last segment). */
function permalinkId(permalink: string | undefined): string | null {
  const last = permalink?.split('/').filter(Boolean).pop();
  return last && /^Q\d+$/.test(last) ? last : null;
}

function isoDate(value: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value ? value : null;
}

function lineOf(text: string, pattern: RegExp): number {
  const m = pattern.exec(text);
  return m ? text.slice(0, m.index).split('\n').length : 1;
}

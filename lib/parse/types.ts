/**
 * The article record: the contract between the parser, the pages, the search index and the CLI.
 * Everything here is plain JSON (it is cached under .cache/ and stored under .kb/store/).
 */
import type { RootContent as HastContent } from 'hast';
import type { ErrorCodeMention } from '../error-codes/types';
import type { SectionKind } from '../section-kinds';
import type { PageFields } from './front-matter-schema';

/** Which input format an article came in. */
export type Variant =
  /** the archive as published: `permalink: /kb/155/Q155738/`, body inside `{% raw %}` … `{% endraw %}` */
  | 'archive'
  /** the archive's first format: `permalink: kb/155/Q155738/`, no raw tags */
  | 'archive-first'
  /** an article written today: front matter fields plus CommonMark with `## Symptoms`… headings */
  | 'markdown';

/** One renderable block of a section. Text is plain text: the renderer escapes it. */
export type Block =
  | { type: 'paragraph'; text: string }
  /** code listings, ASCII tables, diagrams, indented blocks: shown exactly, in a scrolling <pre> */
  | { type: 'preformatted'; text: string }
  | { type: 'list'; ordered: boolean; start?: number; items: string[] }
  /** a sub-heading inside a section (e.g. a line underlined with `-`) */
  | { type: 'heading'; text: string }
  /** Markdown articles: sanitized hast (no raw HTML, no dangerous URLs), rendered as is */
  | { type: 'hast'; nodes: HastContent[] };

export interface Section {
  /**
   * the heading in lower-case kebab form: `symptoms`, `more-information`; `body` for text under no
   * heading. Any heading makes a kind; what the known ones mean is lib/section-kinds.ts's table.
   */
  kind: SectionKind | (string & {});
  /** the heading as written (`SYMPTOMS`, `Symptoms`); empty for `body` */
  heading: string;
  /** the section's plain text (search, snippets, error-code extraction) */
  text: string;
  /** what the page renders */
  blocks: Block[];
}

export type { ErrorCodeMention, ErrorFamily } from '../error-codes/types';

/**
 * The record of one article. Its page fields (products, versions, operatingSystems, keywords,
 * lastModified, appliesTo, technology, queryWords) are declared once, in PAGE_FIELDS
 * (front-matter-schema.ts), and their types come from there.
 */
export interface ArticleRecord extends PageFields {
  /** `Q155738` */
  id: string;
  /** the article number (155738), used for aliases and ID search; null when the id has no number */
  number: number | null;
  /** without the `Q155738: ` prefix, HTML entities decoded exactly once */
  title: string;
  /** always with leading and trailing slash: `/kb/155/Q155738/` */
  permalink: string;
  sections: Section[];
  errorCodes: ErrorCodeMention[];
  /** article IDs cited in the text (`Q123456`), first mention first, without the article itself */
  cites: string[];
  /** path of the source file relative to the content folder, with `/` separators */
  source: string;
  variant: Variant;
}

export type Severity = 'error' | 'warning';

/**
 * A record without its sections' content (their kinds only) and without the page fields no list
 * reads (SUMMARY_FIELDS): what lists, cross references, dedupe and the search index's doc table need
 * of an article. The build's main thread gets these from the parse
 * threads (load.ts onSummary); the sections are ~90 % of a record's bytes and stay in the record cache.
 */
export type RecordSummary = Pick<ArticleRecord, SummaryField> & { sections: Pick<Section, 'kind'>[] };

/**
 * The fields of a record its summary keeps, in the order a summary's JSON has them. The other page
 * fields (versions, operating systems, keywords, applies-to, technology, query words) and the variant
 * are read from the record itself by the pages, and their words reach the search index as terms: a
 * summary without them is ~23 % fewer bytes of JSON for every known article in a rebuild's load.
 */
export const SUMMARY_FIELDS = ['id', 'number', 'title', 'permalink', 'products', 'lastModified', 'errorCodes', 'cites', 'source'] as const satisfies readonly (keyof ArticleRecord)[];

export type SummaryField = (typeof SUMMARY_FIELDS)[number];

/** A problem found in an input file. `line` is 1-based in the real file, front matter included. */
export interface Problem {
  file: string;
  line: number;
  code: string;
  message: string;
  severity: Severity;
}

/** What parsing one file gives: a record (unless the file cannot become a page) and its problems. */
export interface ParseResult {
  record: ArticleRecord | null;
  problems: Problem[];
}

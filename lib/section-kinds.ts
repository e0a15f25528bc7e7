/**
 * The one table of section kinds: for each kind of article section, which headings and labels open
 * it (the parsers), which search field its words go into and which excerpt a result shows first
 * (lib/search), which section the similar-articles signature reads (lib/related), and how a search
 * result names it (client/search-page.ts). Every one of them asks this table; none keeps a list.
 *
 * A section's kind is the kebab form of its heading (`MORE INFORMATION` → `more-information`), so any
 * heading makes a kind; the table lists the kinds that mean more than their words. A kind not in the
 * table is searched in `rest`, excerpted after every ranked kind, and named by its words.
 *
 * Isomorphic (no fs, no remark, no imports): the browser's search bundle imports it.
 */

export interface SectionKindSpec {
  /** how a search result names the part of the article it matched ("matched in more information") */
  label: string;
  /** the search field its words (and the error codes found in it) go into: `lead` ranks above `rest` */
  field: 'lead' | 'rest';
  /** the order in which a result's excerpt prefers sections (1 first); absent: after every ranked kind */
  excerptRank?: number;
  /** the order in which the similar-articles signature looks for its lead text (1 first); absent: never */
  similarRank?: number;
  /** old `Question:`-style labels (lower case, before the first underlined heading) that open this kind */
  labels?: readonly string[];
  /** headings (underlined, or `##` in Markdown) that mean this kind although their kebab form is another */
  headings?: readonly RegExp[];
}

/** The kinds that mean something: one line each. */
export const SECTION_KINDS = {
  /** text under no heading */
  body: { label: 'text', field: 'rest', excerptRank: 6 },
  summary: { label: 'summary', field: 'lead', excerptRank: 1, similarRank: 2 },
  symptoms: { label: 'symptoms', field: 'lead', excerptRank: 2, similarRank: 1 },
  cause: { label: 'cause', field: 'rest', excerptRank: 3 },
  resolution: { label: 'resolution', field: 'rest', excerptRank: 4 },
  'more-information': { label: 'more information', field: 'rest', excerptRank: 5 },
  question: { label: 'question', field: 'rest', labels: ['question'] },
  response: { label: 'response', field: 'rest', labels: ['response', 'answer'] },
  problem: { label: 'problem', field: 'rest', labels: ['problem'] },
  solution: { label: 'solution', field: 'rest', labels: ['solution'] },
} as const satisfies Record<string, SectionKindSpec>;

/** A kind the table knows. */
export type SectionKind = keyof typeof SECTION_KINDS;

/** The kind of the text under no heading. */
export const BODY_KIND = 'body' satisfies SectionKind;

/** The table as it is at each call (the tests add a kind to it); read with for…in: no array per call. */
const TABLE = SECTION_KINDS as Record<string, SectionKindSpec>;

/** The table's entry for a kind, if it has one (own keys only: a heading may be `constructor`). */
export function sectionKind(kind: string): SectionKindSpec | undefined {
  return Object.hasOwn(TABLE, kind) ? TABLE[kind] : undefined;
}

/** `MORE INFORMATION` → `more-information` (`section` when nothing is left). */
export function kebab(heading: string): string {
  return heading.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'section';
}

/** The kind a heading opens: a kind whose `headings` match it, else its kebab form. */
export function kindOfHeading(heading: string): string {
  for (const kind in TABLE) if (TABLE[kind]?.headings?.some((re) => re.test(heading))) return kind;
  return kebab(heading);
}

/** The kind an old `Question:`-style label opens (any case), or undefined when it is no label. */
export function kindOfLabel(word: string): string | undefined {
  const label = word.toLowerCase();
  for (const kind in TABLE) if (TABLE[kind]?.labels?.includes(label)) return kind;
  return undefined;
}

/** The search field a section of this kind feeds. */
export function searchFieldOf(kind: string): 'lead' | 'rest' {
  return sectionKind(kind)?.field ?? 'rest';
}

/** Sort key of a kind for excerpts: lower first; kinds without a rank after all others. */
export function excerptRankOf(kind: string): number {
  return sectionKind(kind)?.excerptRank ?? Number.MAX_SAFE_INTEGER;
}

/** The kinds the similar-articles signature looks for, first choice first. */
export function similarKinds(): string[] {
  return Object.keys(TABLE)
    .filter((kind) => TABLE[kind]?.similarRank !== undefined)
    .sort((a, b) => (TABLE[a]?.similarRank ?? 0) - (TABLE[b]?.similarRank ?? 0));
}

/** How a search result names a kind: its label, else its words (`title` for a title match). */
export function sectionLabel(kind: string): string {
  return sectionKind(kind)?.label ?? kind.replace(/-/g, ' ');
}

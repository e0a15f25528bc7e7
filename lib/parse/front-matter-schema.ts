/**
 * Front matter as written (RawFrontMatter, validated with zod) → normalized fields, and PAGE_FIELDS:
 * the one declaration of each page field (name, validation, record type, how the page shows it).
 * Each field is checked on its own: one bad field gives a warning naming it, the rest is kept.
 */
import { z } from 'zod';

const text = z.union([z.string(), z.number()]).transform((v) => String(v).trim());
const list = z
  .union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))])
  .transform((v) => (Array.isArray(v) ? v.map((x) => String(x).trim()) : splitList(String(v))).filter((x) => x !== ''));
const words = z
  .union([z.string(), z.array(z.union([z.string(), z.number()]))])
  .transform((v) => (Array.isArray(v) ? v.map((x) => String(x).trim()) : v.split(/[\s,]+/)).filter((x) => x !== ''));
const date = z.union([z.string(), z.date()]).transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v.trim()));

/**
 * How the article page shows a page field: as a row of the folded details list under this term
 * (`{ details }`: drawn from this table, nothing else to write), not at all (null), or by code of its
 * own in lib/render/article-page.ts: in the facts line under the title (`facts`) or the applies-to
 * block (`applies-to`); those two say where that code puts it, they draw nothing themselves.
 */
export type FieldDisplay = 'facts' | 'applies-to' | { details: string } | null;

/** A list field: `read` validates its front matter value (null: never in front matter, the legacy body gives it). */
const listField = (read: typeof list | typeof words | null, show: FieldDisplay) => ({ read, show, empty: (): string[] => [] });
/** A date field (ISO `YYYY-MM-DD`, or null when the article gives none; parse-article checks the date). */
const dateField = (show: FieldDisplay) => ({ read: date, show, empty: (): string | null => null });

/**
 * The page fields: the one place a field of the record that an article's front matter (or, for the
 * archive, its legacy body) gives is declared. Its name, its validation, its type in ArticleRecord
 * (PageFields, derived below), how the page shows it. The order is the record's (JSON key order).
 * A searchable field also needs a line in lib/search/field-terms.ts.
 */
export const PAGE_FIELDS = {
  products: listField(list, 'facts'),
  versions: listField(list, 'facts'),
  operatingSystems: listField(list, 'facts'),
  keywords: listField(words, { details: 'Keywords' }),
  /** ISO date `2001-08-09`, or null when the article gives none */
  lastModified: dateField('facts'),
  appliesTo: listField(list, 'applies-to'),
  /** from front matter, or the closing block's `Technology :` line */
  technology: listField(words, { details: 'Technology' }),
  /** from `Additional query words:` (legacy body only) */
  queryWords: listField(null, { details: 'Additional query words' }),
} as const;

type PageFieldSpecs = typeof PAGE_FIELDS;
export type PageFieldName = keyof PageFieldSpecs;

/** The record's page fields, typed from their declarations. */
export type PageFields = { -readonly [K in PageFieldName]: ReturnType<PageFieldSpecs[K]['empty']> };

type FrontMatterFieldName = { [K in PageFieldName]: PageFieldSpecs[K]['read'] extends null ? never : K }[PageFieldName];

/** The page fields read from front matter, each with its validator. */
type FrontMatterReaders = { [K in FrontMatterFieldName]: NonNullable<PageFieldSpecs[K]['read']> };

/** What names the article (not page fields: parse-article checks and uses them itself). */
const IDENTITY_FIELDS = { id: text, title: text, permalink: z.string() } as const;

/** The fields we read (the identity fields and the page fields with a validator); anything else in front matter (layout, …) is ignored. */
type Fields = typeof IDENTITY_FIELDS & FrontMatterReaders;
export type FrontMatter = { [K in keyof Fields]?: z.output<Fields[K]> };

/** The page fields of a record: front matter first, else `fallback` (the legacy body), else empty. */
export function pageFieldValues(fields: FrontMatter, fallback: Partial<PageFields> | null): PageFields {
  const out: Record<string, unknown> = {};
  for (const name in PAGE_FIELDS) {
    out[name] = (fields as Record<string, unknown>)[name] ?? fallback?.[name as PageFieldName] ?? PAGE_FIELDS[name as PageFieldName].empty();
  }
  return out as PageFields;
}

/** Every page field empty, in table order: for records built by hand (tests), so a new field needs no edit there. */
export function emptyPageFields(): PageFields {
  return pageFieldValues({}, null);
}

export interface FieldProblem {
  field: string;
  message: string;
}

/** `a, b, c` → [a, b, c]; a single value without commas is one item. */
function splitList(value: string): string[] {
  return value.split(',').map((s) => s.trim());
}

/** Validates each known field of a front matter mapping; bad fields are dropped with a problem. */
export function readFrontMatter(data: Record<string, unknown>): { fields: FrontMatter; problems: FieldProblem[] } {
  const fields: Record<string, unknown> = Object.create(null);
  const problems: FieldProblem[] = [];
  const read = (name: string, schema: z.ZodType): void => {
    if (!Object.hasOwn(data, name)) return;
    const value = data[name];
    if (value === null || value === undefined) return;
    const parsed = schema.safeParse(value);
    if (parsed.success) fields[name] = parsed.data;
    else problems.push({ field: name, message: `front matter field "${name}" has the wrong type (${describe(value)}); ignored` });
  };
  // PAGE_FIELDS as it is at each call (the tests add a field to it); for…in: no array per call, ~1 µs
  for (const name in IDENTITY_FIELDS) read(name, IDENTITY_FIELDS[name as keyof typeof IDENTITY_FIELDS]);
  for (const name in PAGE_FIELDS) {
    const schema = PAGE_FIELDS[name as PageFieldName].read;
    if (schema) read(name, schema);
  }
  return { fields: fields as FrontMatter, problems };
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list of other things';
  return value === null ? 'null' : typeof value === 'object' ? 'a mapping' : typeof value;
}

/** Finds the 1-based file line of a top-level front matter key (front matter starts on line 2). */
export function fieldLine(frontMatterText: string, field: string): number {
  const lines = frontMatterText.split('\n');
  const index = lines.findIndex((l) => l.startsWith(`${field}:`) || l.startsWith(`"${field}":`) || l.startsWith(`'${field}':`));
  return index === -1 ? 1 : index + 2;
}

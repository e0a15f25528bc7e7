/**
 * SiteData: everything the site needs about the whole archive (lists, counts, cross references)
 * without the articles' text. Built from records as they stream past, so only slim metadata is kept.
 * Plain JSON; types only are safe for client code to import.
 */
import type { CodeIdentity } from '../error-codes/types';
import type { ArticleRecord, RecordSummary } from '../parse/types';
import { createSimilarCollector, similarSignature, type NumberedSignature, type SimilarInput, type SimilarSignature } from '../related/similar';
import { asciiJson } from './read-text';

/** What lists and links need about one article. */
export interface ArticleMeta extends Pick<ArticleRecord, 'id' | 'number' | 'title' | 'permalink' | 'products' | 'lastModified' | 'source'> {
  /** IDs this article cites (present in the site or not) */
  cites: string[];
  /** error-code keys it mentions */
  errorCodes: string[];
  /** its section kinds, in order */
  kinds: string[];
}

export interface ProductEntry {
  name: string;
  /** `/product/<slug>/` */
  slug: string;
  count: number;
}

export interface ErrorIndexEntry extends Omit<CodeIdentity, 'key'> {
  /** articles mentioning the code: those with it in the title first, then in path order */
  articles: { id: string; inTitle: boolean }[];
  /**
   * the spellings the articles wrote it in (`error 10038`, `WSAENOTSOCK`), the most articles first;
   * forms differing only in case or spacing count as one, shown as most articles wrote it
   */
  spellings: string[];
}

/** Spellings kept per code: enough to show how people wrote it, not every variant of a common one. */
export const MAX_SPELLINGS = 12;

export interface SiteTotals {
  articles: number;
  products: number;
  errorCodes: number;
  /** citation links between articles of the site */
  citations: number;
  /** articles having a section of each kind */
  sectionKinds: Record<string, number>;
  /** articles with no section but `body` (text under no heading) */
  withoutHeadings: number;
}

export interface SiteData {
  /** in sorted source-path order */
  articles: ArticleMeta[];
  byPermalink: Record<string, string>;
  /** by count, most first */
  products: ProductEntry[];
  years: Record<string, number>;
  /** id → IDs of the articles citing it, in path order (only for cited articles of the site) */
  citedBy: Record<string, string[]>;
  errorIndex: Record<string, ErrorIndexEntry>;
  /** id → the most similar articles of its product, best first (lib/related/similar.ts); absent when none */
  similar: Record<string, string[]>;
  totals: SiteTotals;
}

/** Product slug: the name in lower-case kebab form (`Microsoft Windows NT` → `microsoft-windows-nt`). */
export function productSlug(name: string): string {
  const slug = name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
    .replace(/\+/g, ' plus ').replace(/#/g, ' sharp ').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '');
  return slug || 'product';
}

/** The slim metadata of a record. */
export function metaOf(record: RecordSummary): ArticleMeta {
  return {
    id: record.id, number: record.number, title: record.title, permalink: record.permalink,
    products: record.products, lastModified: record.lastModified, cites: record.cites,
    errorCodes: record.errorCodes.map((c) => c.key), source: record.source, kinds: record.sections.map((s) => s.kind),
  };
}

/** Collects SiteData from records fed in sorted path order; keeps no article text. */
/**
 * `add(record, signature)`: the record's similarSignature() when computed elsewhere (the parse
 * workers); with it, the record's summary is enough.
 */
export interface SiteDataBuilder {
  add(record: ArticleRecord, signature?: SimilarSignature): void;
  add(record: RecordSummary, signature: SimilarSignature): void;
  /**
   * a record's summary with its signature in a parse thread's term numbers and that thread's numbers
   * → the build's shared ones (the search index's: SearchIndexBuilder.termNumbers), or null when the
   * signature is in the shared numbers already
   */
  addNumbered(record: RecordSummary, signature: NumberedSignature, toShared: readonly number[] | null): void;
  finish(): SiteData;
  /**
   * The site data without its similar articles, and what they are computed from (similar.ts
   * similarOfInput: the build computes them on another thread meanwhile); siteDataText puts the two together.
   */
  finishApart(): { site: Omit<SiteData, 'similar'>; similar: SimilarInput };
}

export function createSiteDataBuilder(): SiteDataBuilder {
  const articles: ArticleMeta[] = [];
  const titleCodes = new Map<string, Set<string>>(); // id → codes found in its title
  const codes = new Map<string, Omit<ErrorIndexEntry, 'articles' | 'spellings'>>();
  const spellings = new Map<string, SpellingTally>();
  const similar = createSimilarCollector();
  const addSummary = (record: RecordSummary): void => {
    articles.push(metaOf(record));
    const inTitle = record.errorCodes.filter((c) => c.where.includes('title')).map((c) => c.key);
    if (inTitle.length) titleCodes.set(record.id, new Set(inTitle));
    for (const c of record.errorCodes) {
      if (!codes.has(c.key)) codes.set(c.key, { name: c.name, family: c.family, value: c.value });
      let tally = spellings.get(c.key);
      if (!tally) spellings.set(c.key, (tally = new Map()));
      countSpellings(tally, c.spellings);
    }
  };
  return {
    add(record: RecordSummary, signature?: SimilarSignature) {
      addSummary(record);
      similar.add(signature ?? similarSignature(record as ArticleRecord));
    },
    addNumbered(record, signature, toShared) {
      addSummary(record);
      similar.addNumbered(signature, toShared);
    },
    finish() {
      const site = assembleSiteData(articles, titleCodes, codes);
      for (const [key, entry] of Object.entries(site.errorIndex)) entry.spellings = topSpellings(spellings.get(key));
      site.similar = similar.finish();
      return site;
    },
    finishApart() {
      const { similar: _none, ...site } = assembleSiteData(articles, titleCodes, codes);
      for (const [key, entry] of Object.entries(site.errorIndex)) entry.spellings = topSpellings(spellings.get(key));
      return { site, similar: similar.input() };
    },
  };
}

/** site.json's text of site data finished apart (siteDataText). */
export interface SiteText {
  /** writes the text around the similar articles as ASCII JSON now (the build does it while the similar articles are computed) */
  prepare(): void;
  /** the whole text as ASCII JSON (read-text.ts asciiJson of JSON.stringify of the whole, the same value), once the similar articles are known */
  text(similar: SiteData['similar']): string;
}

/**
 * site.json's text of site data finished apart, once its similar articles are known. The JSON is made
 * now and the site data can go meanwhile; its escaping to ASCII, ~0.3 s at 60k articles, can come
 * later, while the build waits for the similar articles.
 */
export function siteDataText(site: Omit<SiteData, 'similar'>): SiteText {
  // the keys in SiteData's order: similar comes just before totals, the last
  const { totals, ...head } = site;
  let before = `${JSON.stringify(head).slice(0, -1)},"similar":`;
  let after = `,"totals":${JSON.stringify(totals)}}`;
  let ascii = false;
  const prepare = (): void => {
    if (ascii) return;
    [before, after, ascii] = [asciiJson(before), asciiJson(after), true];
  };
  return {
    prepare,
    text(similar) {
      prepare();
      return `${before}${asciiJson(JSON.stringify(similar))}${after}`;
    },
  };
}

/** One code's spellings: folded form → articles per written form. */
type SpellingTally = Map<string, Map<string, number>>;

/** Counts one article's spellings of a code (each folded form once per article). */
function countSpellings(tally: SpellingTally, written: readonly string[]): void {
  const seen = new Set<string>();
  for (const raw of written) {
    const form = raw.replace(/\s+/g, ' ').trim();
    const folded = form.toLowerCase();
    if (!form || seen.has(folded)) continue;
    seen.add(folded);
    let forms = tally.get(folded);
    if (!forms) tally.set(folded, (forms = new Map()));
    forms.set(form, (forms.get(form) ?? 0) + 1);
  }
}

/** The spellings most articles used, each in the form most of them wrote; ties in code-point order. */
function topSpellings(tally: SpellingTally | undefined): string[] {
  if (!tally) return [];
  const rows = [...tally.values()].map((forms) => {
    let total = 0;
    let best = '';
    let bestCount = -1;
    for (const [form, n] of forms) {
      total += n;
      if (n > bestCount || (n === bestCount && compare(form, best) < 0)) [best, bestCount] = [form, n];
    }
    return { form: best, total };
  });
  return rows.sort((a, b) => b.total - a.total || compare(a.form, b.form)).slice(0, MAX_SPELLINGS).map((r) => r.form);
}

function assembleSiteData(
  articles: ArticleMeta[],
  titleCodes: Map<string, Set<string>>,
  codes: Map<string, Omit<ErrorIndexEntry, 'articles' | 'spellings'>>,
): SiteData {
  // null-prototype maps: keys come from article files (an ID could be `__proto__`)
  const byPermalink: Record<string, string> = Object.create(null);
  const productCounts = new Map<string, number>();
  const years = new Map<string, number>();
  const present = new Set(articles.map((a) => a.id));
  const citedBy = new Map<string, string[]>();
  const codeArticles = new Map<string, { id: string; inTitle: boolean }[]>();
  const kinds = new Map<string, number>();
  let citations = 0;
  let withoutHeadings = 0;
  for (const a of articles) {
    byPermalink[a.permalink] = a.id;
    for (const p of new Set(a.products)) productCounts.set(p, (productCounts.get(p) ?? 0) + 1);
    if (a.lastModified) years.set(a.lastModified.slice(0, 4), (years.get(a.lastModified.slice(0, 4)) ?? 0) + 1);
    for (const cited of a.cites) {
      if (!present.has(cited) || cited === a.id) continue;
      citations++;
      const list = citedBy.get(cited) ?? [];
      list.push(a.id);
      citedBy.set(cited, list);
    }
    for (const key of a.errorCodes) {
      const list = codeArticles.get(key) ?? [];
      list.push({ id: a.id, inTitle: titleCodes.get(a.id)?.has(key) ?? false });
      codeArticles.set(key, list);
    }
    const own = new Set(a.kinds);
    for (const k of own) kinds.set(k, (kinds.get(k) ?? 0) + 1);
    if ([...own].every((k) => k === 'body')) withoutHeadings++;
  }
  const products = assignSlugs([...productCounts].sort((x, y) => y[1] - x[1] || compare(x[0], y[0])));
  const errorIndex: Record<string, ErrorIndexEntry> = Object.create(null);
  for (const key of [...codes.keys()].sort(compare)) {
    const list = codeArticles.get(key) ?? [];
    // stable sort: title mentions first, path order kept within each group
    const sorted = [...list.filter((x) => x.inTitle), ...list.filter((x) => !x.inTitle)];
    errorIndex[key] = { ...(codes.get(key) as Omit<ErrorIndexEntry, 'articles' | 'spellings'>), articles: sorted, spellings: [] };
  }
  return {
    articles,
    byPermalink,
    products,
    years: sortedRecord(years),
    citedBy: sortedRecord(citedBy),
    errorIndex,
    similar: Object.create(null) as Record<string, string[]>,
    totals: {
      articles: articles.length, products: products.length, errorCodes: codes.size, citations,
      sectionKinds: sortedRecord(kinds), withoutHeadings,
    },
  };
}

/** Slugs in count order; a later product whose slug is taken gets `-2`, `-3`… */
function assignSlugs(entries: [string, number][]): ProductEntry[] {
  const taken = new Set<string>();
  return entries.map(([name, count]) => {
    const base = productSlug(name);
    let slug = base;
    for (let i = 2; taken.has(slug); i++) slug = `${base}-${i}`;
    taken.add(slug);
    return { name, slug, count };
  });
}

function sortedRecord<T>(map: Map<string, T>): Record<string, T> {
  const out: Record<string, T> = Object.create(null);
  for (const key of [...map.keys()].sort(compare)) out[key] = map.get(key) as T;
  return out;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}


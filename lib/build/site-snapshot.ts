/**
 * What the pages step keeps of the site data it drew from, so that a rebuild whose site data changed
 * only in its similar articles (an article's text edited, its title, products, dates, citations and
 * codes as they were) tells the pages to check without parsing site.json (25 MB at 60k articles):
 *
 * - site.json is `prefix + similar + suffix` (site-data.ts siteDataText: `"similar":` comes just
 *   before `"totals"`, the last key). The snapshot keeps a digest of the prefix and of the suffix and
 *   the similar articles' text; a rebuild hashes its prefix and suffix (no parse) and, when both are
 *   equal, parses only the similar articles (3 MB) to find the IDs whose list changed;
 * - where each entry of the prefix is (each article's metadata, each `citedBy` and `errorIndex`
 *   entry, the products), so that the pages to draw get their lookups answered from the few entries
 *   they ask (`partialSite`): an equal prefix is at the same bytes;
 * - the store's pack index (articles.index.json) and pack name, so that the records that changed are
 *   the places that changed.
 */
import { createHash } from 'node:crypto';
import { closeSync, copyFileSync, linkSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SiteLike, SiteArticleMeta } from '../render/site-context';
import type { ArticleMeta, ProductEntry } from './site-data';
import { idKey, permalinkKey } from './load-dedupe';
import { asciiJson, decodeText, readAt } from './read-text';
import { parseLookupName, type Lookup, type SiteSnapshot, type SnapshotFiles } from './page-inputs';
import { packIndexFile } from './store-paths';

/** A byte range [start, end) of site.json. */
export type Range = [start: number, end: number];

/** Where the entries of site.json are (scanSite). */
export interface SiteEntries {
  /** each article's metadata, in path order: its ID, permalink and bytes */
  articles: [id: string, permalink: string, start: number, end: number][];
  products: Range;
  citedBy: Record<string, Range>;
  errorIndex: Record<string, Range>;
  /** the similar articles' value (`{…}`): what lies between the prefix and the suffix */
  similar: Range;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** The index after the string opening at `at` (its quote). */
function stringEnd(bytes: Uint8Array & { indexOf(value: number, from: number): number }, at: number): number {
  for (let i = at + 1; ;) {
    const quote = bytes.indexOf(QUOTE, i);
    if (quote < 0) throw new Error('site.json: a string does not end');
    let slashes = 0;
    while (bytes[quote - 1 - slashes] === BACKSLASH) slashes++;
    if (slashes % 2 === 0) return quote + 1;
    i = quote + 1;
  }
}

/** The index after the JSON value starting at `at` (written by JSON.stringify: no white space). */
function valueEnd(bytes: Buffer, at: number): number {
  const first = bytes[at];
  if (first === QUOTE) return stringEnd(bytes, at);
  if (first === 0x7b || first === 0x5b) {
    let depth = 0;
    for (let i = at; i < bytes.length; i++) {
      const c = bytes[i];
      if (c === QUOTE) i = stringEnd(bytes, i) - 1;
      else if (c === 0x7b || c === 0x5b) depth++;
      else if ((c === 0x7d || c === 0x5d) && --depth === 0) return i + 1;
    }
    throw new Error('site.json: a value does not end');
  }
  let i = at;
  while (i < bytes.length && bytes[i] !== 0x2c && bytes[i] !== 0x7d && bytes[i] !== 0x5d) i++;
  return i;
}


/** The members of the object at `at`: key → value range, in order; `end` the index after it. */
function members(bytes: Buffer, at: number, each: (key: string, start: number, end: number) => void): number {
  if (bytes[at] !== 0x7b) throw new Error('site.json: an object was expected');
  let i = at + 1;
  while (bytes[i] !== 0x7d) {
    const keyEnd = stringEnd(bytes, i);
    const key = JSON.parse(decodeText(bytes, i, keyEnd)) as string;
    if (bytes[keyEnd] !== 0x3a) throw new Error('site.json: a colon was expected');
    const end = valueEnd(bytes, keyEnd + 1);
    each(key, keyEnd + 1, end);
    i = bytes[end] === 0x2c ? end + 1 : end;
  }
  return i + 1;
}

/**
 * Where the entries of site.json's bytes are. `articles`: the site data's articles as parsed (their
 * IDs and permalinks name the ranges, element by element). Throws when the text is not laid out as
 * siteDataText writes it (similar articles before the totals, the last key).
 */
export function scanSite(bytes: Buffer, articles: readonly Pick<SiteArticleMeta, 'id' | 'permalink'>[]): SiteEntries {
  const entries: SiteEntries = { articles: [], products: [0, 0], citedBy: Object.create(null), errorIndex: Object.create(null), similar: [0, 0] };
  const keys: string[] = [];
  members(bytes, 0, (key, start, end) => {
    keys.push(key);
    if (key === 'articles') {
      let i = start + 1;
      for (let n = 0; bytes[i] !== 0x5d; n++) {
        const meta = articles[n];
        if (!meta) throw new Error('site.json: more articles than the site data has');
        const after = valueEnd(bytes, i);
        entries.articles.push([meta.id, meta.permalink, i, after]);
        i = bytes[after] === 0x2c ? after + 1 : after;
      }
    } else if (key === 'products') entries.products = [start, end];
    else if (key === 'similar') entries.similar = [start, end];
    else if (key === 'citedBy' || key === 'errorIndex') {
      const into = entries[key];
      members(bytes, start, (k, s, e) => { into[k] = [s, e]; });
    }
  });
  if (entries.articles.length !== articles.length || keys.at(-2) !== 'similar' || keys.at(-1) !== 'totals') {
    throw new Error(`site.json is not laid out as the pages step reads it (keys ${keys.join(', ')})`);
  }
  return entries;
}

/**
 * SiteEntries as text, one entry a line, for a rebuild that asks a few of them (EntryIndex): `a`
 * (an article: idKey, permalinkKey, permalink), `c` (citedBy), `e` (errorIndex), `p` (the products),
 * names as JSON, then the entry's bytes.
 */
export function formatEntries(entries: SiteEntries): string {
  let out = `\np\t${entries.products[0]}\t${entries.products[1]}\n`;
  for (const [id, permalink, start, end] of entries.articles) {
    out += `a\t${JSON.stringify(idKey(id))}\t${JSON.stringify(permalinkKey(permalink))}\t${JSON.stringify(permalink)}\t${start}\t${end}\n`;
  }
  for (const [key, [start, end]] of Object.entries(entries.citedBy)) out += `c\t${JSON.stringify(key)}\t${start}\t${end}\n`;
  for (const [key, [start, end]] of Object.entries(entries.errorIndex)) out += `e\t${JSON.stringify(key)}\t${start}\t${end}\n`;
  return out;
}

/** formatEntries's text, asked line by line (indexOf: the text is not split). */
export class EntryIndex {
  constructor(private readonly text: string) {}

  /** The fields after `head` of every line starting with it. */
  private lines(head: string): string[][] {
    const found: string[][] = [];
    const needle = `\n${head}`;
    for (let at = this.text.indexOf(needle); at >= 0; at = this.text.indexOf(needle, at + 1)) {
      const end = this.text.indexOf('\n', at + 1);
      found.push(this.text.slice(at + needle.length, end < 0 ? undefined : end).split('\t'));
    }
    return found;
  }

  /** The articles whose ID is `id` but for case, in path order: permalink and bytes. */
  articles(id: string): [permalink: string, start: number, end: number][] {
    return this.lines(`a\t${JSON.stringify(idKey(id))}\t`).map((f) => [JSON.parse(f[1] ?? 'null') as string, Number(f[2]), Number(f[3])]);
  }

  /** The permalink of the article at a permalink key, or undefined. */
  permalink(key: string): string | undefined {
    const name = JSON.stringify(key);
    const needle = `\t${name}\t`;
    for (let at = this.text.indexOf(needle); at >= 0; at = this.text.indexOf(needle, at + 1)) {
      const start = this.text.lastIndexOf('\n', at) + 1;
      const end = this.text.indexOf('\n', at);
      const fields = this.text.slice(start, end < 0 ? undefined : end).split('\t');
      if (fields[0] === 'a' && fields[2] === name && fields[3]) return JSON.parse(fields[3]) as string;
    }
    return undefined;
  }

  /** The bytes of a `citedBy` (`c`) or `errorIndex` (`e`) entry, or of the products (`p`). */
  range(kind: 'c' | 'e' | 'p', key?: string): Range | undefined {
    const [fields] = this.lines(kind === 'p' ? 'p\t' : `${kind}\t${JSON.stringify(key)}\t`);
    return fields ? [Number(fields[0]), Number(fields[1])] : undefined;
  }
}

/** The place of the member whose key is `key` in an object written by JSON.stringify (then asciiJson when `ascii`), or undefined. */
export function memberRange(bytes: Buffer, key: string, ascii = false): Range | undefined {
  const json = JSON.stringify(key);
  const needle = Buffer.from(`${ascii ? asciiJson(json) : json}:`);
  for (let at = bytes.indexOf(needle); at >= 0; at = bytes.indexOf(needle, at + 1)) {
    // a key follows the object's `{` or a `,`; in a value the same bytes cannot be followed by `:`
    if (bytes[at - 1] !== 0x7b && bytes[at - 1] !== 0x2c) continue;
    const start = at + needle.length;
    return [start, valueEnd(bytes, start)];
  }
  return undefined;
}

/**
 * The keys whose members differ between two objects written by JSON.stringify (a key one of them
 * lacks included), compared as bytes in step: both usually list the same keys in the same order
 * (the articles' path order), and only the keys that differ are parsed.
 */
export function changedMembers(before: Buffer, now: Buffer): string[] {
  const changed: string[] = [];
  let i = 1;
  let j = 1;
  while (before[i] !== 0x7d && now[j] !== 0x7d) {
    const iKey = stringEnd(before, i);
    const jKey = stringEnd(now, j);
    if (iKey - i !== jKey - j || before.compare(now, j, jKey, i, iKey) !== 0) return changedByKey(before, now);
    const iEnd = valueEnd(before, iKey + 1);
    const jEnd = valueEnd(now, jKey + 1);
    if (iEnd - iKey !== jEnd - jKey || before.compare(now, jKey, jEnd, iKey, iEnd) !== 0) changed.push(JSON.parse(decodeText(now, j, jKey)) as string);
    i = before[iEnd] === 0x2c ? iEnd + 1 : iEnd;
    j = now[jEnd] === 0x2c ? jEnd + 1 : jEnd;
  }
  return before[i] === 0x7d && now[j] === 0x7d ? changed : changedByKey(before, now);
}

/** changedMembers of objects whose keys are not in the same order: by key. */
function changedByKey(before: Buffer, now: Buffer): string[] {
  const values = (bytes: Buffer): Map<string, string> => {
    const map = new Map<string, string>();
    members(bytes, 0, (key, start, end) => { map.set(key, bytes.toString('latin1', start, end)); });
    return map;
  };
  const a = values(before);
  const b = values(now);
  const changed: string[] = [];
  for (const [key, value] of b) if (a.get(key) !== value) changed.push(key);
  for (const key of a.keys()) if (!b.has(key)) changed.push(key);
  return changed;
}

/** A file's bytes [start, end). */
export function readBytes(fd: number, start: number, end: number): Buffer {
  const bytes = readAt(fd, start, end - start);
  if (!bytes) throw new Error('a file ends before the bytes asked');
  return bytes;
}

/** A file's bytes [start, end) as text (UTF-8; read as latin1 when ASCII, see read-text.ts). */
export function readRange(fd: number, start: number, end: number): string {
  return decodeText(readBytes(fd, start, end));
}

/** sha1 (base64url) of a file's bytes [start, end), read through one small buffer (no 25 MB of fresh memory). */
export function hashRange(file: string, start: number, end: number): string {
  const hash = createHash('sha1');
  const fd = openSync(file, 'r');
  try {
    const chunk = Buffer.allocUnsafe(1 << 20);
    for (let at = start; at < end;) {
      const n = readSync(fd, chunk, 0, Math.min(chunk.length, end - at), at);
      if (n === 0) throw new Error(`${file} ends before byte ${end}`);
      hash.update(chunk.subarray(0, n));
      at += n;
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('base64url');
}

/**
 * Why site.json is not the last build's outside its similar articles (`snapshot`: its prefix and
 * suffix, length and hash), or null when it is: the hashes of its two ends, no parse.
 */
export function changedOutsideSimilar(siteFile: string, snapshot: { prefix: { length: number; hash: string }; suffix: { length: number; hash: string } }): string | null {
  const size = statSync(siteFile).size;
  const similarEnd = size - snapshot.suffix.length;
  if (similarEnd < snapshot.prefix.length) return 'site data of another size';
  if (hashRange(siteFile, similarEnd, size) !== snapshot.suffix.hash || hashRange(siteFile, 0, snapshot.prefix.length) !== snapshot.prefix.hash) return 'site data changed outside the similar articles';
  return null;
}

/** A lookup the partial site cannot answer as the whole site would (a method it does not know). */
export class NotCovered extends Error {}

/**
 * A site data made of the entries some pages' lookups read (site-context.ts siteIndex over it answers
 * those lookups as over the whole site): the metadata of every article with an asked ID (all of them,
 * in path order, whatever the case of their IDs: the ID's primary is picked among them), the asked
 * `citedBy` entries and the metadata of the articles they list, the asked `errorIndex` and `similar`
 * entries, every product. `fd`: site.json; `similar`: its similar articles' bytes.
 */
export class PartialSite {
  private readonly ids = new Set<string>();
  private readonly cited = new Map<string, string[]>();
  private readonly codes = new Map<string, { articles: { id: string }[] } | undefined>();
  private readonly similarOf = new Map<string, string[] | undefined>();
  private products: SiteLike['products'] | null = null;
  private readonly metas = new Map<number, SiteArticleMeta>();

  constructor(private readonly fd: number, private readonly entries: EntryIndex, private readonly similar: Buffer) {}

  private parse<T>(range: Range): T {
    return JSON.parse(readRange(this.fd, range[0], range[1])) as T;
  }

  /** Adds what `lookups` read; true when anything was added (a site made before does not cover them). */
  need(lookups: readonly Lookup[]): boolean {
    let added = false;
    const id = (x: string): void => { if (!this.ids.has(x)) { this.ids.add(x); added = true; } };
    for (const [method, arg] of lookups) {
      if (method === 'ctx.articleById' || method === 'related.articleById') id(arg);
      else if (method === 'related.citedBy') {
        if (!this.cited.has(arg)) {
          const at = this.entries.range('c', arg);
          this.cited.set(arg, at ? this.parse<string[]>(at) : []);
          added = true;
        }
        for (const citer of this.cited.get(arg) as string[]) id(citer);
      } else if (method === 'related.codeArticles') {
        if (!this.codes.has(arg)) {
          const at = this.entries.range('e', arg);
          this.codes.set(arg, at && this.parse<{ articles: { id: string }[] }>(at));
          added = true;
        }
      } else if (method === 'related.similar') {
        if (!this.similarOf.has(arg)) {
          const at = memberRange(this.similar, arg, true);
          this.similarOf.set(arg, at && (JSON.parse(decodeText(this.similar, at[0], at[1])) as string[]));
          added = true;
        }
      } else if (method === 'ctx.productPath') {
        if (!this.products) {
          const at = this.entries.range('p');
          if (!at) throw new NotCovered('the snapshot does not say where the products are');
          this.products = this.parse<SiteLike['products']>(at);
          added = true;
        }
      } else throw new NotCovered(`the quick rebuild does not know the lookup ${method}`);
    }
    return added;
  }

  /** The site data of the entries needed so far (a new object: siteIndex keys its tables by it). */
  site(): SiteLike {
    const places = new Map<number, Range>();
    for (const x of this.ids) for (const [, start, end] of this.entries.articles(x)) places.set(start, [start, end]);
    const articles = [...places.keys()].sort((a, b) => a - b).map((start) => {
      let meta = this.metas.get(start);
      if (!meta) this.metas.set(start, (meta = this.parse<SiteArticleMeta>(places.get(start) as Range)));
      return meta;
    });
    const citedBy: Record<string, string[]> = Object.create(null);
    for (const [x, list] of this.cited) if (list.length) citedBy[x] = list;
    const errorIndex: Record<string, { articles: { id: string }[] }> = Object.create(null);
    for (const [key, entry] of this.codes) if (entry) errorIndex[key] = entry;
    const similar: Record<string, string[]> = Object.create(null);
    for (const [x, list] of this.similarOf) if (list) similar[x] = list;
    return { articles, products: this.products ?? [], citedBy, errorIndex, similar };
  }
}

/**
 * The site data as this build left it, for the next build's selective check: a hard link (the store
 * writes each build's site.json as a new file, so the link keeps this one's bytes, and costs nothing);
 * a copy where links cannot be made.
 */
function keepSiteData(siteFile: string, kept: string): void {
  rmSync(kept, { force: true });
  try { linkSync(siteFile, kept); } catch { copyFileSync(siteFile, kept); }
}

/** What the snapshot keeps of the store's site data itself: its two ends' digests (its files hold the rest). */
export type SiteLayout = Pick<SiteSnapshot, 'prefix' | 'suffix'>;

/**
 * Writes the snapshot's files of the store's site data (where its entries are, its similar articles,
 * the pack index) and gives its two ends' digests. `articles`: the site data's articles, parsed from
 * that very site.json (by the page thread, or by the build while that thread checks the pages).
 */
export function writeSiteLayout(store: string, files: SnapshotFiles, articles: readonly Pick<SiteArticleMeta, 'id' | 'permalink'>[]): SiteLayout {
  const bytes = readFileSync(path.join(store, 'site.json'));
  const entries = scanSite(bytes, articles);
  const [start, end] = entries.similar;
  writeFileSync(files.similar, bytes.subarray(start, end));
  writeFileSync(files.entries, formatEntries(entries));
  writeFileSync(files.places, readFileSync(packIndexFile(store)));
  keepSiteData(path.join(store, 'site.json'), files.site);
  const sha1 = (part: Buffer): string => createHash('sha1').update(part).digest('base64url');
  return { prefix: { length: start, hash: sha1(bytes.subarray(0, start)) }, suffix: { length: bytes.length - end, hash: sha1(bytes.subarray(end)) } };
}

/**
 * What changed in the site data between the last build's site.json and this one's, as the lookups of
 * the pages see it (site-context.ts siteIndex): the ID keys (idKey) of the articles added, removed or
 * changed (`articleById` answers), the `citedBy` entries whose answer may differ (their list changed,
 * or a citer among those IDs: the answer holds the citers' metadata), the `errorIndex` and `similar`
 * entries that changed, and the product names whose path changed. Compared as bytes where they are
 * equal; parsed only where they differ (and the small parts: products, citedBy).
 */
export interface SiteChanges {
  ids: Set<string>;
  /** as ID keys */
  citedBy: Set<string>;
  codes: Set<string>;
  similar: Set<string>;
  /** product names whose path changed (`ctx.productPath`) */
  products: Set<string>;
  /** what the list pages read besides: the metadata of those articles before and after, and the product names whose entry changed (path or count) */
  lists: { articles: ChangedMeta[]; products: Set<string> };
}

/** What the list pages show of an article that changed (static-pages.ts listPageMayChange). */
export type ChangedMeta = Pick<ArticleMeta, 'id' | 'permalink' | 'products' | 'errorCodes'>;

/** The members of site.json's top-level object: key → value range, in order. */
function topMembers(bytes: Buffer): Map<string, Range> {
  const found = new Map<string, Range>();
  members(bytes, 0, (key, start, end) => { found.set(key, [start, end]); });
  return found;
}

/** The elements of the JSON array at `start` (written by JSON.stringify): their ranges. */
export function arrayElements(bytes: Buffer, start: number): Range[] {
  if (bytes[start] !== 0x5b) throw new Error('site.json: an array was expected');
  const found: Range[] = [];
  for (let i = start + 1; bytes[i] !== 0x5d;) {
    const end = valueEnd(bytes, i);
    found.push([i, end]);
    i = bytes[end] === 0x2c ? end + 1 : end;
  }
  return found;
}

const sameBytes = (a: Buffer, [as, ae]: Range, b: Buffer, [bs, be]: Range): boolean => ae - as === be - bs && a.compare(b, bs, be, as, ae) === 0;

/** Members of the site data that no page's lookup reads (of the list pages, only the home page shows the years: it is always checked). */
const UNREAD = new Set(['byPermalink', 'years', 'totals']);

/**
 * siteChanges of two site.json texts (`similarBefore`: the last build's similar articles, kept apart
 * by the snapshot), or why they cannot be told apart this way (other members, more than `most`
 * articles changed).
 */
export function siteChanges(before: Buffer, now: Buffer, similarBefore: Buffer, most: number): SiteChanges | string {
  const a = topMembers(before);
  const b = topMembers(now);
  if ([...a.keys()].join() !== [...b.keys()].join()) return 'site data of other members';
  const changes: SiteChanges = { ids: new Set(), citedBy: new Set(), codes: new Set(), similar: new Set(), products: new Set(), lists: { articles: [], products: new Set() } };
  const parse = <T>(bytes: Buffer, [start, end]: Range): T => JSON.parse(decodeText(bytes, start, end)) as T;
  let citedByChanged = false;
  for (const [key, range] of b) {
    const was = a.get(key) as Range;
    // the similar articles: compared with the snapshot's copy (a quick rebuild keeps that up to date, not a whole site.json)
    if (key === 'similar' || UNREAD.has(key) || sameBytes(before, was, now, range)) continue;
    if (key === 'articles') {
      const why = changedArticles(before, arrayElements(before, was[0]), now, arrayElements(now, range[0]), changes, most);
      if (why) return why;
    } else if (key === 'products') {
      const byName = (list: ProductEntry[]): Map<string, ProductEntry> => new Map(list.map((p) => [p.name, p]));
      const old = byName(parse(before, was));
      const next = byName(parse(now, range));
      for (const name of new Set([...old.keys(), ...next.keys()])) {
        const [o, n] = [old.get(name), next.get(name)];
        if (o?.slug !== n?.slug) changes.products.add(name);
        if (o?.slug !== n?.slug || o?.count !== n?.count) changes.lists.products.add(name);
      }
    } else if (key === 'citedBy') {
      citedByChanged = true;
    } else if (key === 'errorIndex') {
      for (const code of changedMembers(before.subarray(was[0], was[1]), now.subarray(range[0], range[1]))) changes.codes.add(code);
    } else {
      return `site data member ${key} changed`;
    }
  }
  const similarNow = b.get('similar');
  if (!similarNow) return 'site data without similar articles';
  for (const id of changedMembers(similarBefore, now.subarray(similarNow[0], similarNow[1]))) changes.similar.add(id);
  // citedBy, parsed whole (a few MB): a list answers with its citers' metadata, so it counts as
  // changed when it names a changed article, as well as when it changed itself
  if (citedByChanged || changes.ids.size > 0) {
    const [was, range] = [a.get('citedBy'), b.get('citedBy')];
    if (!was || !range) return 'site data without citedBy';
    const old = parse<Record<string, string[]>>(before, was);
    const next = parse<Record<string, string[]>>(now, range);
    const names = (list: string[] | undefined): boolean => list !== undefined && list.some((c) => changes.ids.has(idKey(c)));
    for (const id of new Set([...Object.keys(old), ...Object.keys(next)])) {
      const [o, n] = [Object.hasOwn(old, id) ? old[id] : undefined, Object.hasOwn(next, id) ? next[id] : undefined];
      if (JSON.stringify(o ?? null) !== JSON.stringify(n ?? null) || names(o) || names(n)) changes.citedBy.add(idKey(id));
    }
  }
  return changes;
}

/**
 * Files in `changes` (its ID keys, its articles' metadata) every article of one list and not the other, or changed: the two lists
 * in path order, walked in step; equal bytes at the same step are the same article. Where they differ,
 * an element equal to the other list's next is taken as added or removed, else both as changed (a
 * safe guess: more IDs, never fewer). More than `most` steps that differ: the reason.
 */
function changedArticles(before: Buffer, old: Range[], now: Buffer, next: Range[], changes: SiteChanges, most: number): string | null {
  const add = (bytes: Buffer, [start, end]: Range): void => {
    const meta = JSON.parse(decodeText(bytes, start, end)) as ChangedMeta;
    changes.ids.add(idKey(meta.id));
    changes.lists.articles.push(meta);
  };
  let differing = 0;
  for (let i = 0, j = 0; i < old.length || j < next.length;) {
    const o = old[i];
    const n = next[j];
    if (o && n && sameBytes(before, o, now, n)) { i++; j++; continue; }
    if (++differing > most) return `more than ${most} articles changed`;
    const [o2, n2] = [old[i + 1], next[j + 1]];
    if (o && n && n2 && sameBytes(before, o, now, n2)) { add(now, n); j++; continue; }
    if (o && n && o2 && sameBytes(before, o2, now, n)) { add(before, o); i++; continue; }
    if (o) { add(before, o); i++; }
    if (n) { add(now, n); j++; }
  }
  return null;
}

/**
 * The lookups of the table (page-inputs.ts parseLookupsTable's text: every lookup some page made)
 * whose answer `changes` may have changed, by name (lookupName); null when the table names a lookup
 * whose dependence on the site data is not known here (its pages must then be checked in full).
 */
export function changedLookupNames(table: string, changes: SiteChanges): string[] | null {
  const names = new Set<string>();
  for (let start = 0; start < table.length;) {
    let end = table.indexOf('\n', start);
    if (end < 0) end = table.length;
    const tab = table.lastIndexOf('\t', end - 1);
    if (tab > start) {
      const name = table.slice(start, tab);
      const lookup = parseLookupName(name);
      if (!lookup) return null;
      const [method, arg] = lookup;
      let hit: boolean;
      if (method === 'ctx.articleById' || method === 'related.articleById') hit = changes.ids.has(idKey(arg));
      else if (method === 'related.citedBy') hit = changes.citedBy.has(idKey(arg));
      else if (method === 'related.codeArticles') hit = changes.codes.has(arg);
      else if (method === 'related.similar') hit = changes.similar.has(arg);
      else if (method === 'ctx.productPath') hit = changes.products.has(arg);
      else return null;
      if (hit) names.add(name);
    }
    start = end + 1;
  }
  return [...names];
}

/**
 * Tells an unchanged page without drawing it. Every page is a pure function of the render code, the
 * settings, its `data` (PageSource in lib/render/static-pages.ts: for an article, a digest of its
 * stored record; for a list page, what it lists) and the answers its lookups gave (the
 * render context's `articleById`, `productPath`; an article's related-list sources: `citedBy`,
 * `codeArticles`, `similar`). The build that draws a page records which lookups it made and hashes
 * all of it; a rebuild replays those lookups on the new site data and hashes again: an equal hash
 * means the render would make the same lookups, get the same answers and give the same bytes, so the
 * page is left as it is, and its record is not even read. Anything else (another record, a cited
 * article retitled, a related list changed, other code) draws it again.
 *
 * What a build keeps of each page is one line of `.kb/pages.tsv` (stateFileLine): the parent of the
 * build holds those lines as strings and hands each worker the lines of its batch, so no process
 * parses 60,000 objects it does not need.
 */
import { createHash } from 'node:crypto';

/** A lookup a render made: the group and method (`ctx.articleById`) and its argument. */
export type Lookup = [method: string, arg: string];

/** What a build keeps of a drawn page: its bytes' hash, their size, its inputs' hash, its data's key, its lookups. */
export interface PageState {
  /** sha1 (base64url) of the page's HTML */
  hash: string;
  size: number;
  /** inputsHash of the page as drawn */
  inputs: string;
  /** dataKey of the page as drawn (its inputs but the lookups' answers) */
  data: string;
  lookups: Lookup[];
  /** the lookups as JSON (what inputsHash hashes) */
  lookupsText: string;
}

/** Groups of lookup methods (each a function of one string), by name: the render context, the related lists' sources. */
export type LookupGroups = object;

const groupsOf = (groups: LookupGroups): [string, object][] => Object.entries(groups) as [string, object][];

type Method = (arg: string) => unknown;

/** Digests of answer objects by identity: the site data's objects are answered again and again (a cited article's metadata). */
const objectDigests = new WeakMap<object, string>();

/**
 * A short, exact stand-in for an answer: scalars as JSON, arrays element by element, objects by a
 * digest of their JSON (made once per object: the site data is not changed while pages are drawn).
 */
export function answerKey(value: unknown): string {
  if (value === undefined) return '~';
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) {
    let key = '[';
    for (let i = 0; i < value.length; i++) key += (i ? ',' : '') + answerKey(value[i]);
    return `${key}]`;
  }
  let digest = objectDigests.get(value);
  if (digest === undefined) {
    digest = `#${createHash('sha1').update(JSON.stringify(value)).digest('base64url')}`;
    objectDigests.set(value, digest);
  }
  return digest;
}

/** Answers longer than this many elements are keyed once per lookup (see lookupKey). */
const LONG = 16;
const longKeys = new WeakMap<object, Map<string, string>>();

/**
 * The key of one lookup's answer. A long list (the articles mentioning a common code: thousands of
 * IDs, asked by each of them) is keyed once per lookup and thread, as a digest: keying it on every
 * page that asks made the check quadratic in the list's length.
 */
function lookupKey(groups: LookupGroups, method: string, arg: string, answer: unknown): string {
  if (!Array.isArray(answer) || answer.length <= LONG) return answerKey(answer);
  let memo = longKeys.get(groups);
  if (!memo) longKeys.set(groups, (memo = new Map()));
  const at = `${method}\0${arg}`;
  let key = memo.get(at);
  if (key === undefined) memo.set(at, (key = `=${createHash('sha1').update(answerKey(answer)).digest('base64url')}`));
  return key;
}

/**
 * The hash of a page's inputs: `code` (the renderer's fingerprint and the settings), its data, the
 * lookups (as JSON: the state line's own text when told from it) and their answers' keys.
 */
export function inputsHash(code: string, data: string, lookups: string, answers: readonly string[]): string {
  return createHash('sha1')
    .update(code).update('\0')
    .update(data).update('\0')
    .update(lookups).update('\0')
    .update(answers.join('\n'))
    .digest('base64url');
}

const valuesOf = new WeakMap<object, string>();

/** The groups' values that are not methods (the context's base path, site URL and name), as JSON: part of every page's inputs. */
export function groupValues(groups: LookupGroups): string {
  let json = valuesOf.get(groups);
  if (json === undefined) {
    const values: [string, unknown][] = [];
    for (const [group, object] of groupsOf(groups)) {
      for (const [name, value] of Object.entries(object)) if (typeof value !== 'function') values.push([`${group}.${name}`, value]);
    }
    valuesOf.set(groups, (json = JSON.stringify(values)));
  }
  return json;
}

/**
 * The same groups with every method recorded: each distinct lookup once (in the order first made)
 * with its answer's key. A repeated lookup gets the same answer, so once is enough to replay it.
 */
export function recordingGroups<T extends LookupGroups>(groups: T): { groups: T; lookups: Lookup[]; answers: string[] } {
  const lookups: Lookup[] = [];
  const answers: string[] = [];
  const seen = new Set<string>();
  const recording: Record<string, object> = {};
  for (const [group, object] of groupsOf(groups)) {
    const copy: Record<string, unknown> = { ...object };
    for (const [name, value] of Object.entries(object)) {
      if (typeof value !== 'function') continue;
      const method = `${group}.${name}`;
      copy[name] = (arg: string) => {
        const answer = (value as Method).call(object, arg);
        const key = `${method}\0${arg}`;
        if (!seen.has(key)) {
          seen.add(key);
          lookups.push([method, arg]);
          answers.push(lookupKey(groups, method, arg, answer));
        }
        return answer;
      };
    }
    recording[group] = copy;
  }
  return { groups: recording as T, lookups, answers };
}

const resolved = new WeakMap<object, Map<string, (arg: string) => unknown>>();

/** The method a recorded lookup names (`ctx.articleById`), bound to its group; one that is gone: a method answering `!`. */
function resolveMethod(groups: LookupGroups, method: string): (arg: string) => unknown {
  let methods = resolved.get(groups);
  if (!methods) resolved.set(groups, (methods = new Map()));
  let fn = methods.get(method);
  if (!fn) {
    const dot = method.indexOf('.');
    const name = method.slice(dot + 1);
    const group = dot > 0 && Object.hasOwn(groups, method.slice(0, dot)) ? ((groups as Record<string, unknown>)[method.slice(0, dot)] as Record<string, unknown>) : undefined;
    const found = group && Object.hasOwn(group, name) ? group[name] : undefined;
    fn = typeof found === 'function' ? (found as Method).bind(group) : () => GONE;
    methods.set(method, fn);
  }
  return fn;
}

/** The answer of a method a group no longer has. */
const GONE = Symbol('gone');

/** The answers' keys the groups give now to lookups recorded by an earlier build (a method they no longer have: `!`). */
export function replayLookups(groups: LookupGroups, lookups: readonly Lookup[]): string[] {
  const answers = new Array<string>(lookups.length);
  for (let i = 0; i < lookups.length; i++) {
    const [method, arg] = lookups[i] as Lookup;
    const answer = resolveMethod(groups, method)(arg);
    answers[i] = answer === GONE ? '!' : lookupKey(groups, method, arg, answer);
  }
  return answers;
}

/**
 * One page's line of the state file, without its path: fields split by tabs, the lookups as JSON
 * (which writes a tab or a line break inside a string as an escape, so neither splits a line).
 */
export function formatPageState(state: Omit<PageState, 'lookups'>): string {
  return `${state.hash}\t${state.size}\t${state.inputs}\t${state.data}\t${state.lookupsText}`;
}

/** Reads formatPageState's text back; null when it is not one (an old or damaged file: the page is drawn). */
export function parsePageState(text: string): PageState | null {
  const parts = text.split('\t');
  if (parts.length !== 5) return null;
  const [hash = '', size = '', inputs = '', data = '', lookups = ''] = parts;
  try {
    const list = JSON.parse(lookups) as unknown;
    let valid = Array.isArray(list);
    for (let i = 0; valid && i < (list as unknown[]).length; i++) {
      const l = (list as unknown[])[i];
      valid = Array.isArray(l) && l.length === 2 && typeof l[0] === 'string' && typeof l[1] === 'string';
    }
    if (!valid || !hash || !inputs || !data || !/^\d+$/.test(size)) return null;
    return { hash, size: Number(size), inputs, data, lookups: list as Lookup[], lookupsText: lookups };
  } catch {
    return null;
  }
}

/**
 * The state file (`.kb/pages.tsv`): one line per page, its path as JSON, a tab, formatPageState.
 * A rebuild appends the lines of the pages whose state changed rather than writing 60,000 lines
 * again: a later line of a path wins, and a line with an empty state says the page is gone.
 * Read into path → line text only: the parent of the build neither parses nor keeps the lookups.
 */
export function parseStateFile(text: string): Map<string, string> {
  const pages = new Map<string, string>();
  for (const line of text.split('\n')) {
    const tab = line.indexOf('\t');
    if (tab <= 0) continue;
    try {
      const sitePath = JSON.parse(line.slice(0, tab)) as unknown;
      if (typeof sitePath !== 'string') continue;
      if (tab === line.length - 1) pages.delete(sitePath);
      else pages.set(sitePath, line.slice(tab + 1));
    } catch { /* not a line of ours: that page is drawn */ }
  }
  return pages;
}

/** One line of the state file (see parseStateFile); an empty `state` says the page is gone. */
export function stateFileLine(sitePath: string, state: string): string {
  return `${JSON.stringify(sitePath)}\t${state}\n`;
}

/** Lookups beyond which pathsNaming reads the state file once instead of once per lookup. */
const FEW_NAMES = 8;

/** A lookup's name as a state line holds it (lookupName's JSON), the state file's bytes read as latin1 (one character per byte). */
const LOOKUP_NAME = /\["[A-Za-z.]+","(?:[^"\\]|\\.)*"\]/g;

/**
 * The site paths of the state lines (stateFileLine; the state file's bytes) naming any of the
 * lookups `names` (lookupName). A few are each found by a search of the bytes (~25 ms for a state file
 * of the whole archive, 25 MB); more, by one pass over every lookup the lines name (~0.25 s).
 */
export function pathsNaming(state: Buffer, names: readonly string[]): Set<string> {
  const paths = new Set<string>();
  const add = (at: number): void => {
    const start = state.lastIndexOf(0x0a, at) + 1;
    const tab = state.indexOf(0x09, start);
    if (tab > start && tab < at) paths.add(JSON.parse(state.toString('utf8', start, tab)) as string);
  };
  if (names.length <= FEW_NAMES) {
    for (const name of names) {
      const needle = Buffer.from(name);
      for (let at = state.indexOf(needle); at >= 0; at = state.indexOf(needle, at + needle.length)) add(at);
    }
    return paths;
  }
  // the names as their UTF-8 bytes read as latin1, as the text below reads the file
  const wanted = new Set(names.map((name) => Buffer.from(name).toString('latin1')));
  const text = state.toString('latin1');
  LOOKUP_NAME.lastIndex = 0;
  for (let m = LOOKUP_NAME.exec(text); m; m = LOOKUP_NAME.exec(text)) if (wanted.has(m[0])) add(m.index);
  return paths;
}

/** The number of lines of a text (its line breaks): how much of a state file or lookups table a build reads. */
export function countLines(text: string): number {
  let n = 0;
  for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) n++;
  return n;
}

/**
 * A page's inputs but its lookups' answers: the code, the settings, its data. Kept in its state line
 * so that a rebuild can tell a page whose data is unchanged without reading its lookups (changedPages).
 */
export function dataKey(code: string, data: string): string {
  return createHash('sha1').update(code).update('\0').update(data).digest('base64url');
}

/** A lookup as its state line's JSON writes it (`["ctx.articleById","Q1"]`): the name the lookups table keeps it by. */
export function lookupName(method: string, arg: string): string {
  return JSON.stringify([method, arg]);
}

/**
 * The lookups table (`.kb/page-lookups.tsv`): every lookup some page made (lookupName) with its
 * answer's key as the last build gave it. A rebuild asks each lookup once, not once per page that made
 * it (196,000 lookups instead of 526,000 at 60k articles), and only the pages whose lines name a
 * lookup whose answer changed (or whose data changed) are checked in full.
 */
export function parseLookupsTable(text: string, part = 0, parts = 1): Map<string, string> | null {
  const table = new Map<string, string>();
  // line by line without splitting the text: a part slices only its own lines (a thread reads the
  // whole table, 196,000 lines at 60k articles, and keeps about 1/parts of them)
  for (let start = 0; start < text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    if (end > start) {
      const tab = text.lastIndexOf('\t', end - 1);
      if (tab <= start || text.charCodeAt(start) !== 0x5b /* [ */) return null;
      if (parts === 1 || partAt(text, start, tab, parts) === part) table.set(text.slice(start, tab), text.slice(tab + 1, end));
    }
    start = end + 1;
  }
  return table;
}

/** Which of `parts` threads asks a lookup (all lines of one name go to one thread, so the last still wins). */
export function partOf(name: string, parts: number): number {
  return partAt(name, 0, name.length, parts);
}

/** partOf of the name `text.slice(start, end)`, without slicing it: a hash of its last 12 characters. */
function partAt(text: string, start: number, end: number, parts: number): number {
  let h = 0;
  for (let i = Math.max(start, end - 12); i < end; i++) h = (h * 31 + text.charCodeAt(i)) >>> 0;
  return h % parts;
}

/** parseLookupsTable's text. */
export function formatLookupsTable(table: ReadonlyMap<string, string>): string {
  let text = '';
  for (const [name, answer] of table) text += `${name}\t${answer}\n`;
  return text;
}

const PLAIN_NAME = /^\["([^"]*)","([^"]*)"\]$/;

/** A lookup back from its name (lookupName), or null when the name is not one. */
export function parseLookupName(name: string): Lookup | null {
  // most names hold no escape: read without JSON.parse (196,000 of them at 60k articles)
  const plain = name.includes('\\') ? null : PLAIN_NAME.exec(name);
  if (plain) return [plain[1] as string, plain[2] as string];
  let lookup: unknown;
  try { lookup = JSON.parse(name); } catch { return null; }
  return Array.isArray(lookup) && lookup.length === 2 && typeof lookup[0] === 'string' && typeof lookup[1] === 'string' ? (lookup as Lookup) : null;
}

/** The lookups of a table whose answers the groups give differently now (a method that is gone answers `!`): name → answer now. */
export function changedLookups(groups: LookupGroups, table: ReadonlyMap<string, string>): Map<string, string> {
  const changed = new Map<string, string>();
  for (const [name, before] of table) {
    const lookup = parseLookupName(name);
    if (!lookup) {
      changed.set(name, '!');
      continue;
    }
    const [answer] = replayLookups(groups, [lookup]);
    if (answer !== before) changed.set(name, answer as string);
  }
  return changed;
}

/**
 * Whether a page's state line holds for data key `data`: a line parsePageState would take (its lookups'
 * JSON is read only when needed) with that data key.
 */
export function lineHolds(line: string, data: string): boolean {
  const parts = line.split('\t');
  const [hash, size = '', inputs, key, lookups = ''] = parts;
  return parts.length === 5 && key === data && !!hash && !!inputs && /^\d+$/.test(size) && lookups[0] === '[' && lookups.at(-1) === ']';
}

/** Whether a state line names a lookup among `changed` (`names`: its keys; by its JSON in the line: a line names each lookup as lookupName writes it). */
export function namesChanged(line: string, changed: ReadonlyMap<string, string>, names: readonly string[]): boolean {
  if (names.length === 0) return false;
  const lookups = line.slice(line.lastIndexOf('\t') + 1);
  if (names.length <= 64) return names.some((name) => lookups.includes(name));
  try {
    return (JSON.parse(lookups) as Lookup[]).some(([method, arg]) => changed.has(lookupName(method, arg)));
  } catch {
    return true;
  }
}

/** Whether a page's state line may be out of date: no line, another data key, or a lookup among `changed`. */
export function mayHaveChanged(line: string, data: string, changed: ReadonlyMap<string, string>, names: readonly string[]): boolean {
  return !lineHolds(line, data) || namesChanged(line, changed, names);
}

/** Stale lines a state file may hold beyond one per page before it is written anew (a share of the pages). */
const STALE_SHARE = 1 / 8;

/** Whether `added` lines may be appended to a state file of `lines` lines for `pages` pages (else it is written anew, one line per page). */
export function appendable(lines: number, added: number, pages: number): boolean {
  return lines + added <= pages * (1 + STALE_SHARE) + 1_000;
}

/** What the next build's quick check reads of this one's site data (page-worker.ts quickCheck, takeSnapshot; site-snapshot.ts). */
export interface SiteSnapshot {
  version: typeof SNAPSHOT_VERSION;
  /** the render code and settings the pages were drawn with */
  code: string;
  /** the search bundle the search page names */
  chunk: string | null;
  /** the record cache's pack the store's pack was (a record's digest is its place in it) */
  packId: string | null;
  /** site.json before its similar articles and after them: length and sha1 */
  prefix: { length: number; hash: string };
  suffix: { length: number; hash: string };
  /** the state file as this build left it: its lines and bytes, the pages and their bytes */
  stateLines: number;
  stateSize: number;
  pages: number;
  bytes: number;
}

export const SNAPSHOT_VERSION = 1;

/**
 * The snapshot's files, next to the state file: its figures, the site data's entries, the similar
 * articles, the pack index, and the site data itself (a link to the store's site.json: each build
 * writes a new one) for the selective check (page-worker.ts selectPages).
 */
export interface SnapshotFiles {
  snapshot: string;
  entries: string;
  similar: string;
  places: string;
  site: string;
}

/**
 * The snapshot's files a rebuild's checks read (page-worker.ts quickCheck, selectPages), set aside by
 * writePages while the build may write their next versions (the build's parent takes the next layout
 * while the pages are checked).
 */
export type KeptFiles = Pick<SnapshotFiles, 'site' | 'similar' | 'places'>;

export function keptFiles(files: SnapshotFiles): KeptFiles {
  return { site: `${files.site}.open`, similar: `${files.similar}.open`, places: `${files.places}.open` };
}

export function snapshotFiles(stateFile: string): SnapshotFiles {
  return { snapshot: `${stateFile}.site.json`, entries: `${stateFile}.entries.tsv`, similar: `${stateFile}.similar.json`, places: `${stateFile}.places.json`, site: `${stateFile}.site-data.json` };
}

/** Reads a snapshot's figures; null when there is none or it is not one of this version. */
export function parseSnapshot(text: string): SiteSnapshot | null {
  try {
    const s = JSON.parse(text) as Partial<SiteSnapshot>;
    const n = (v: unknown): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
    const part = (v: unknown): boolean => typeof v === 'object' && v !== null && n((v as { length: unknown }).length) && typeof (v as { hash: unknown }).hash === 'string';
    if (s.version !== SNAPSHOT_VERSION || typeof s.code !== 'string' || !part(s.prefix) || !part(s.suffix)) return null;
    if (!n(s.stateLines) || !n(s.stateSize) || !n(s.pages) || !n(s.bytes)) return null;
    if (!(s.chunk === null || typeof s.chunk === 'string') || !(s.packId === null || typeof s.packId === 'string')) return null;
    return s as SiteSnapshot;
  } catch {
    return null;
  }
}

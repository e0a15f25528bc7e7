/**
 * The content-hash cache under `.cache/records/`: a warm build takes each unchanged article's parse
 * result from here instead of parsing it again. The key covers the bytes, the source path (problems
 * name it) and the build fingerprint (lib/build/worker-build.ts: every file the parse workers run or
 * read), so editing the parser, the tokenizer or the code table invalidates every entry without a
 * manual bump.
 *
 * Layout: one pack of record JSON texts, each followed by its hit payload (hit-payload.ts: the record's
 * summary and its search terms as numbers of the pack's term dictionary) (`records-<pid>-<time>.pack`),
 * and `index.json` naming that pack and, by key, where each result is: `[offset, length]` of its
 * record's text (length 0: no record), the length of its payload (0: none kept), plus its problems when
 * it has any; and where the pack's term dictionary is (`terms`: pieces of newline-separated terms, each
 * load appending the terms it numbered first). One pack, not a file per article: creating and deleting
 * 60,000 small files cost tens of seconds a build on this kind of disk.
 *
 * A load writes on after the pack's last byte: what it takes from the cache stays where it is, and only
 * what it parsed is appended (rewriting the whole pack, ~500 MB at 60k articles, was most of a warm
 * build's load). Its index, naming only this load's files, replaces the old one with one rename; the
 * bytes of entries no longer named are dead. When dead bytes outweigh live ones, the build fingerprint
 * changed (no entry can hit) or another build is appending (`<pack>.lock`), a load starts a fresh pack of everything it reads instead, and the old
 * pack goes once the new index is in place. The store's pack is a hard link to this pack
 * (store-write.ts): appending never moves a byte it reads. A reader that finds a pack gone or short
 * treats it as a miss.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Problem } from '../parse/types';
import { createPackWriter, processAlive } from './pack-file';
import { readAt } from './read-text';

/** Bump when the cache's own format (or the worker's bundle options) changes. */
export const CACHE_FORMAT = 4;

/**
 * [offset, length] of the record's JSON in the pack (length 0: the file gave no record), the length of
 * its hit payload right after it (0: none kept), then its problems when any
 */
export type Entry = [number, number, number] | [number, number, number, Problem[]];

/** Where a record's JSON text is in a pack: [byte offset, byte length]. */
export type PackPlace = [offset: number, length: number];

interface CacheIndex {
  format: number;
  pack: string;
  /** the build fingerprint of the load that wrote it (its keys hash it in) */
  fingerprint?: string;
  entries: Record<string, Entry>;
  /** the pack's term dictionary: pieces of newline-separated terms, in number order (the payloads' numbers) */
  terms?: PackPlace[];
  /** files as read: source, size and modification time, and the key they were read under (CacheWriter.knownKey); lists in step */
  sources?: { source: string[]; size: number[]; mtimeMs: number[]; key: string[] };
}

/** The cache key of one file: sha1 of the fingerprint, the source path and the bytes. */
export function cacheKey(fingerprint: string, source: string, bytes: Uint8Array): string {
  return createHash('sha1').update(fingerprint).update('\0').update(source).update('\0').update(bytes).digest('hex');
}

const indexFile = (cacheDir: string): string => path.join(cacheDir, 'index.json');

function readIndex(cacheDir: string): CacheIndex | null {
  try {
    const index = JSON.parse(readFileSync(indexFile(cacheDir), 'utf8')) as CacheIndex;
    return index.format === CACHE_FORMAT && typeof index.pack === 'string' && index.entries ? index : null;
  } catch {
    return null;
  }
}

/** A cached parse result, with the parts asked for. */
export interface CachedResult {
  problems: Problem[];
  /** whether the file gave a record */
  hasRecord: boolean;
  /** JSON.stringify of the record as stored (the store writes it as is); null when not asked for or none */
  recordText: string | null;
  /** the hit payload (hit-payload.ts, at a 4-byte boundary) when asked for and kept, else null */
  payload: Uint8Array | null;
  /** the pack it was read from (its base name) and its entry there: a writer appending to that pack keeps it in place */
  pack: string;
  entry: Entry;
}

interface Reader {
  cacheDir: string;
  entries: Map<string, Entry>;
  fd: number | null;
  pack: string;
}

let reader: Reader | null = null;

/** Drops the open reader: the next lookup reads the cache's index afresh (call when a load starts). */
export function closeCacheReader(): void {
  if (reader?.fd != null) closeSync(reader.fd);
  reader = null;
}

function openReader(cacheDir: string, fingerprint: string | undefined): Reader {
  if (reader && reader.cacheDir === cacheDir) return reader;
  closeCacheReader();
  // an index of another fingerprint holds no key of this one (keys hash it in): not even read
  const stale = (index: CacheIndex | null) => index !== null && fingerprint !== undefined && index.fingerprint !== fingerprint;
  let index = readIndex(cacheDir);
  if (stale(index)) index = null;
  let fd: number | null = null;
  if (index) {
    try { fd = openSync(path.join(cacheDir, path.basename(index.pack)), 'r'); } catch { /* pack gone: every lookup misses */ }
  }
  reader = { cacheDir, entries: new Map(index && fd !== null ? Object.entries(index.entries) : []), fd, pack: index ? path.basename(index.pack) : '' };
  return reader;
}

/** `length` bytes at `offset` of an open file into a fresh buffer (4-byte aligned), or null when the file is shorter. */
/**
 * The cached result for a key with the parts asked for (by default both), or null (missing, short or
 * unreadable entries are simply misses).
 */
export function readCached(
  cacheDir: string, key: string,
  parts: { record?: boolean; payload?: boolean; /** the reader's build fingerprint: an index of another is not read */ fingerprint?: string } = { record: true, payload: true },
): CachedResult | null {
  const { entries, fd, pack } = openReader(cacheDir, parts.fingerprint);
  const entry = entries.get(key);
  if (!entry || fd === null) return null;
  const [offset, length, payloadLength, problems = []] = entry;
  const hit: CachedResult = { problems, hasRecord: length > 0, recordText: null, payload: null, pack, entry };
  if (length === 0) return hit;
  try {
    if (parts.record) {
      const text = readAt(fd, offset, length);
      if (!text) return null;
      hit.recordText = text.toString('utf8');
    }
    if (parts.payload && payloadLength > 0) {
      hit.payload = readAt(fd, offset + length, payloadLength);
      if (!hit.payload) return null;
    }
    return hit;
  } catch {
    return null;
  }
}

/** The terms of a pack's dictionary (in number order), read from its pieces. */
function readTerms(file: string, pieces: readonly PackPlace[]): string[] {
  if (pieces.length === 0) return [];
  const fd = openSync(file, 'r');
  try {
    const texts: string[] = [];
    for (const [offset, length] of pieces) {
      const bytes = readAt(fd, offset, length);
      if (!bytes) throw new Error(`the record cache's term dictionary is cut short in ${file}`);
      texts.push(bytes.toString('utf8'));
    }
    return texts.join('\n').split('\n');
  } finally {
    closeSync(fd);
  }
}

export interface CacheWriter {
  /** the pack this load's results are in (absolute path; complete once finish() returns) */
  readonly pack: string;
  /** the pack's base name when the load appends to the last load's pack (hits found there are kept in place), else null */
  readonly appendingTo: string | null;
  /** the pack whose payloads are numbered by dictionary() (the last load's, of this fingerprint), else null: no payload read elsewhere is used */
  readonly payloadPack: string | null;
  /** files one result (its record's JSON as the store writes it, and its hit payload when made); where the record went */
  add(key: string, recordText: string | null, payload: Uint8Array | null, problems: readonly Problem[]): PackPlace | null;
  /**
   * the term dictionary this load's pack goes on from (the payloads it keeps or copies are numbered by
   * it; a new pack of the same fingerprint starts with a copy of it); read on the first call
   */
  dictionary(): readonly string[];
  /** appends terms to the dictionary (numbered on from its last), for the payloads this load files */
  addTerms(terms: readonly string[]): void;
  /**
   * the key a file had in the last load (of this fingerprint) when it still has the size and modification
   * time it had then, else null: its bytes need not be read to find its entry
   */
  knownKey(source: string, size: number | undefined, mtimeMs: number | undefined): string | null;
  /**
   * a known key's entry (knownKey) in the pack this load appends to, where keep() leaves it; null when
   * the load writes a fresh pack (its hits are copied over) or the key has none
   */
  keptEntry(key: string): Entry | null;
  /** notes a file's size and modification time with its key, for the next load's knownKey */
  noteSource(source: string, size: number, mtimeMs: number, key: string): void;
  /** keeps a hit where it is in the pack this load appends to (its entry as read); where its record is */
  keep(key: string, entry: Entry): PackPlace | null;
  /** puts the new index in place (and removes a pack it no longer names) */
  finish(): void;
  /** throws what this load wrote away */
  abort(): void;
}

/** The cache's index and its pack's term dictionary as read ahead of a load (readCacheAhead). */
interface Ahead {
  cacheDir: string;
  /** index.json's identity when it was read: taken only while it is still that file */
  stamp: string;
  index: CacheIndex;
  /** the dictionary of the index's pack, or null when its fingerprint is not the load's */
  dictionary: string[] | null;
  /** liveBytes of the index */
  live: number;
  /** the index's sources by name (CacheWriter.knownKey), or null when it has none */
  known: Map<string, number> | null;
}

let ahead: Ahead | null = null;

/** index.json's inode, size and modification time, or null when it is not there. */
function indexStamp(cacheDir: string): string | null {
  try {
    const s = statSync(indexFile(cacheDir));
    return `${s.ino} ${s.size} ${s.mtimeMs}`;
  } catch {
    return null;
  }
}

/**
 * Reads the cache's index and, when its fingerprint is `fingerprint`, its pack's term dictionary, ahead
 * of a load, and counts its live bytes and lists its sources by name (knownKey): the build's prepare
 * child does it while it waits for its walk (~1 s of an archive rebuild). The next createCacheWriter of this process for `cacheDir` takes them instead of reading them
 * again, as long as index.json is still the file read (another build may have replaced it meanwhile).
 * The dictionary, or null when there is none to take.
 */
export function readCacheAhead(cacheDir: string, fingerprint: string): readonly string[] | null {
  ahead = null;
  const stamp = indexStamp(cacheDir);
  const index = stamp === null ? null : readIndex(cacheDir);
  if (!index || stamp === null) return null;
  let dictionary: string[] | null = null;
  if (index.fingerprint === fingerprint) {
    try { dictionary = readTerms(path.join(cacheDir, path.basename(index.pack)), index.terms ?? []); } catch { /* read again by the load, which says why */ }
  }
  ahead = { cacheDir, stamp, index, dictionary, live: liveBytes(index), known: index.sources ? sourceNumbers(index.sources) : null };
  return dictionary;
}

/** Whether what readCacheAhead read for `cacheDir` is still there to take (index.json is still that file). */
export function cacheReadAhead(cacheDir: string): boolean {
  return ahead !== null && ahead.cacheDir === cacheDir && indexStamp(cacheDir) === ahead.stamp;
}

/** What readCacheAhead read for `cacheDir`, when index.json is still that file; taken once. */
function takeAhead(cacheDir: string): Ahead | null {
  const taken = cacheReadAhead(cacheDir) ? ahead : null;
  ahead = null;
  return taken;
}

/** Each source of an index's `sources` by name → its place in the lists. */
function sourceNumbers(sources: NonNullable<CacheIndex['sources']>): Map<string, number> {
  return new Map(sources.source.map((name, i) => [name, i]));
}

/** Bytes of records and terms an index names. */
function liveBytes(index: CacheIndex): number {
  let live = 0;
  for (const entry of Object.values(index.entries)) live += entry[1] + entry[2];
  for (const [, length] of index.terms ?? []) live += length;
  return live;
}

/** Takes `<pack>.lock` for this process (a lock whose process is gone is taken over); false when another holds it. */
function lockPack(lock: string): boolean {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(lock, String(process.pid), { flag: 'wx' });
      return true;
    } catch {
      let holder = NaN;
      try { holder = Number(readFileSync(lock, 'utf8')); } catch { /* gone meanwhile: try again */ }
      if (holder === process.pid || (Number.isInteger(holder) && processAlive(holder))) return false;
      rmSync(lock, { force: true });
    }
  }
  return false;
}

/** Whether a live process other than this one holds the lock. */
function heldByOther(lock: string): boolean {
  try {
    const holder = Number(readFileSync(lock, 'utf8'));
    return holder !== process.pid && Number.isInteger(holder) && processAlive(holder);
  } catch {
    return false;
  }
}

/**
 * Starts one load's writing: on after the last load's pack when it is there, this process can lock it
 * and it is mostly live; else a fresh pack. The index replaces the cache's when finish() is called.
 */
export function createCacheWriter(
  cacheDir: string,
  { deadSlack = 1 << 20, fingerprint }: { /** dead bytes allowed beyond the live ones */ deadSlack?: number; /** the load's build fingerprint: another's pack holds nothing it can take */ fingerprint?: string } = {},
): CacheWriter {
  mkdirSync(cacheDir, { recursive: true });
  const early = takeAhead(cacheDir);
  const previous = early ? early.index : readIndex(cacheDir);
  removeStalePacks(cacheDir, previous?.pack);
  let stamp = Date.now();
  // never the name of the pack it replaces (two loads of one process within a millisecond)
  while (previous && path.basename(previous.pack) === `records-${process.pid}-${stamp}.pack`) stamp++;
  let pack = `records-${process.pid}-${stamp}.pack`;
  let appendingTo: string | null = null;
  // the last load's pack, when its entries can hit (the same fingerprint) and it holds its whole dictionary
  let base: CacheIndex | null = null;
  if (previous && (fingerprint === undefined || previous.fingerprint === fingerprint)) {
    const name = path.basename(previous.pack);
    let size = -1;
    try { size = statSync(path.join(cacheDir, name)).size; } catch { /* gone: a fresh pack */ }
    if (size >= 0 && (previous.terms ?? []).every(([offset, length]) => offset + length <= size)) base = previous;
    // dead bytes up to the live ones (plus deadSlack, for small caches) are kept; more, and the pack is made anew
    if (base && size <= 2 * (early ? early.live : liveBytes(previous)) + deadSlack && lockPack(path.join(cacheDir, `${name}.lock`))) {
      pack = name;
      appendingTo = name;
    }
  }
  const packPath = path.join(cacheDir, pack);
  const unlock = (): void => { if (appendingTo) rmSync(`${packPath}.lock`, { force: true }); };
  const writer = createPackWriter(packPath, { append: appendingTo !== null });
  const entries: Record<string, Entry> = {};
  const sources = { source: [] as string[], size: [] as number[], mtimeMs: [] as number[], key: [] as string[] };
  let known: Map<string, number> | null = early?.known ?? null;
  // the dictionary goes on from the base pack's
  let terms: PackPlace[] = appendingTo ? [...(base?.terms ?? [])] : [];
  let dictionary: string[] | null = null;
  const baseTerms = (): string[] => {
    if (dictionary) return dictionary;
    dictionary = !base ? [] : early?.dictionary ?? readTerms(path.join(cacheDir, path.basename(base.pack)), base.terms ?? []);
    // a new pack begins with the old dictionary: the payloads it copies over keep their numbers
    if (!appendingTo && dictionary.length > 0) terms = [writer.appendText(dictionary.join('\n'))];
    return dictionary;
  };
  return {
    pack: packPath,
    appendingTo,
    payloadPack: base ? path.basename(base.pack) : null,
    add(key, recordText, payload, problems) {
      let at: [number, number, number] = [0, 0, 0];
      if (recordText !== null) {
        const [offset, length] = writer.appendText(recordText);
        at = [offset, length, payload === null ? 0 : writer.append(payload)[1]];
      }
      entries[key] = problems.length ? [...at, [...problems]] : at;
      return recordText === null ? null : [at[0], at[1]];
    },
    dictionary: baseTerms,
    addTerms(added) {
      baseTerms();
      if (added.length === 0) return;
      for (const term of added) if (term.includes('\n')) throw new Error(`the record cache's term dictionary cannot hold a term with a line break: ${JSON.stringify(term)}`);
      terms.push(writer.appendText(added.join('\n')));
    },
    knownKey(source, size, mtimeMs) {
      const last = base?.sources;
      if (!last) return null;
      known ??= sourceNumbers(last);
      const i = known.get(source);
      if (i === undefined || last.size[i] !== size || last.mtimeMs[i] !== mtimeMs) return null;
      const key = last.key[i]!;
      return base!.entries[key] ? key : null;
    },
    keptEntry(key) {
      return appendingTo ? base?.entries[key] ?? null : null;
    },
    noteSource(source, size, mtimeMs, key) {
      sources.source.push(source);
      sources.size.push(size);
      sources.mtimeMs.push(mtimeMs);
      sources.key.push(key);
    },
    keep(key, entry) {
      if (!appendingTo) throw new Error('the record cache keeps entries in place only when it appends to their pack');
      entries[key] = entry;
      return entry[1] === 0 ? null : [entry[0], entry[1]];
    },
    finish() {
      // a new pack always holds the dictionary its payloads were numbered by
      baseTerms();
      writer.close();
      const tmp = `${indexFile(cacheDir)}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ format: CACHE_FORMAT, pack, fingerprint, entries, terms, sources } satisfies CacheIndex));
      renameSync(tmp, indexFile(cacheDir));
      unlock();
      // the old pack goes, unless another build is still appending to it (it goes with a later load)
      const old = previous ? path.basename(previous.pack) : pack;
      if (old !== pack && !heldByOther(path.join(cacheDir, `${old}.lock`))) rmSync(path.join(cacheDir, old), { force: true });
    },
    abort() {
      writer.close();
      // appended bytes no index names are dead (the next fresh pack drops them); a fresh pack goes now
      if (!appendingTo) rmSync(packPath, { force: true });
      unlock();
    },
  };
}

/** Removes packs but the one the index names (`current`) whose writer is gone (a killed load's). */
function removeStalePacks(cacheDir: string, current: string | undefined): void {
  for (const name of readdirSync(cacheDir)) {
    const m = /^records-(\d+)-\d+\.pack$/.exec(name);
    if (!m || name === current || processAlive(Number(m[1]))) continue;
    rmSync(path.join(cacheDir, name), { force: true });
  }
}

/**
 * The content-hash cache under `.cache/records/`: a warm build takes each unchanged article's parse
 * result from here instead of parsing it again. The key covers the bytes, the source path (problems
 * name it) and the build fingerprint (lib/build/worker-build.ts: every file the parse workers run or
 * read), so editing the parser, the tokenizer or the code table invalidates every entry without a
 * manual bump.
 *
 * Layout: one pack of record JSON texts, each followed by its search terms' JSON
 * (`records-<pid>-<time>.pack`), and `index.json` naming that pack and, by key, where each result is:
 * `[offset, length]` of its record's text (length 0: no record), the length of its terms' text, plus its
 * problems when it has any. One pack, not a file per article: creating and deleting 60,000 small files
 * cost tens of seconds a build on this kind of disk.
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
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ParseResult, Problem } from '../parse/types';
import { createPackWriter, processAlive } from './pack-file';

/** Bump when the cache's own format (or the worker's bundle options) changes. */
export const CACHE_FORMAT = 3;

/**
 * [offset, length] of the record's JSON in the pack (length 0: the file gave no record), the length of
 * its search terms' JSON right after it (0: none kept), then its problems when any
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

/** A cached parse result: the record's JSON text as stored (the store writes it as is) and the result. */
export interface CachedResult {
  result: ParseResult;
  /** JSON.stringify(result.record), or null when the file gave no record */
  recordText: string | null;
  /** the record's search terms as kept (load-parse-one.ts NamedTerms), or null */
  termsText: string | null;
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

function openReader(cacheDir: string): Reader {
  if (reader && reader.cacheDir === cacheDir) return reader;
  closeCacheReader();
  const index = readIndex(cacheDir);
  let fd: number | null = null;
  if (index) {
    try { fd = openSync(path.join(cacheDir, path.basename(index.pack)), 'r'); } catch { /* pack gone: every lookup misses */ }
  }
  reader = { cacheDir, entries: new Map(index && fd !== null ? Object.entries(index.entries) : []), fd, pack: index ? path.basename(index.pack) : '' };
  return reader;
}

/** The cached result for a key, or null (missing, short or unreadable entries are simply misses). */
export function readCached(cacheDir: string, key: string): CachedResult | null {
  const { entries, fd, pack } = openReader(cacheDir);
  const entry = entries.get(key);
  if (!entry || fd === null) return null;
  const [offset, length, termsLength, problems = []] = entry;
  if (length === 0) return { result: { record: null, problems }, recordText: null, termsText: null, pack, entry };
  try {
    const size = length + termsLength;
    const buffer = Buffer.allocUnsafe(size);
    for (let read = 0; read < size;) {
      const n = readSync(fd, buffer, read, size - read, offset + read);
      if (n === 0) return null;
      read += n;
    }
    const recordText = buffer.toString('utf8', 0, length);
    const termsText = termsLength > 0 ? buffer.toString('utf8', length, size) : null;
    return { result: { record: JSON.parse(recordText) as ParseResult['record'], problems }, recordText, termsText, pack, entry };
  } catch {
    return null;
  }
}

export interface CacheWriter {
  /** the pack this load's results are in (absolute path; complete once finish() returns) */
  readonly pack: string;
  /** the pack's base name when the load appends to the last load's pack (hits found there are kept in place), else null */
  readonly appendingTo: string | null;
  /** files one result (its record's JSON as the store writes it, and its search terms' JSON when made); where the record went */
  add(key: string, recordText: string | null, termsText: string | null, problems: readonly Problem[]): PackPlace | null;
  /** keeps a hit where it is in the pack this load appends to (its entry as read); where its record is */
  keep(key: string, entry: Entry): PackPlace | null;
  /** puts the new index in place (and removes a pack it no longer names) */
  finish(): void;
  /** throws what this load wrote away */
  abort(): void;
}

/** Bytes of records and terms an index names. */
function liveBytes(index: CacheIndex): number {
  let live = 0;
  for (const entry of Object.values(index.entries)) live += entry[1] + entry[2];
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
  removeStalePacks(cacheDir);
  const previous = readIndex(cacheDir);
  let stamp = Date.now();
  // never the name of the pack it replaces (two loads of one process within a millisecond)
  while (previous && path.basename(previous.pack) === `records-${process.pid}-${stamp}.pack`) stamp++;
  let pack = `records-${process.pid}-${stamp}.pack`;
  let appendingTo: string | null = null;
  if (previous && (fingerprint === undefined || previous.fingerprint === fingerprint)) {
    const name = path.basename(previous.pack);
    let size = -1;
    try { size = statSync(path.join(cacheDir, name)).size; } catch { /* gone: a fresh pack */ }
    // dead bytes up to the live ones (plus deadSlack, for small caches) are kept; more, and the pack is made anew
    if (size >= 0 && size <= 2 * liveBytes(previous) + deadSlack && lockPack(path.join(cacheDir, `${name}.lock`))) {
      pack = name;
      appendingTo = name;
    }
  }
  const packPath = path.join(cacheDir, pack);
  const unlock = (): void => { if (appendingTo) rmSync(`${packPath}.lock`, { force: true }); };
  const writer = createPackWriter(packPath, { append: appendingTo !== null });
  const entries: Record<string, Entry> = {};
  return {
    pack: packPath,
    appendingTo,
    add(key, recordText, termsText, problems) {
      let at: [number, number, number] = [0, 0, 0];
      if (recordText !== null) {
        const [offset, length] = writer.append(Buffer.from(recordText));
        at = [offset, length, termsText === null ? 0 : writer.append(Buffer.from(termsText))[1]];
      }
      entries[key] = problems.length ? [...at, [...problems]] : at;
      return recordText === null ? null : [at[0], at[1]];
    },
    keep(key, entry) {
      if (!appendingTo) throw new Error('the record cache keeps entries in place only when it appends to their pack');
      entries[key] = entry;
      return entry[1] === 0 ? null : [entry[0], entry[1]];
    },
    finish() {
      writer.close();
      const tmp = `${indexFile(cacheDir)}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ format: CACHE_FORMAT, pack, fingerprint, entries } satisfies CacheIndex));
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

/** Removes packs no index names whose writer is gone (a killed load's). */
function removeStalePacks(cacheDir: string): void {
  const current = readIndex(cacheDir)?.pack;
  for (const name of readdirSync(cacheDir)) {
    const m = /^records-(\d+)-\d+\.pack$/.exec(name);
    if (!m || name === current || processAlive(Number(m[1]))) continue;
    rmSync(path.join(cacheDir, name), { force: true });
  }
}

/**
 * The content-hash cache under `.cache/records/`: a warm build takes each unchanged article's parse
 * result from here instead of parsing it again. The key covers the bytes, the source path (problems
 * name it) and the build fingerprint (lib/build/worker-build.ts: every file the parse workers run or
 * read), so editing the parser, the tokenizer or the code table invalidates every entry without a
 * manual bump.
 *
 * Layout: one pack of record JSON texts (`records-<pid>-<time>.pack`) and `index.json` naming that
 * pack and, by key, where each result is: `[offset, length]` of its record's text (length 0: no
 * record) plus its problems when it has any. One pack, not a file per article: creating and deleting
 * 60,000 small files cost tens of seconds a build on this kind of disk. Each load writes a new pack
 * of what it read and swaps the index in with one rename (the cache holds the last load's articles);
 * a reader that finds a pack gone or short treats it as a miss.
 */
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ParseResult, Problem } from '../parse/types';
import { createPackWriter, processAlive } from './pack-file';

/** Bump when the cache's own format (or the worker's bundle options) changes. */
export const CACHE_FORMAT = 3;

/**
 * [offset, length] of the record's JSON in the pack (length 0: the file gave no record), the length of
 * its search terms' JSON right after it (0: none kept), then its problems when any
 */
type Entry = [number, number, number] | [number, number, number, Problem[]];

interface CacheIndex {
  format: number;
  pack: string;
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
}

interface Reader {
  cacheDir: string;
  entries: Map<string, Entry>;
  fd: number | null;
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
  reader = { cacheDir, entries: new Map(index && fd !== null ? Object.entries(index.entries) : []), fd };
  return reader;
}

/** The cached result for a key, or null (missing, short or unreadable entries are simply misses). */
export function readCached(cacheDir: string, key: string): CachedResult | null {
  const { entries, fd } = openReader(cacheDir);
  const entry = entries.get(key);
  if (!entry || fd === null) return null;
  const [offset, length, termsLength, problems = []] = entry;
  if (length === 0) return { result: { record: null, problems }, recordText: null, termsText: null };
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
    return { result: { record: JSON.parse(recordText) as ParseResult['record'], problems }, recordText, termsText };
  } catch {
    return null;
  }
}

export interface CacheWriter {
  /** files one result (its record's JSON as the store writes it, and its search terms' JSON when made) */
  add(key: string, recordText: string | null, termsText: string | null, problems: readonly Problem[]): void;
  /** puts the new pack and index in place and removes the previous pack */
  finish(): void;
  /** throws the half-written pack away */
  abort(): void;
}

/** Starts the pack of one load; its index replaces the cache's when finish() is called. */
export function createCacheWriter(cacheDir: string): CacheWriter {
  mkdirSync(cacheDir, { recursive: true });
  removeStalePacks(cacheDir);
  const pack = `records-${process.pid}-${Date.now()}.pack`;
  const packPath = path.join(cacheDir, pack);
  const writer = createPackWriter(packPath);
  const entries: Record<string, Entry> = {};
  return {
    add(key, recordText, termsText, problems) {
      let at: [number, number, number] = [0, 0, 0];
      if (recordText !== null) {
        const [offset, length] = writer.append(Buffer.from(recordText));
        at = [offset, length, termsText === null ? 0 : writer.append(Buffer.from(termsText))[1]];
      }
      entries[key] = problems.length ? [...at, [...problems]] : at;
    },
    finish() {
      writer.close();
      const previous = readIndex(cacheDir);
      const tmp = `${indexFile(cacheDir)}.${process.pid}.tmp`;
      writeFileSync(tmp, JSON.stringify({ format: CACHE_FORMAT, pack, entries } satisfies CacheIndex));
      renameSync(tmp, indexFile(cacheDir));
      if (previous && path.basename(previous.pack) !== pack) rmSync(path.join(cacheDir, path.basename(previous.pack)), { force: true });
    },
    abort() {
      writer.close();
      rmSync(packPath, { force: true });
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

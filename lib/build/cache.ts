/**
 * The content-hash cache under `.cache/records/`: a warm build reads each unchanged article's
 * ParseResult instead of parsing it again. The key covers the bytes, the source path (problems name
 * it) and the build fingerprint (lib/build/worker-build.ts: every file the parse workers run or
 * read), so editing the parser, the tokenizer or the code table invalidates every entry without a manual bump.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ParseResult } from '../parse/types';

/** Bump when the cache's own format (or the worker's bundle options) changes. */
export const CACHE_FORMAT = 1;

/** The cache key of one file: sha1 of the fingerprint, the source path and the bytes. */
export function cacheKey(fingerprint: string, source: string, bytes: Uint8Array): string {
  return createHash('sha1').update(fingerprint).update('\0').update(source).update('\0').update(bytes).digest('hex');
}

function entryPath(cacheDir: string, key: string): string {
  return path.join(cacheDir, key.slice(0, 2), `${key.slice(2)}.json`);
}

/** The cached result for a key, or null (missing or unreadable entries are simply misses). */
export function readCached(cacheDir: string, key: string): ParseResult | null {
  try {
    return JSON.parse(readFileSync(entryPath(cacheDir, key), 'utf8')) as ParseResult;
  } catch {
    return null;
  }
}

/** Stores a result; written to a temp name first so a killed build never leaves half an entry. */
export function writeCached(cacheDir: string, key: string, result: ParseResult): void {
  const file = entryPath(cacheDir, key);
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, JSON.stringify(result));
  renameSync(tmp, file);
}

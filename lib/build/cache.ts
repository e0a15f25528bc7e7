/**
 * The content-hash cache under `.cache/records/`: a warm build reads each unchanged article's
 * ParseResult instead of parsing it again. The key covers the bytes, the source path (problems name
 * it) and the parser's own code, so editing the parser invalidates every entry without a manual bump.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ParseResult } from '../parse/types';

/** Bump when the cache's own format changes. */
export const CACHE_FORMAT = 1;

/** Folders whose code decides what a record looks like: their sources are part of the cache key. */
const PARSER_DIRS = ['lib/parse', 'lib/error-codes'];

/** A fingerprint of the parser: format constant + sha1 of every parser source file. */
export function parserFingerprint(repoRoot: string): string {
  const hash = createHash('sha1').update(`kb-cache-${CACHE_FORMAT}\n`);
  for (const dir of PARSER_DIRS) {
    const abs = path.join(repoRoot, dir);
    let names: string[] = [];
    try { names = readdirSync(abs, { recursive: true }) as string[]; } catch { continue; }
    for (const name of names.filter((n) => n.endsWith('.ts')).sort()) {
      hash.update(`${dir}/${name}\n`).update(readFileSync(path.join(abs, name)));
    }
  }
  return hash.digest('hex').slice(0, 16);
}

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

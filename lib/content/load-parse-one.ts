/**
 * Parses one file the way the build does: read the bytes, try the content-hash cache, else parse and
 * cache. Shared by the worker threads and the in-process path (small inputs, the CLI), so both give
 * identical results. A parser crash becomes an error on that file, never the end of the build.
 */
import { readFileSync } from 'node:fs';
import { cacheKey, readCached, writeCached } from './cache';
import { parseArticle } from './parse-article';
import type { ParseResult } from './types';

export interface ParseJob {
  index: number;
  /** absolute path */
  file: string;
  /** relative path with `/` */
  source: string;
}

export interface ParseOutcome {
  index: number;
  result: ParseResult;
  bytes: number;
  cached: boolean;
}

export interface ParseSettings {
  /** null: no cache */
  cacheDir: string | null;
  fingerprint: string;
}

/** Reads, parses (or takes from cache) one file; never throws. */
export function parseOne(job: ParseJob, settings: ParseSettings): ParseOutcome {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(job.file);
  } catch (error) {
    return { index: job.index, bytes: 0, cached: false, result: failure(job.source, 'read-failed', `cannot read file: ${message(error)}`) };
  }
  const key = settings.cacheDir ? cacheKey(settings.fingerprint, job.source, bytes) : '';
  if (settings.cacheDir) {
    const hit = readCached(settings.cacheDir, key);
    if (hit) return { index: job.index, bytes: bytes.length, cached: true, result: hit };
  }
  let result: ParseResult;
  try {
    result = parseArticle(bytes, job.source);
  } catch (error) {
    // The parser promises never to throw; if it does, the build keeps going without this page.
    return { index: job.index, bytes: bytes.length, cached: false, result: failure(job.source, 'parser-crash', `parser failed: ${message(error)}`) };
  }
  if (settings.cacheDir) {
    try { writeCached(settings.cacheDir, key, result); } catch { /* a cache that cannot be written only costs time */ }
  }
  return { index: job.index, bytes: bytes.length, cached: false, result };
}

function failure(source: string, code: string, text: string): ParseResult {
  return { record: null, problems: [{ file: source, line: 1, code, message: text, severity: 'error' }] };
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

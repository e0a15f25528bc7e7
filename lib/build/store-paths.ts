/**
 * Where the store lives and how an article ID becomes a file name; shared by writer and readers.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { permalinkKey } from './load-dedupe';

/** The store folder: KB_STORE_DIR, else `<cwd>/.kb/store`. */
export function storeDir(env: Record<string, string | undefined> = process.env): string {
  return path.resolve(env.KB_STORE_DIR || path.join('.kb', 'store'));
}

/** The build report sits next to the store (`.kb/report.json`), never under out/. */
export function reportPath(dir: string = storeDir()): string {
  return path.join(path.dirname(dir), 'report.json');
}

/**
 * A file name for an ID: itself when made of safe characters, else a cleaned form plus a hash, so no
 * ID can reach outside the folder and two different IDs never share a file.
 */
export function safeId(id: string): string {
  const clean = id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 80);
  if (clean === id && clean.length > 0) return id;
  return `${clean}-${createHash('sha1').update(id).digest('hex').slice(0, 10)}`;
}

/**
 * The JSON file holding an article's full record, named by its permalink (the one thing no two
 * articles share: two files may claim one ID): `/kb/155/Q155738/` → `kb_155_q155738-<hash>.json`.
 */
export function recordFile(dir: string, permalink: string): string {
  return path.join(dir, 'articles', `${safeId(permalinkKey(permalink).replace(/^\//, ''))}.json`);
}

/**
 * Where the store lives and how an article ID becomes a file name; shared by writer and readers.
 */
import path from 'node:path';

/** The store folder: KB_STORE_DIR, else `<cwd>/.kb/store`. */
export function storeDir(env: Record<string, string | undefined> = process.env): string {
  return path.resolve(env.KB_STORE_DIR || path.join('.kb', 'store'));
}

/** The build report sits next to the store (`.kb/report.json`), never under out/. */
export function reportPath(dir: string = storeDir()): string {
  return path.join(path.dirname(dir), 'report.json');
}

/**
 * The articles' records, one JSON text after another in one file (`articles.pack`), and where each
 * is (`articles.index.json`: permalink key → [byte offset, byte length]). One file, not one per
 * article: on this kind of disk creating and deleting 60,000 small files took tens of seconds a build.
 */
export function packFile(dir: string): string {
  return path.join(dir, 'articles.pack');
}

/** See packFile. */
export function packIndexFile(dir: string): string {
  return path.join(dir, 'articles.index.json');
}

/**
 * The name of the record cache's pack the store's pack is a link to (or a copy of), when it is one:
 * that pack only grows, so a record's place in it names its bytes (store-pack.ts readPackedDigest).
 */
export function packIdFile(dir: string): string {
  return path.join(dir, 'articles.pack.id');
}

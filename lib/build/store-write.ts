/**
 * Writes the store: one JSON file per article plus site.json. A build writes into a fresh sibling
 * folder and swaps it in at the end, so readers (next dev) never see half a store and articles
 * deleted from the content do not linger.
 */
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { reactPageData, type SiteData } from './site-data';
import { articlePath, REACT_PAGES_FILE } from './store-paths';
import type { ArticleRecord } from '../parse/types';

export interface StoreWriter {
  /** writes one article's record (call once per admitted record) */
  write(record: ArticleRecord): void;
  /** writes site.json and puts the new store in place */
  finish(site: SiteData): void;
  /** throws the half-written store away */
  abort(): void;
}

/** Starts writing a store that will replace `dir`. */
export function createStoreWriter(dir: string): StoreWriter {
  const staging = `${dir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(path.join(staging, 'articles'), { recursive: true });
  return {
    write(record) {
      writeFileSync(articlePath(staging, record.id), JSON.stringify(record));
    },
    finish(site) {
      writeFileSync(path.join(staging, 'site.json'), JSON.stringify(site));
      writeFileSync(path.join(staging, REACT_PAGES_FILE), JSON.stringify(reactPageData(site)));
      const old = `${dir}.old-${process.pid}`;
      rmSync(old, { recursive: true, force: true });
      try { renameSync(dir, old); } catch { /* first build: nothing to move away */ }
      renameSync(staging, dir);
      rmSync(old, { recursive: true, force: true });
    },
    abort() {
      rmSync(staging, { recursive: true, force: true });
    },
  };
}

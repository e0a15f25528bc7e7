/**
 * Writes the store: every article's record in one pack file with its index (store-paths.ts), plus
 * site.json. With a record cache the records are already in the cache's pack, one after another:
 * the store's pack is then a hard link to that file (a copy across file systems) and its index says
 * where each record is, so a build writes no record twice. A build writes into a fresh sibling
 * folder, then swaps it in with one rename: the store path is a symlink to the current data folder
 * (`store.data-<pid>-<time>`), replaced atomically by a new link, so readers (next dev, the routes)
 * see the old store or the new one, never half of one, and articles deleted from the content do not
 * linger. What a killed build leaves behind (`store.tmp-<pid>` and the like) is removed at the next
 * start, unless its process still runs.
 */
import { copyFileSync, linkSync, lstatSync, mkdirSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { SiteData } from './site-data';
import { permalinkKey } from './load-dedupe';
import type { PackPlace } from './cache';
import { createPackWriter, processAlive, type PackWriter } from './pack-file';
import type { PackIndex } from './store-pack';
import { packFile, packIdFile, packIndexFile } from './store-paths';
import type { ArticleRecord } from '../parse/types';
import { asciiJson } from './read-text';

export interface StoreWriter {
  /** writes one article's record (call once per admitted record); `text`: its JSON, when already made */
  write(record: ArticleRecord, text?: string): void;
  /** files one article's record whose JSON text is at `place` in the pack finish() is given (the record cache's: LoadReport.pack) */
  refer(record: Pick<ArticleRecord, 'permalink'>, place: PackPlace): void;
  /**
   * puts the records in the new store: the pack refer()'s places are in (linked), or the records
   * write() wrote, and their index; finish() does it when it has not been done (the build does it
   * while it waits for the similar articles)
   */
  placeRecords(pack?: string | null): void;
  /**
   * writes site.json (the site data, or the text to write: site-data.ts siteDataText's ASCII JSON) and
   * puts the new store in place; `pack`: the file refer()'s places are in
   */
  finish(site: SiteData | string, pack?: string | null): void;
  /** throws the half-written store away */
  abort(): void;
}

/** Siblings of the store a build makes: staging, data, link and old folders, each named with its pid. */
const SIBLING = /^\.(tmp|data|link|old)-(\d+)(?:-\d+)?$/;

/** Removes what earlier builds left next to `dir` (killed mid-write, or old data folders). */
export function removeStaleStoreFiles(dir: string): string[] {
  const parent = path.dirname(dir);
  const name = path.basename(dir);
  let current: string | null = null;
  try { current = readlinkSync(dir); } catch { /* not a link: no data folder in use */ }
  let entries: string[];
  try { entries = readdirSync(parent); } catch { return []; }
  const removed: string[] = [];
  for (const entry of entries) {
    if (!entry.startsWith(name)) continue;
    const m = SIBLING.exec(entry.slice(name.length));
    if (!m || entry === current || processAlive(Number(m[2]))) continue;
    rmSync(path.join(parent, entry), { recursive: true, force: true });
    removed.push(entry);
  }
  return removed;
}

/** Starts writing a store that will replace `dir`. */
export function createStoreWriter(dir: string): StoreWriter {
  removeStaleStoreFiles(dir);
  const staging = `${dir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  let own: PackWriter | null = null;
  let referred = 0;
  let placed = false;
  const index: PackIndex = {};
  const placeRecords = (pack?: string | null): void => {
    if (placed) return;
    if (referred) {
      if (!pack) throw new Error('the store was given places in a pack but not the pack');
      try { linkSync(pack, packFile(staging)); } catch { copyFileSync(pack, packFile(staging)); }
      writeFileSync(packIdFile(staging), path.basename(pack));
    } else {
      (own ??= createPackWriter(packFile(staging))).close();
    }
    writeFileSync(packIndexFile(staging), JSON.stringify(index));
    placed = true;
  };
  return {
    write(record, text = JSON.stringify(record)) {
      if (placed) throw new Error('the store writer has placed its records already');
      if (referred) throw new Error('a store writer takes records written or referred to, not both');
      own ??= createPackWriter(packFile(staging));
      index[permalinkKey(record.permalink)] = own.appendText(text);
    },
    refer(record, place) {
      if (placed) throw new Error('the store writer has placed its records already');
      if (own) throw new Error('a store writer takes records written or referred to, not both');
      referred++;
      index[permalinkKey(record.permalink)] = place;
    },
    placeRecords,
    finish(site, pack) {
      placeRecords(pack);
      // as ASCII: every reader of the site data (each page thread, the build's parent) reads it without
      // decoding UTF-8 (a text given is written as it is: siteDataText's is ASCII already; any other
      // still reads right, as UTF-8)
      writeFileSync(path.join(staging, 'site.json'), typeof site === 'string' ? site : asciiJson(JSON.stringify(site)));
      const data = `${dir}.data-${process.pid}-${Date.now()}`;
      renameSync(staging, data);
      const link = `${dir}.link-${process.pid}`;
      rmSync(link, { force: true });
      symlinkSync(path.basename(data), link);
      let previous: string | null = null;
      try {
        if (lstatSync(dir).isSymbolicLink()) previous = path.join(path.dirname(dir), readlinkSync(dir));
        else {
          // a store from before links (a real folder): moved aside once, not atomically
          previous = `${dir}.old-${process.pid}`;
          rmSync(previous, { recursive: true, force: true });
          renameSync(dir, previous);
        }
      } catch { /* first build: nothing there */ }
      renameSync(link, dir); // rename over a link is atomic
      if (previous && path.resolve(previous) !== path.resolve(data)) rmSync(previous, { recursive: true, force: true });
    },
    abort() {
      own?.close();
      rmSync(staging, { recursive: true, force: true });
    },
  };
}

/**
 * Reads records out of a store's pack (see packFile in store-paths.ts): the index is loaded once per
 * store folder and each record is one positioned read, never the whole file.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, realpathSync } from 'node:fs';
import { packFile, packIdFile, packIndexFile } from './store-paths';
import { permalinkKey } from './load-dedupe';

/** permalink key → [byte offset, byte length] in the pack */
export type PackIndex = Record<string, [number, number]>;

interface OpenPack {
  dir: string;
  index: Map<string, [number, number]>;
  /** the name of the record cache's pack the store's pack is a link to (packIdFile), or null */
  id: string | null;
  fd: number;
}

let open: OpenPack | null = null;
/** Set by freezePack(): the open pack is kept without asking where the store's link points now. */
let frozen = false;

/** The store will not be replaced for the life of this thread (see store.ts freezeStore). */
export function freezePack(): void {
  frozen = true;
}

function openPack(store: string): OpenPack {
  if (frozen && open) return open;
  // by the folder the store's link names now: a build swaps a new folder in under the same path
  const dir = realpathSync(store);
  if (open && open.dir === dir) return open;
  if (open) closeSync(open.fd);
  open = null;
  const index = new Map(Object.entries(JSON.parse(readFileSync(packIndexFile(dir), 'utf8')) as PackIndex));
  let id: string | null = null;
  try { id = readFileSync(packIdFile(dir), 'utf8').trim() || null; } catch { /* a pack of the store's own */ }
  open = { dir, index, fd: openSync(packFile(dir), 'r'), id };
  return open;
}

/** Closes the open pack (a reader done with the store). */
export function closePack(): void {
  if (open) closeSync(open.fd);
  open = null;
}

/** The JSON text of the record stored at `permalink` in the store folder `dir`, or null. */
export function readPackedRecord(dir: string, permalink: string): string | null {
  return readPackedBytes(dir, permalink)?.toString('utf8') ?? null;
}

/**
 * A digest of the record stored at `permalink` (equal digests: equal record texts), or null when
 * there is none. The page workers ask it to tell an unchanged article without reading its record.
 * When the store's pack is the record cache's (packIdFile), the record's place in it is enough:
 * that pack only grows, so the bytes at a place never change while it keeps its name; else a sha1
 * of the stored bytes (read, never parsed).
 */
export function readPackedDigest(dir: string, permalink: string): string | null {
  const pack = openPack(dir);
  const at = pack.index.get(permalinkKey(permalink));
  if (!at) return null;
  if (pack.id !== null) return placeDigest(pack.id, at);
  const bytes = readPackedBytes(dir, permalink);
  return bytes && `s${createHash('sha1').update(bytes).digest('base64url')}`;
}

/** readPackedDigest's digest of the record at `at` ([offset, length]) in the record cache's pack named `id`. */
export function placeDigest(id: string, at: readonly [number, number]): string {
  return `p${id}:${at[0]}:${at[1]}`;
}

function readPackedBytes(dir: string, permalink: string): Buffer | null {
  const pack = openPack(dir);
  const at = pack.index.get(permalinkKey(permalink));
  if (!at) return null;
  const buffer = Buffer.allocUnsafe(at[1]);
  let read = 0;
  while (read < at[1]) {
    const n = readSync(pack.fd, buffer, read, at[1] - read, at[0] + read);
    if (n === 0) throw new Error(`the store's pack ${packFile(dir)} ends before the record of ${permalink}`);
    read += n;
  }
  return buffer;
}

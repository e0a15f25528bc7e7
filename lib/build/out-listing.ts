/**
 * Every file of the export (out/) with its size, modification time and a digest of its bytes, kept
 * from one build to the next (`.kb/out-files.tsv`). A rebuild that found out/ as the last build left
 * it (the outputs stamp) starts from that list and records only what its steps write or remove, so
 * neither the offline version (which needs every file's digest) nor the outputs stamp at the end
 * (which needs every file's size and mtime) lists, stats or reads 68,000 files again. A build that
 * cannot trust the last list walks out/ once (walkListing).
 */
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { isImmutablePath } from '../routes';
import type { ListedFile } from './build-state';
import { listFiles } from '../hosting/walk-files';
import type { FolderListings } from './folder-listings';

/** A file of out/ as listed: its ListedFile fields and the sha1 (base64url) of its bytes, or `named` (see digestOf). */
export interface OutFile extends ListedFile {
  digest: string;
}

/** The digest a listing keeps for bytes at a path: files named by their content (isImmutablePath) count by their path alone. */
export function digestOf(rel: string, bytes: Uint8Array | (() => Uint8Array)): string {
  if (isImmutablePath(`/${rel}`)) return 'named';
  return createHash('sha1').update(typeof bytes === 'function' ? bytes() : bytes).digest('base64url');
}

/** The files of a folder by relative path (with `/`), updated as a build writes and removes them. */
export class OutListing {
  readonly files = new Map<string, Omit<OutFile, 'file'>>();

  constructor(readonly dir: string) {}

  /**
   * Records a file just written (or left in place with new bytes): stats it; `digest`: its bytes'
   * digest when the writer knows it, else the file is read (unless named by its content).
   */
  record(rel: string, digest?: string): void {
    const file = path.join(this.dir, rel);
    const { size, mtimeMs } = statSync(file);
    this.files.set(rel, { size, mtimeMs, digest: digest ?? digestOf(rel, () => readFileSync(file)) });
  }

  /** Records that a file is gone. */
  remove(rel: string): void {
    this.files.delete(rel);
  }

  /** Records that a folder (relative, no trailing `/`) is gone with everything below it. */
  removeFolder(rel: string): void {
    for (const name of this.files.keys()) if (name.startsWith(`${rel}/`)) this.files.delete(name);
  }

  /** Every file, sorted by path. */
  list(): OutFile[] {
    return [...this.files].map(([file, f]) => ({ file, ...f })).sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  }

  /** The text of the listing's file: one line per file, its path as JSON, then size, mtime and digest. */
  text(): string {
    let text = '';
    for (const f of this.list()) text += `${JSON.stringify(f.file)}\t${f.size}\t${f.mtimeMs}\t${f.digest}\n`;
    return text;
  }

  /** A listing from text(); null when the text is not one (then out/ is walked). */
  static parse(dir: string, text: string): OutListing | null {
    const listing = new OutListing(dir);
    for (const line of text.split('\n')) {
      if (!line) continue;
      const parts = line.split('\t');
      if (parts.length !== 4) return null;
      const [name = '', size = '', mtime = '', digest = ''] = parts;
      let rel: unknown;
      try { rel = JSON.parse(name); } catch { return null; }
      const f = { size: Number(size), mtimeMs: Number(mtime), digest };
      if (typeof rel !== 'string' || !digest || !/^\d+$/.test(size) || !Number.isFinite(f.mtimeMs)) return null;
      listing.files.set(rel, f);
    }
    return listing;
  }
}

/** A digest of a listing's text: the build state keeps it, so a listing file is trusted only with the state it was written with. */
export function listingDigest(text: string): string {
  return createHash('sha1').update(text).digest('hex');
}

/** Reads the listing file the last build wrote when its digest is `expected`; null otherwise. */
export function readListing(file: string, dir: string, expected: string | undefined): OutListing | null {
  if (!expected) return null;
  let text: string;
  try { text = readFileSync(file, 'utf8'); } catch { return null; }
  return listingDigest(text) === expected ? OutListing.parse(dir, text) : null;
}

/** Writes a listing's file (atomically); returns the digest the build state keeps. */
export function writeListing(file: string, listing: OutListing): string {
  const text = listing.text();
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, file);
  return listingDigest(text);
}

/**
 * Walks `dir` and lists every file: stats each, and takes its digest from `known` (file → digest of
 * bytes just written), else reads it (unless named by its content). `listings`: the folder listings of
 * the outputs stamp, brought up to date by this walk (listFiles).
 */
export async function walkListing(dir: string, known: ReadonlyMap<string, string> = new Map(), listings?: FolderListings): Promise<OutListing> {
  const listing = new OutListing(dir);
  for (const rel of await listFiles(dir, { listings })) listing.record(rel, known.get(rel));
  return listing;
}

/**
 * Folder listings kept from the last walk, so that a walk of 60,000 unchanged folders (the content,
 * out/) stats each folder instead of reading it: a folder whose device, inode, modification and
 * change times are the ones recorded gives its recorded entries. Adding, removing or renaming an
 * entry changes its folder's modification and change times, and the change time cannot be set back
 * (`utimes` sets it to now), so a recorded listing is the folder as it is. What is in the entries
 * (a file's bytes, size or time) is not recorded: callers still stat each file.
 *
 * A folder changed within RACY_MS before the walk started is not recorded: a change in the same clock
 * tick as the listing would leave its times as they were (git's "racily clean" entries). Nor is a
 * folder with a tab or a line break in its path or its entries' names (the file's separators).
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';

/** A folder changed less than this before the walk began is read again next time. */
export const RACY_MS = 2000;

/** The entries of a folder: names, and one letter per name: f file, d folder, l link, o other. */
export interface Listing {
  names: string[];
  kinds: string;
}

const FORMAT = 'kb-folder-listings-1';

/** A folder as recorded: its identity and times (equal, its entries are the same) and its entries. */
interface Recorded extends Listing {
  dev: number;
  ino: number;
  mtimeMs: number;
  ctimeMs: number;
}

const kindOf = (e: Dirent): string => (e.isSymbolicLink() ? 'l' : e.isDirectory() ? 'd' : e.isFile() ? 'f' : 'o');

/** A folder's entries as a listing. */
export function listingOf(entries: readonly Dirent[]): Listing {
  return { names: entries.map((e) => e.name), kinds: entries.map(kindOf).join('') };
}

/** Reads a folder's entries (the walks pass their own for tests that make a folder unreadable). */
export type ReadFolder = (dir: string) => Dirent[];

export const readFolder: ReadFolder = (dir) => readdirSync(dir, { withFileTypes: true });

/**
 * Listings recorded below one root, read from and saved to one file. Folders are named by their path
 * relative to the root as the walk reached them (through links too: the folder's device and inode
 * are part of what must match).
 */
export class FolderListings {
  private readonly recorded = new Map<string, Recorded>();
  private readonly seen = new Map<string, Recorded>();
  private readonly started = Date.now();
  private changed = false;
  /** folders read from disk this walk (the others came from the record) */
  read = 0;

  private readonly racyMs: number;

  /**
   * The listings `file` holds for `root` (none when it is missing, broken or of another root); null:
   * none kept. `racyMs`: the margin (tests shorten it).
   */
  constructor(private readonly file: string | null, private readonly root: string, { racyMs = RACY_MS }: { racyMs?: number } = {}) {
    this.racyMs = racyMs;
    if (!file) return;
    let text: string;
    try { text = readFileSync(file, 'utf8'); } catch { return; }
    const lines = text.split('\n');
    if (lines[0] !== `${FORMAT}\t${root}`) return;
    for (let i = 1; i < lines.length; i++) {
      const fields = (lines[i] as string).split('\t');
      if (fields.length < 6) continue;
      const [rel, dev, ino, mtimeMs, ctimeMs, kinds] = fields as [string, string, string, string, string, string];
      const names = fields.slice(6);
      if (names.length !== kinds.length) continue;
      this.recorded.set(rel, { dev: Number(dev), ino: Number(ino), mtimeMs: Number(mtimeMs), ctimeMs: Number(ctimeMs), kinds, names });
    }
  }

  /**
   * The entries of the folder at `abs`, `rel` below the root ('' for the root itself), whose stat is
   * `stat`, taken before this call (a change after it shows next time): as recorded when its
   * identity and times are unchanged, else read with `read`.
   */
  list(rel: string, abs: string, stat: Stats, read: ReadFolder = readFolder): Listing {
    const name = rel || '.';
    const known = this.recorded.get(name);
    if (known && known.mtimeMs === stat.mtimeMs && known.ctimeMs === stat.ctimeMs && known.ino === stat.ino && known.dev === stat.dev) {
      this.seen.set(name, known);
      return known;
    }
    const listing = listingOf(read(abs));
    this.read++;
    const recordable = stat.ctimeMs < this.started - this.racyMs && stat.mtimeMs < this.started - this.racyMs &&
      !/[\t\n\r]/.test(name) && !listing.names.some((n) => /[\t\n\r]/.test(n));
    if (recordable) {
      this.seen.set(name, { dev: stat.dev, ino: stat.ino, mtimeMs: stat.mtimeMs, ctimeMs: stat.ctimeMs, ...listing });
      this.changed = true;
    } else if (known) {
      this.changed = true; // the old record goes
    }
    return listing;
  }

  /** Writes the listings of the folders this walk saw (when any differs from the file's). */
  save(): void {
    if (!this.file || (!this.changed && this.seen.size === this.recorded.size)) return;
    const lines = [`${FORMAT}\t${this.root}`];
    for (const [rel, r] of this.seen) lines.push([rel, r.dev, r.ino, r.mtimeMs, r.ctimeMs, r.kinds, ...r.names].join('\t'));
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, `${lines.join('\n')}\n`);
      renameSync(tmp, this.file);
    } catch {
      rmSync(`${this.file}.${process.pid}.tmp`, { force: true }); // a cache: the next walk reads the folders again
    }
  }
}

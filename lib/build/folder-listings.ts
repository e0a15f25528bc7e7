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
import { mkdirSync, readdirSync, renameSync, rmSync, writeFileSync, type Dirent, type Stats } from 'node:fs';
import path from 'node:path';
import { readText } from './read-text';

/** A folder changed less than this before the walk began is read again next time. */
export const RACY_MS = 2000;

/** The entries of a folder: names, and one letter per name: f file, d folder, l link, o other. */
export interface Listing {
  names: string[];
  kinds: string;
}

const FORMAT = 'kb-folder-listings-1';


const kindOf = (e: Dirent): string => (e.isSymbolicLink() ? 'l' : e.isDirectory() ? 'd' : e.isFile() ? 'f' : 'o');

/** A folder's entries as a listing. */
export function listingOf(entries: readonly Dirent[]): Listing {
  return { names: entries.map((e) => e.name), kinds: entries.map(kindOf).join('') };
}

/** Reads a folder's entries (the walks pass their own for tests that make a folder unreadable). */
export type ReadFolder = (dir: string) => Dirent[];

export const readFolder: ReadFolder = (dir) => readdirSync(dir, { withFileTypes: true });

/**
 * Listings recorded below one root, read from and saved to one file, one line per folder in the order
 * the last walk took them: a walk over an unchanged tree takes the lines in turn (no map of 60,000
 * entries is built; only a line that is used is split), and only when a walk goes another way are the
 * remaining lines indexed by folder. Folders are named by their path relative to the root as the walk
 * reached them (through links too: the folder's device and inode are part of what must match).
 */
export class FolderListings {
  private readonly started = Date.now();
  private readonly racyMs: number;
  /** the recorded lines ('' when none), and where the next unused one starts */
  private text = '';
  private next = 0;
  /** the lines by folder, built when a walk leaves the recorded order */
  private index: Map<string, number> | null = null;
  /** what this walk records, in its order: ranges of `text` kept as they were, or new lines */
  private readonly lines: (string | [number, number])[] = [];
  private changed = false;
  /** folders read from disk this walk (the others came from the record) */
  read = 0;

  /**
   * The listings `file` holds for `root` (none when it is missing, broken or of another root); null:
   * none kept. `racyMs`: the margin (tests shorten it).
   */
  constructor(private readonly file: string | null, private readonly root: string, { racyMs = RACY_MS }: { racyMs?: number } = {}) {
    this.racyMs = racyMs;
    if (!file) return;
    let text: string;
    try { text = readText(file); } catch { return; }
    const header = `${FORMAT}\t${root}\n`;
    if (!text.startsWith(header)) return;
    this.text = text;
    this.next = header.length;
  }

  /** Where the recorded line of folder `name` starts, or -1; the walk's order first, else the index. */
  private find(name: string): number {
    const { text } = this;
    if (!this.index) {
      if (this.next < text.length && text.startsWith(`${name}\t`, this.next)) return this.next;
      // another order: index the lines not used yet (the used ones are behind `next`)
      this.index = new Map();
      for (let at = this.next; at < text.length;) {
        const end = text.indexOf('\n', at);
        const tab = text.indexOf('\t', at);
        if (end < 0) break;
        if (tab > at && tab < end) this.index.set(text.slice(at, tab), at);
        at = end + 1;
      }
    }
    const at = this.index.get(name);
    if (at === undefined) return -1;
    this.index.delete(name);
    return at;
  }

  /**
   * The entries of the folder at `abs`, `rel` below the root ('' for the root itself), whose stat is
   * `stat`, taken before this call (a change after it shows next time): as recorded when its
   * identity and times are unchanged, else read with `read`.
   */
  list(rel: string, abs: string, stat: Stats, read: ReadFolder = readFolder): Listing {
    const name = rel || '.';
    const at = this.find(name);
    if (at >= 0) {
      let end = this.text.indexOf('\n', at);
      if (end < 0) end = this.text.length;
      if (at === this.next) this.next = end + 1;
      else this.changed = true; // the order changed: the file is written anew
      // rel, dev, ino, mtime, ctime, kinds, names…
      const fields = this.text.slice(at, end).split('\t');
      const kinds = fields[5] ?? '';
      if (Number(fields[3]) === stat.mtimeMs && Number(fields[4]) === stat.ctimeMs && Number(fields[2]) === stat.ino && Number(fields[1]) === stat.dev && fields.length === 6 + kinds.length) {
        // kept as it was: a range of the recorded text (the line after the last one kept extends it)
        const last = this.lines[this.lines.length - 1];
        if (typeof last === 'object' && last[1] + 1 === at) last[1] = end;
        else this.lines.push([at, end]);
        return { names: fields.slice(6), kinds };
      }
    }
    const listing = listingOf(read(abs));
    this.read++;
    this.changed = true;
    const recordable = stat.ctimeMs < this.started - this.racyMs && stat.mtimeMs < this.started - this.racyMs &&
      !/[\t\n\r]/.test(name) && !listing.names.some((n) => /[\t\n\r]/.test(n));
    if (recordable) this.lines.push([name, stat.dev, stat.ino, stat.mtimeMs, stat.ctimeMs, listing.kinds, ...listing.names].join('\t'));
    return listing;
  }

  /** Writes the listings of the folders this walk saw (when they differ from the file's). */
  save(): void {
    // unchanged: every folder found in the recorded order, and no recorded line left over
    if (!this.file || (!this.changed && !this.index && this.next >= this.text.length)) return;
    const body = this.lines.map((l) => (typeof l === 'string' ? l : this.text.slice(l[0], l[1]))).join('\n');
    try {
      mkdirSync(path.dirname(this.file), { recursive: true });
      const tmp = `${this.file}.${process.pid}.tmp`;
      writeFileSync(tmp, `${FORMAT}\t${this.root}\n${body}${body ? '\n' : ''}`);
      renameSync(tmp, this.file);
    } catch {
      rmSync(`${this.file}.${process.pid}.tmp`, { force: true }); // a cache: the next walk reads the folders again
    }
  }
}

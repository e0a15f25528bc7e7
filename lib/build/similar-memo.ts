/**
 * The similar articles' lists of the last build, by group (lib/related/similar.ts SimilarReuse), kept
 * in a file of the build's cache: a rebuild computes only the groups whose input changed. A text edit
 * below an article's lead changes no group; an edit of a title or lead changes the groups that have one
 * of its old or new words (their document frequencies moved); an add or a delete changes every group
 * (the article count is in every weight). Trusted only under the same key (the code that computes
 * them: the parse worker's fingerprint), and written whole after each computation (a file that does
 * not parse is no memo).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { similarOfInput, type SimilarInput, type SimilarReuse } from '../related/similar';

/** Where the memo is kept and the key it must have (SimilarMemo). */
export interface SimilarMemoFile {
  file: string;
  key: string;
}

/** A memo's groups as the file keeps them: group key → [id, list] of its articles that have similar ones. */
type Groups = Record<string, (readonly [string, string[]])[]>;

export interface SimilarMemo extends SimilarReuse {
  /** groups taken from the memo and groups computed, so far */
  readonly counts: { reused: number; computed: number };
  /** writes this computation's groups (every one: reused or not) in place of the last memo */
  save(): void;
}

/** Whether a memo's value is a group's lists: [id, [ids…]] pairs. */
function isLists(value: unknown): value is Groups[string] {
  return Array.isArray(value) && value.every((entry) => Array.isArray(entry) && entry.length === 2 && typeof entry[0] === 'string'
    && Array.isArray(entry[1]) && (entry[1] as unknown[]).every((id) => typeof id === 'string'));
}

/** Opens the memo `memo.file` (none when it is missing, unreadable or of another key). */
export function openSimilarMemo(memo: SimilarMemoFile): SimilarMemo {
  let last: Groups = {};
  try {
    const saved = JSON.parse(readFileSync(memo.file, 'utf8')) as { key?: unknown; groups?: Groups };
    if (saved.key === memo.key && saved.groups && typeof saved.groups === 'object') last = saved.groups;
  } catch {
    // no memo: every group is computed
  }
  const next: Groups = {};
  const counts = { reused: 0, computed: 0 };
  return {
    counts,
    digest(words, text) {
      const hash = createHash('sha1');
      hash.update(new Uint8Array(words.buffer, words.byteOffset, words.byteLength));
      hash.update(text);
      return hash.digest('base64');
    },
    // a group's lists as the file has them, when they are lists (a damaged memo is computed again, not trusted)
    get: (key) => (Object.hasOwn(last, key) && isLists(last[key]) ? last[key] : undefined),
    set(key, lists, reused) {
      next[key] = lists as Groups[string];
      if (reused) counts.reused++;
      else counts.computed++;
    },
    save() {
      mkdirSync(path.dirname(memo.file), { recursive: true });
      const temporary = `${memo.file}.${process.pid}.tmp`;
      writeFileSync(temporary, JSON.stringify({ key: memo.key, groups: next }));
      renameSync(temporary, memo.file);
    },
  };
}

/** The similar articles and how many groups were taken from the memo and computed (-1: no memo). */
export interface SimilarDone {
  similar: Record<string, string[]>;
  reused: number;
  computed: number;
}

/** The similar articles of `input`, the groups whose input did not change taken from the memo, which is then written again. */
export function similarWithMemo(input: SimilarInput, memo: SimilarMemoFile | null): SimilarDone {
  if (!memo) return { similar: similarOfInput(input), reused: 0, computed: -1 };
  const reuse = openSimilarMemo(memo);
  const similar = similarOfInput(input, {}, reuse);
  reuse.save();
  return { similar, ...reuse.counts };
}

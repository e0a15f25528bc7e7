/**
 * The similar articles' memo (lib/build/similar-memo.ts): a rebuild takes the lists of every group
 * whose input did not change from the last build and computes the others; the result is always what a
 * computation from nothing gives, and only the groups an edit reaches are computed again.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { openSimilarMemo, similarWithMemo } from '../../lib/build/similar-memo';
import { computeSimilar, createSimilarCollector, similarOfInput, type SimilarSignature } from '../../lib/related/similar';

const dir = mkdtempSync(path.join(os.tmpdir(), 'kb-similar-memo-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const inputOf = (signatures: readonly SimilarSignature[]) => {
  const collector = createSimilarCollector();
  for (const sig of signatures) collector.add(sig);
  return collector.input();
};

/** A small random number generator (mulberry32): the same articles on every run. */
function random(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const words = Array.from({ length: 40 }, (_, i) => `w${i}`);
/** `count` distinct words: most of the group's own vocabulary, some shared by every group */
const pick = (next: () => number, count: number, group: string): string[] => {
  const out = new Set<string>();
  // words of low numbers are common, of high numbers rare
  while (out.size < count) {
    const word = words[Math.floor(next() ** 2 * words.length)]!;
    out.add(next() < 0.15 ? word : `${group}${word}`);
  }
  return [...out];
};

function articles(next: () => number, count: number): SimilarSignature[] {
  return Array.from({ length: count }, (_, i) => {
    const group = `P${Math.floor(next() * 6)}`;
    return { id: `Q${1000 + i}`, group, title: pick(next, 2 + Math.floor(next() * 3), group), lead: pick(next, 2 + Math.floor(next() * 6), group) };
  });
}

test('edits, adds and deletes: the memo gives what a computation from nothing gives, and computes only the groups reached', () => {
  const next = random(15);
  const options = { minScore: 0.05, minShared: 1 };
  let signatures = articles(next, 120);
  const memo = { file: path.join(dir, 'property.json'), key: 'k' };
  const first = similarWithMemo(inputOf(signatures), memo);
  assert.equal(first.reused, 0, 'no memo yet: every group computed');
  assert.ok(first.computed >= 5);
  let sawPartial = false;
  for (let round = 0; round < 40; round++) {
    const kind = round % 4;
    const k = Math.floor(next() * signatures.length);
    if (kind === 0) {
      // a text edit below the lead: the same signatures
    } else if (kind === 1) {
      signatures = signatures.map((sig, i) => (i === k ? { ...sig, lead: pick(next, 3, sig.group) } : sig));
    } else if (kind === 2) {
      const group = `P${Math.floor(next() * 6)}`;
      signatures = signatures.map((sig, i) => (i === k ? { ...sig, title: pick(next, 2, group), group } : sig));
    } else {
      signatures = next() < 0.5 ? signatures.filter((_, i) => i !== k) : [...signatures, { id: `Q${5000 + round}`, group: 'P1', title: pick(next, 3, 'P1'), lead: pick(next, 4, 'P1') }];
    }
    const done = similarWithMemo(inputOf(signatures), memo);
    // the default options are what the build uses; a second memo checks other ones
    assert.deepEqual(done.similar, computeSimilar(signatures), `round ${round}`);
    assert.deepEqual(Object.keys(done.similar), Object.keys(computeSimilar(signatures)), `round ${round}: in the same order`);
    if (kind === 0) assert.equal(done.computed, 0, `round ${round}: nothing changed, nothing computed`);
    if (kind === 3) assert.equal(done.reused, 0, `round ${round}: the article count changed every group's weights`);
    if (kind === 1 && done.reused > 0 && done.computed > 0) sawPartial = true;
  }
  assert.ok(sawPartial, 'some lead edit reached some groups and not others');
  // other options: a memo of their own agrees too
  const other = openSimilarMemo({ file: path.join(dir, 'options.json'), key: 'k' });
  assert.deepEqual(similarOfInput(inputOf(signatures), options, other), computeSimilar(signatures, options));
});

test('a group whose words did not move is taken from the memo; one sharing a word with the edit is computed', () => {
  const base: SimilarSignature[] = [
    { id: 'Q1', group: 'A', title: ['spooler', 'crash'], lead: ['landscape', 'page'] },
    { id: 'Q2', group: 'A', title: ['spooler', 'landscape'], lead: ['crash', 'print'] },
    { id: 'Q3', group: 'B', title: ['modem', 'dialer'], lead: ['hangs', 'line'] },
    { id: 'Q4', group: 'B', title: ['modem', 'hangs'], lead: ['dialer', 'busy'] },
    // "page" is the rarest word of C before the edit and after it: only its frequency moves
    { id: 'Q5', group: 'C', title: ['socket', 'timeout'], lead: ['winsock', 'page'] },
    { id: 'Q6', group: 'C', title: ['winsock', 'timeout'], lead: ['socket', 'reset'] },
    { id: 'Q7', group: 'C', title: ['socket', 'winsock'], lead: ['timeout', 'reset'] },
  ];
  const memo = { file: path.join(dir, 'groups.json'), key: 'k' };
  similarWithMemo(inputOf(base), memo);
  assert.equal(similarWithMemo(inputOf(base), memo).computed, 0, 'the same input: every group from the memo');
  // Q1's lead loses "page", which group C also has: A and C are computed again, B is not
  const edited = base.map((sig) => (sig.id === 'Q1' ? { ...sig, lead: ['landscape', 'tray'] } : sig));
  const done = similarWithMemo(inputOf(edited), memo);
  assert.deepEqual({ reused: done.reused, computed: done.computed }, { reused: 1, computed: 2 });
  assert.deepEqual(done.similar, computeSimilar(edited));
  // a word of Q4's title moves to its lead: the same words in the same order, weighed otherwise
  const moved = edited.map((sig) => (sig.id === 'Q4' ? { ...sig, title: ['modem'], lead: ['hangs', 'dialer', 'busy'] } : sig));
  const again = similarWithMemo(inputOf(moved), memo);
  assert.deepEqual({ reused: again.reused, computed: again.computed }, { reused: 2, computed: 1 });
  assert.deepEqual(again.similar, computeSimilar(moved));
  // the memo of another key (other code) is not trusted
  const stranger = similarWithMemo(inputOf(moved), { ...memo, key: 'other' });
  assert.equal(stranger.reused, 0);
  // nor is a file that does not parse
  writeFileSync(memo.file, '{"key":"k","groups":');
  assert.equal(similarWithMemo(inputOf(moved), memo).reused, 0);
  // nor a group whose value parses but is not lists: computed again, the result as from nothing
  const saved = JSON.parse(readFileSync(memo.file, 'utf8')) as { key: string; groups: Record<string, unknown> };
  for (const key of Object.keys(saved.groups)) saved.groups[key] = [['Q1', 'Q2']];
  writeFileSync(memo.file, JSON.stringify(saved));
  const damaged = similarWithMemo(inputOf(moved), memo);
  assert.deepEqual({ reused: damaged.reused, computed: damaged.computed }, { reused: 0, computed: 3 });
  assert.deepEqual(damaged.similar, computeSimilar(moved));
});

test('a group whose words change their order of rarity (not their frequency) is computed again', () => {
  // "alpha" and "beta" are in 3 articles each; which comes first breaks their tie, and it moves from A to B
  const before: SimilarSignature[] = [
    { id: 'Q1', group: 'A', title: ['alpha', 'one'], lead: ['shared', 'x1'] },
    { id: 'Q2', group: 'A', title: ['beta', 'two'], lead: ['shared', 'x2'] },
    { id: 'Q3', group: 'B', title: ['alpha', 'beta'], lead: ['gamma', 'delta'] },
    { id: 'Q4', group: 'B', title: ['beta', 'alpha'], lead: ['gamma', 'epsilon'] },
  ];
  const after = before.map((sig) => (sig.id === 'Q1' ? { ...sig, title: ['beta', 'one'] } : sig.id === 'Q2' ? { ...sig, title: ['alpha', 'two'] } : sig));
  const memo = { file: path.join(dir, 'rarity.json'), key: 'k' };
  similarWithMemo(inputOf(before), memo);
  const done = similarWithMemo(inputOf(after), memo);
  // A is the same input under other names (its words numbered within it): taken from the memo
  assert.deepEqual({ reused: done.reused, computed: done.computed }, { reused: 1, computed: 1 });
  assert.deepEqual(done.similar, computeSimilar(after));
});

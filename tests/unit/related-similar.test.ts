/**
 * Similar articles (lib/related/similar.ts): rare shared words of title and symptoms count, articles
 * are compared within their product only, the result is deterministic, and a word common to most of
 * a product does not make every article a neighbour.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ArticleRecord } from '../../lib/parse/types';
import { emptyPageFields } from '../../lib/parse/front-matter-schema';
import { computeSimilar, similarSignature, type SimilarSignature } from '../../lib/related/similar';

function rec(id: string, product: string, title: string, symptoms: string): ArticleRecord {
  return {
    id, number: Number(id.slice(1)), title, permalink: `/kb/100/${id}/`,
    ...emptyPageFields(), products: product ? [product] : [],
    sections: [
      { kind: 'cause', heading: 'CAUSE', text: 'unrelated cause words', blocks: [] },
      { kind: 'symptoms', heading: 'SYMPTOMS', text: symptoms, blocks: [] },
    ],
    errorCodes: [], cites: [], source: `${id}.md`, variant: 'markdown',
  };
}

const records = [
  rec('Q1', 'Widget Server', 'Spooler crashes when printing landscape pages', 'The print spooler service stops when a landscape page is sent.'),
  rec('Q2', 'Widget Server', 'Landscape pages crash the spooler', 'Printing landscape pages makes the spooler service stop.'),
  rec('Q3', 'Widget Server', 'Mouse pointer freezes after resume', 'After resume the mouse pointer does not move.'),
  rec('Q4', 'Widget Client', 'Spooler crashes when printing landscape pages', 'The print spooler service stops when a landscape page is sent.'),
  rec('Q5', 'Widget Server', 'Mouse pointer jumps after resume from standby', 'The pointer jumps after resume from standby.'),
];

test('the signature takes the title and the Symptoms section (not the first section), without stop words or IDs', () => {
  const sig = similarSignature({ ...records[0]!, title: 'The spooler and Q123456 crash' });
  assert.deepEqual(sig.title, ['spooler', 'crash']);
  assert.ok(sig.lead.includes('landscape') && !sig.lead.includes('unrelated'));
  assert.equal(sig.group, 'Widget Server');
});

test('similar articles share rare words, stay in their product, and never include the article itself', () => {
  const similar = computeSimilar(records.map(similarSignature), { minScore: 0.05 });
  assert.deepEqual(similar.Q1, ['Q2'], 'the twin in another product (Q4) is not listed');
  assert.deepEqual(similar.Q2, ['Q1']);
  assert.equal(similar.Q3?.[0], 'Q5');
  assert.equal(similar.Q4, undefined, 'alone in its product');
  for (const [id, list] of Object.entries(similar)) assert.ok(!list.includes(id));
  assert.deepEqual(computeSimilar(records.map(similarSignature), { minScore: 0.05 }), similar, 'deterministic');
});

test('a word in more articles of a product than maxPosting finds no candidates on its own', () => {
  const sigs: SimilarSignature[] = Array.from({ length: 6 }, (_, i) => ({ id: `Q${i}`, group: 'P', title: ['common', `own${i}`, `solo${i}`], lead: [] }));
  assert.deepEqual(Object.keys(computeSimilar(sigs, { maxPosting: 3, minShared: 1, minScore: 0 })), []);
  // allowed as a source, the shared word links them all
  assert.equal(Object.keys(computeSimilar(sigs, { maxPosting: 10, minShared: 1, minScore: 0 })).length, 6);
});

test('keep bounds the list and ties go to the lower ID', () => {
  const sigs: SimilarSignature[] = ['Q9', 'Q3', 'Q7', 'Q1'].map((id) => ({ id, group: 'P', title: ['alpha', 'beta'], lead: [] }));
  assert.deepEqual(computeSimilar(sigs, { keep: 2 }).Q9, ['Q1', 'Q3']);
});

test('signatures numbered by two parse threads give the lists their words give', async () => {
  const { loadContent } = await import('../../lib/build/load');
  const { namedTermsOf, numberTerms } = await import('../../lib/build/load-parse-one');
  const { createSimilarCollector } = await import('../../lib/related/similar');
  const records: ArticleRecord[] = [];
  await loadContent({ contentDir: new URL('../../content', import.meta.url).pathname, cacheDir: null, workers: 0, onRecord: (r) => records.push(r) });
  const options = { minScore: 0.01, minShared: 1 };
  const expected = computeSimilar(records.map(similarSignature), options);
  assert.ok(Object.keys(expected).length > 5, 'the sample has similar articles at these settings');
  const collector = createSimilarCollector();
  const maps = [new Map<string, number>(), new Map<string, number>()];
  // the build's shared numbers, given in an order of their own (the words sorted backwards): the ids must still follow first use
  const shared = new Map<string, number>();
  const toShared: number[][] = [[], []];
  const numbered = records.map((record, i) => {
    const thread = (i % 3) % 2; // uneven turns: each thread meets some terms first
    const terms = numberTerms(namedTermsOf(record), maps[thread]!, thread);
    for (const term of terms.newTerms) toShared[thread]!.push(shared.get(term) ?? shared.set(term, shared.size).size - 1);
    return { terms, thread };
  });
  const reorder = [...shared.keys()].sort().reverse();
  const rank = new Map(reorder.map((t, i) => [t, i]));
  const byTerm = [...shared.keys()];
  const remapped = toShared.map((list) => list.map((n) => rank.get(byTerm[n]!)!));
  for (const { terms, thread } of numbered) collector.addNumbered(terms.similar, remapped[thread]!);
  assert.deepEqual(collector.finish(options), expected);
  assert.throws(() => createSimilarCollector().addNumbered({ id: 'Q1', group: '', title: Uint32Array.of(5), lead: new Uint32Array(0) }, [0]), /never named/);
});

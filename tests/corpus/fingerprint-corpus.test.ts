/**
 * A warm build after a change to what the parse workers run (the tokenizer) or read (the code table)
 * gives exactly what a cold build gives. Runs a copy of lib/ on ~400 real articles (every 150th) with the worker
 * threads on, the way the build does: first unchanged (filling the record cache and the worker
 * bundle folder), then after each change warm (same cache, same bundle folder) and cold (fresh ones).
 */
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import type { LoadOptions, LoadReport } from '../../lib/build/load';
import type { SearchTerms } from '../../lib/build/load-parse-one';
import { walkContent } from '../../lib/build/walk';
import { corpusOrSkip, placeArticle } from './corpus-path';

/** every STRIDE-th article of the corpus (path order): a spread sample, some of it citing error codes */
const STRIDE = 150;
const repo = path.resolve(import.meta.dirname, '..', '..');
const { dir, skip } = corpusOrSkip();
const work = mkdtempSync(path.join(tmpdir(), 'kb-fingerprint-corpus-'));
after(() => rmSync(work, { recursive: true, force: true }));

type Load = (options: LoadOptions) => Promise<LoadReport>;

/**
 * The records and search terms a load gives, in order, plus how many came from the cache. The terms
 * come numbered by the thread that made them (load-parse-one.ts SearchTerms): they are compared by name.
 */
async function run(loadContent: Load, contentDir: string, cacheDir: string): Promise<{ out: string[]; cached: number }> {
  const out: string[] = [];
  const names = new Map<number, string[]>();
  const learn = (terms: SearchTerms): string[] => {
    const list = names.get(terms.thread) ?? [];
    names.set(terms.thread, list);
    list.push(...terms.newTerms);
    return list;
  };
  const report = await loadContent({
    contentDir, cacheDir, workers: 2, searchTerms: true,
    onRecord: (record, terms) => {
      const list = terms ? learn(terms) : [];
      const named = terms && {
        title: Array.from(terms.title, (n) => list[n]), lead: Array.from(terms.lead, (n) => list[n]), rest: Array.from(terms.rest, (n) => list[n]),
        pairs: Array.from(terms.pairs), doc: terms.doc,
        similar: { ...terms.similar, title: Array.from(terms.similar.title, (n) => list[n]), lead: Array.from(terms.similar.lead, (n) => list[n]) },
      };
      out.push(JSON.stringify({ record, terms: named }));
    },
    onRejectedTerms: learn,
  });
  return { out, cached: report.cached };
}

test(`warm build after a tokenizer or code-table change equals a cold one (every ${STRIDE}th real article)`, { skip }, async () => {
  const content = path.join(work, 'content');
  const files = walkContent(dir as string).filter((_, i) => i % STRIDE === 0);
  for (const f of files) {
    mkdirSync(path.dirname(path.join(content, f.source)), { recursive: true });
    placeArticle(f.file, path.join(content, f.source));
  }
  const copy = path.join(work, 'repo');
  cpSync(path.join(repo, 'lib'), path.join(copy, 'lib'), { recursive: true });
  cpSync(path.join(repo, 'package.json'), path.join(copy, 'package.json'));
  symlinkSync(path.join(repo, 'node_modules'), path.join(copy, 'node_modules'));
  const { loadContent } = (await import(pathToFileURL(path.join(copy, 'lib', 'build', 'load.ts')).href)) as { loadContent: Load };
  const cache = path.join(work, 'cache');
  let fresh = 0;
  const cold = async (): Promise<string[]> => {
    rmSync(path.join(copy, '.cache'), { recursive: true, force: true }); // no worker bundle either
    return (await run(loadContent, content, path.join(work, `cold-${fresh++}`))).out;
  };

  const original = await run(loadContent, content, cache);
  assert.equal(original.out.length > files.length * 0.9, true);
  assert.equal((await run(loadContent, content, cache)).cached, files.length, 'unchanged sources: every file from the cache');

  // the tokenizer keeps every other term
  const tokenizeFile = path.join(copy, 'lib', 'search', 'tokenize.ts');
  const tokenize = readFileSync(tokenizeFile, 'utf8');
  assert.ok(tokenize.includes('export function tokenize('), 'lib/search/tokenize.ts exports tokenize');
  writeFileSync(tokenizeFile, tokenize.replace('export function tokenize(',
    'export function tokenize(...args: Parameters<typeof tokenizeAll>): string[] { return tokenizeAll(...args).filter((_, i) => i % 2 === 0); }\nfunction tokenizeAll('));
  const warmTokenize = await run(loadContent, content, cache);
  const coldTokenize = await cold();
  assert.notDeepEqual(coldTokenize, original.out, 'the tokenizer change changes the terms');
  assert.deepEqual(warmTokenize.out, coldTokenize, 'warm equals cold after a tokenizer change');

  // the code table loses every code: records mention none
  const tableFile = path.join(copy, 'lib', 'error-codes', 'table.json');
  const table = JSON.parse(readFileSync(tableFile, 'utf8')) as { codes: unknown[] };
  writeFileSync(tableFile, JSON.stringify({ ...table, codes: [] }));
  const warmTable = await run(loadContent, content, cache);
  const coldTable = await cold();
  assert.notDeepEqual(coldTable, coldTokenize, 'the table change changes the records (the sample mentions codes)');
  assert.equal(warmTable.cached, 0, 'no record comes from the cache made with the old table');
  assert.deepEqual(warmTable.out, coldTable, 'warm equals cold after a code-table change');
});

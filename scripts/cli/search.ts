/**
 * `kb search "query" [--json] [--limit N] [--product P] [--year Y] [--index DIR]`, or `--stdin`:
 * one query per input line, one JSON line each, the index loaded once.
 * Reads the index written by `kb index` (public/_kb/search/ unless --index or KB_SEARCH_INDEX).
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileLoader } from '../../lib/search/load-files';
import { createSearcher, type SearchOptions, type SearchResponse } from '../../lib/search/query';
import { UsageError, nonEmpty, readArgs, wholeNumber, withUsage, year } from './args';

interface Args { query: string; json: boolean; stdin: boolean; index: string; options: SearchOptions }

const USAGE = 'kb search "query" [--json] [--limit N] [--product P] [--year YYYY] [--index DIR] [--stdin]';

function readSearchArgs(args: string[]): Args {
  const { values, positionals } = readArgs(args, {
    json: { type: 'boolean' }, stdin: { type: 'boolean' }, limit: { type: 'string' }, product: { type: 'string' },
    year: { type: 'string' }, index: { type: 'string' },
  });
  const options: SearchOptions = { limit: wholeNumber('limit', values.limit) ?? 10 };
  const product = nonEmpty('product', values.product);
  if (product !== undefined) options.product = product;
  const y = year(values.year);
  if (y !== undefined) options.year = y;
  const out: Args = {
    query: positionals.join(' '), json: values.json === true, stdin: values.stdin === true,
    index: nonEmpty('index', values.index) ?? process.env.KB_SEARCH_INDEX ?? 'public/_kb/search', options,
  };
  if (!out.stdin && !out.query.trim()) throw new UsageError('give a query, or --stdin');
  if (out.stdin && out.query.trim()) throw new UsageError('give a query or --stdin, not both');
  return out;
}

function toJson(response: SearchResponse): string {
  const { query, total, fallback, codeCard, results, correction } = response;
  return JSON.stringify({
    query, total, fallback, codeCard,
    results: results.map((r) => ({
      id: r.id, title: r.title, permalink: r.permalink, product: r.product, lastModified: r.lastModified,
      section: r.section, snippet: r.snippet.text, score: r.score,
    })),
    // new since the keys above: set when a mistyped word was searched as a word one edit away
    correction,
  });
}

function toText(response: SearchResponse): string {
  const lines = [`${response.total} result(s) for "${response.query}"`];
  if (response.correction) lines.push(`Showing results for ${response.correction.query}. Search instead for ${response.correction.original}`);
  if (response.fallback) lines.push(response.fallback);
  for (const card of response.codeCard) lines.push(`code: ${card.name} (${card.family}, ${card.value} = ${card.hex}) ${card.href}`);
  for (const r of response.results) lines.push(`${r.id}  ${r.title}  ${r.permalink}`);
  return lines.join('\n');
}

/** Runs `kb search`; returns the exit code. */
export async function run(args: string[]): Promise<number> {
  return withUsage('search', USAGE, () => search(readSearchArgs(args)));
}

async function search(parsed: Args): Promise<number> {
  const dir = path.resolve(parsed.index);
  if (!existsSync(path.join(dir, 'meta.json'))) {
    console.error(`kb search: no search index in ${dir} (run \`npx kb index\` first)`);
    return 1;
  }
  const searcher = createSearcher(fileLoader(dir));
  const answer = async (query: string) => {
    const response = await searcher.search(query, parsed.options);
    return parsed.json || parsed.stdin ? toJson(response) : toText(response);
  };
  if (!parsed.stdin) {
    console.log(await answer(parsed.query));
    return 0;
  }
  for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
    if (line.trim()) process.stdout.write(`${await answer(line)}\n`);
  }
  return 0;
}

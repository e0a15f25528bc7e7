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

interface Args { query: string; json: boolean; stdin: boolean; index: string; options: SearchOptions }

function parseArgs(args: string[]): Args | string {
  const out: Args = { query: '', json: false, stdin: false, index: process.env.KB_SEARCH_INDEX ?? 'public/_kb/search', options: { limit: 10 } };
  const words: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const value = () => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${arg} needs a value`);
      return v;
    };
    if (arg === '--json') out.json = true;
    else if (arg === '--stdin') out.stdin = true;
    else if (arg === '--limit') {
      const n = Number(value());
      if (!Number.isInteger(n) || n < 1) return `--limit must be a positive whole number`;
      out.options.limit = n;
    } else if (arg === '--product') out.options.product = value();
    else if (arg === '--year') out.options.year = value();
    else if (arg === '--index') out.index = value();
    else if (arg.startsWith('--')) return `unknown option ${arg}`;
    else words.push(arg);
  }
  out.query = words.join(' ');
  if (!out.stdin && !out.query.trim()) return 'give a query, or --stdin';
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
  let parsed: Args | string;
  try {
    parsed = parseArgs(args);
  } catch (error) {
    parsed = error instanceof Error ? error.message : String(error);
  }
  if (typeof parsed === 'string') {
    console.error(`kb search: ${parsed}\nusage: kb search "query" [--json] [--limit N] [--stdin] [--index DIR]`);
    return 2;
  }
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

/**
 * `kb lookup <code> [--json]`: every reading of an error code (like Err.exe) and the articles that
 * mention it. Articles come from, in order: KB_CONTENT_DIR when set (parsed now), else the build's
 * store (`.kb/store/site.json`, its `errorIndex`: key → { articles: [{ id, inTitle }] }), else content/
 * (parsed now). Exit code 0 when something matched, 1 when nothing did, 2 on bad usage.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { UsageError, readArgs, withUsage } from './args';
import { lookupCode, type CodeMatch } from '../../lib/error-codes/index';

const USAGE = 'usage: kb lookup <code> [--json]   e.g. kb lookup 0x80004005, kb lookup "STOP 0xA", kb lookup WSAENOTSOCK';

/** code key → article IDs, title mentions first */
type ArticleIndex = Map<string, string[]>;

/** Where output goes: stdout, or a test's buffer. */
export interface Output { write(text: string): unknown }

/** Runs the command; returns the exit code. */
export async function run(args: string[], out: Output = process.stdout): Promise<number> {
  return withUsage('lookup', USAGE.replace(/^usage: /, ''), () => {
    // a code may start with `-` (-2147467259): only `--` words are options here
    const { values, positionals } = readArgs([...args.filter((a) => a.startsWith('--')), '--', ...args.filter((a) => !a.startsWith('--'))], { json: { type: 'boolean' } });
    if (positionals.length === 0) throw new UsageError('give an error code');
    return lookup(positionals, values.json === true, out);
  });
}

async function lookup(words: string[], json: boolean, out: Output): Promise<number> {
  // `kb lookup STOP 0xA` and `kb lookup "STOP 0xA"` mean the same
  const input = words.join(' ');
  const matches = lookupCode(input);
  const index = matches.length > 0 ? await articleIndex() : new Map<string, string[]>();
  const rows = matches.map((m) => ({ ...m, description: m.description ?? null, articles: index.get(m.key) ?? [] }));
  if (json) {
    out.write(`${JSON.stringify({ input, matches: rows })}\n`);
  } else if (rows.length === 0) {
    out.write(`${input}: does not read as an error code this table knows\n`);
  } else {
    out.write(`${input}: ${rows.length} reading${rows.length === 1 ? '' : 's'}\n`);
    for (const m of matches) out.write(formatMatch(m, index.get(m.key) ?? []));
  }
  return rows.length > 0 ? 0 : 1;
}

function formatMatch(m: CodeMatch, articles: string[]): string {
  const lines = [`\n  ${m.name}  (${m.family})  ${m.value}  ${m.hex}`];
  if (m.description) lines.push(`    ${m.description}`);
  if (m.hresult) {
    const facility = m.hresult.facilityName ? `${m.hresult.facilityName} (${m.hresult.facility})` : String(m.hresult.facility);
    lines.push(`    HRESULT ${m.hresult.value}: facility ${facility}, code ${m.hresult.code}${m.hresult.win32 ? ` = ${m.hresult.win32}` : ''}`);
  }
  const shown = articles.slice(0, 20).join(' ');
  lines.push(`    articles (${articles.length}): ${articles.length ? shown + (articles.length > 20 ? ' …' : '') : 'none'}`);
  return `${lines.join('\n')}\n`;
}

/** Which articles mention each code: from KB_CONTENT_DIR, else the store, else content/. */
async function articleIndex(): Promise<ArticleIndex> {
  const contentDir = process.env.KB_CONTENT_DIR;
  if (contentDir) return parseIndex(contentDir);
  const { storeDir } = await import('../../lib/build/store-paths');
  const siteFile = path.join(storeDir(), 'site.json');
  if (existsSync(siteFile)) return storeIndex(siteFile);
  return parseIndex('content');
}

function storeIndex(siteFile: string): ArticleIndex {
  const site = JSON.parse(readFileSync(siteFile, 'utf8')) as { errorIndex?: Record<string, { articles?: { id: string }[] }> };
  const index: ArticleIndex = new Map();
  for (const [key, entry] of Object.entries(site.errorIndex ?? {})) index.set(key, (entry.articles ?? []).map((a) => a.id));
  return index;
}

async function parseIndex(dir: string): Promise<ArticleIndex> {
  if (!existsSync(dir)) throw new Error(`content folder not found: ${path.resolve(dir)} (set KB_CONTENT_DIR)`);
  const { loadContent } = await import('../../lib/build/load');
  const titled: ArticleIndex = new Map();
  const other: ArticleIndex = new Map();
  await loadContent({
    contentDir: dir,
    cacheDir: null,
    onResult(result) {
      const record = result.record;
      if (!record) return;
      for (const code of record.errorCodes) {
        const target = code.where.includes('title') ? titled : other;
        const list = target.get(code.key);
        if (list) list.push(record.id);
        else target.set(code.key, [record.id]);
      }
    },
  });
  // title mentions first, as on the code's page; each list in path order (loadContent's order)
  for (const [key, ids] of other) titled.set(key, [...(titled.get(key) ?? []), ...ids]);
  return titled;
}

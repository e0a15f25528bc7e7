/**
 * `npm run eval:search [-- --index DIR] [--per-class N] [--seed S] [--write FILE] [--queries FILE] [--json]
 *   [--pagefind SITE] [--show-failures N]`
 *
 * Search quality on the real archive. Generates a query set from the archive (KB_CONTENT_DIR, else the
 * corpus of tests/corpus/corpus-path.ts, else /tmp/kb/kb) with a fixed seed, the same every run, and
 * prints the share of queries that find their article, per class:
 *
 *   id        an article number in one of its forms (Q155738, KB155738, kb 155738, 155738…)   first
 *   address   an old support.microsoft.com / microsoft.com address of the article              first
 *   code      an error code the article cites, in another spelling or padding than the article's   top 5
 *   number    a hex number (or a decimal error number) of the article's text in another padding   top 5
 *   title     2-4 words of the title, in another order                                       top 10
 *   typo      the same with one word of 5+ letters mistyped (one edit; not a word of the archive) top 10
 *   symptoms  a 6-word stretch of a Symptoms section that occurs verbatim in at most 10 articles   top 10
 *   message   an error-message line of the article (the line after "…error message:")            top 10
 *
 * The generator knows nothing of the engine: it reads the records and the raw text of every
 * article, and every choice comes from the seeded random generator. `--write FILE` saves the set,
 * `--queries FILE` reads a saved one; `--pagefind SITE` runs the same set through Pagefind on a
 * built export (SITE/pagefind/, see bench-search.ts) in headless Chromium instead of our index.
 */
import { readFileSync, writeFileSync, existsSync, mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { loadContent } from '../lib/build/load';
import type { ArticleRecord } from '../lib/parse/types';
import { fileLoader } from '../lib/search/load-files';
import { createSearcher } from '../lib/search/query';
import { corpusDir } from '../tests/corpus/corpus-path';

export type QueryClass = 'id' | 'address' | 'code' | 'number' | 'title' | 'typo' | 'symptoms' | 'message';
export const CLASSES: QueryClass[] = ['id', 'address', 'code', 'number', 'title', 'typo', 'symptoms', 'message'];
/** How far down the article must be for the query to count as found. */
export const WITHIN: Record<QueryClass, number> = { id: 1, address: 1, code: 5, number: 5, title: 10, typo: 10, symptoms: 10, message: 10 };

export interface EvalQuery {
  cls: QueryClass;
  query: string;
  /** the article the query was made from */
  id: string;
  /** other articles that count as the same answer (identical titles: nothing can tell them apart) */
  alsoOk: string[];
}

/** mulberry32: small, seedable, the same in every Node version. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STOP = new Set(('a an and are as at be but by can do does for from has have how i if in into is it its may no not of on ' +
  'or so such that the their then there these they this to was were when which will with you your').split(' '));

/** Lower-case word tokens joined by single spaces: what "occurs verbatim" compares. */
const words = (text: string): string[] => text.toLowerCase().match(/[a-z0-9]+/g) ?? [];

interface Article {
  id: string;
  number: number | null;
  title: string;
  record: ArticleRecord;
}

/** Every hex number in a text, by value (0x…, 8 hex digits with a digit, NNNh), and decimal error numbers with leading zeros. */
function numbersIn(text: string): { hex: Set<number>; decimalZero: Set<string> } {
  const hex = new Set<number>();
  const decimalZero = new Set<string>();
  for (const m of text.matchAll(/\b0x([0-9a-f]{1,8})\b|\b([0-9a-f]{8})\b|\b([0-9][0-9a-f]{0,7})h\b/gi)) {
    const digits = m[1] ?? m[2] ?? m[3]!;
    if (m[2] !== undefined && !/\d/.test(digits)) continue;
    hex.add(parseInt(digits, 16));
  }
  for (const m of text.matchAll(/\b(?:error|err)\s*[:#]?\s*(0+[1-9]\d{0,5})\b/gi)) decimalZero.add(m[1]!);
  return { hex, decimalZero };
}

/** Builds the query set: `perClass` queries of each class, the same for the same archive and seed. */
export async function generateQueries(contentDir: string, seed: number, perClass: number): Promise<EvalQuery[]> {
  const articles: Article[] = [];
  const texts: string[] = [];
  const df = new Map<string, number>();
  const hexDocs = new Map<number, number>();
  const zeroDocs = new Map<string, number>();
  const codeDocs = new Map<string, number>();
  const titleKey = new Map<string, string[]>();
  await loadContent({
    contentDir,
    cacheDir: path.join(process.cwd(), '.cache', 'records'),
    onRecord(record) {
      articles.push({ id: record.id, number: record.number, title: record.title, record });
      const sectionWords = record.sections.map((s) => words(s.text).join(' '));
      texts.push(sectionWords.join(' \n '));
      const seen = new Set<string>([...words(record.title), ...sectionWords.flatMap((s) => s.split(' '))]);
      for (const w of seen) df.set(w, (df.get(w) ?? 0) + 1);
      const all = record.sections.map((s) => s.text).join('\n');
      const { hex, decimalZero } = numbersIn(`${record.title}\n${all}`);
      for (const v of hex) hexDocs.set(v, (hexDocs.get(v) ?? 0) + 1);
      for (const d of decimalZero) zeroDocs.set(d, (zeroDocs.get(d) ?? 0) + 1);
      for (const c of new Set(record.errorCodes.map((c) => c.key))) codeDocs.set(c, (codeDocs.get(c) ?? 0) + 1);
      const key = words(record.title).join(' ');
      const list = titleKey.get(key);
      if (list) list.push(record.id);
      else titleKey.set(key, [record.id]);
    },
  });
  // occurrences of a word sequence across the archive (sections only, never across two sections)
  const corpus = ` ${texts.join(' \n ')} `;
  texts.length = 0;
  const occurrences = (sequence: string, max: number): number => {
    const needle = ` ${sequence} `;
    let count = 0;
    for (let at = corpus.indexOf(needle); at !== -1; at = corpus.indexOf(needle, at + 1)) {
      count++;
      if (count > max) break;
    }
    return count;
  };

  const rnd = random(seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rnd() * list.length)]!;
  const shuffle = <T>(list: T[]): T[] => {
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [list[i], list[j]] = [list[j]!, list[i]!];
    }
    return list;
  };
  const numbered = articles.filter((a) => a.number !== null);
  const same = (a: Article) => (titleKey.get(words(a.title).join(' ')) ?? []).filter((id) => id !== a.id);
  const out: EvalQuery[] = [];
  const add = (cls: QueryClass, query: string, a: Article, alsoOk: string[] = []) => out.push({ cls, query, id: a.id, alsoOk });
  /** Draws articles until `make` has given `perClass` queries (or many tries failed). */
  const fill = (cls: QueryClass, make: (a: Article) => string | null, alsoOk: (a: Article) => string[] = () => []) => {
    let made = 0;
    for (let tries = 0; made < perClass && tries < perClass * 400; tries++) {
      const a = pick(numbered);
      if (out.some((q) => q.cls === cls && q.id === a.id)) continue;
      const query = make(a);
      if (query === null) continue;
      add(cls, query, a, alsoOk(a));
      made++;
    }
  };

  // article numbers
  const idForms = [(n: number) => `Q${n}`, (n: number) => `q${n}`, (n: number) => `KB${n}`, (n: number) => `kb ${n}`, (n: number) => `KB ${n}`,
    (n: number) => `${n}`, (n: number) => `Q${String(n).padStart(6, '0')}`, (n: number) => `kb${n}`, (n: number) => `Q ${n}`];
  fill('id', (a) => pick(idForms)(a.number!));

  // old addresses: the forms that circulated (README, "Addresses as queries")
  const slug = (title: string) => words(title).slice(0, 8).join('-');
  // Q142608 → Q142/6/08.asp, Q99880 → Q99/8/80.asp: the last two digits name the file, the digit before them its folder
  const asp = (n: number) => {
    const s = String(n);
    return s.length < 5 ? null : { a: s.slice(0, -3), b: s.slice(-3, -2), c: s.slice(-2) };
  };
  const addressForms: ((a: Article) => string | null)[] = [
    (a) => `support.microsoft.com/kb/${a.number}`,
    (a) => `support.microsoft.com/kb/${a.number}/en-us`,
    (a) => `support.microsoft.com/kb/${a.number}/EN-US/`,
    (a) => `support.microsoft.com/kb/q${a.number}/`,
    (a) => `support.microsoft.com/en-us/kb/${a.number}`,
    (a) => `support.microsoft.com/default.aspx?scid=kb;en-us;Q${a.number}`,
    (a) => `support.microsoft.com/default.aspx?scid=kb;EN-US;${a.number}`,
    (a) => `support.microsoft.com/?scid=kb%3Ben-us%3B${a.number}`,
    (a) => `support.microsoft.com/?kbid=${a.number}`,
    (a) => `support.microsoft.com/default.aspx?kbid=${a.number}&product=winxp`,
    (a) => `support.microsoft.com/?id=${a.number}`,
    (a) => `support.microsoft.com/help/${a.number}`,
    (a) => `support.microsoft.com/en-us/help/${a.number}`,
    (a) => `support.microsoft.com/en-us/help/${a.number}/${slug(a.title)}`,
    (a) => { const p = asp(a.number!); return p && `support.microsoft.com/support/kb/articles/Q${p.a}/${p.b}/${p.c}.asp`; },
    (a) => { const p = asp(a.number!); return p && `support.microsoft.com/support/kb/articles/q${p.a}/${p.b}/${p.c}.ASP?LN=EN-US&SD=gn&FR=0`; },
    (a) => { const p = asp(a.number!); return p && `www.microsoft.com/kb/articles/q${p.a}/${p.b}/${p.c}.htm`; },
    (a) => { const p = asp(a.number!); return p && `support.microsoft.com/default.aspx?scid=http://support.microsoft.com:80/support/kb/articles/Q${p.a}/${p.b}/${p.c}.ASP&NoWebContent=1`; },
    (a) => `support.microsoft.com/directory/article.asp?ID=KB;EN-US;Q${a.number}`,
    (a) => `support.microsoft.com/default.aspx/kb/${a.number}`,
  ];
  const schemes = ['', 'http://', 'https://'];
  let form = 0;
  fill('address', (a) => {
    const address = addressForms[form % addressForms.length]!(a);
    if (address === null) return null;
    form++;
    return `${pick(schemes)}${address}`;
  });

  // error codes the article cites, in a spelling the article does not use
  const hex8 = (v: number) => (v >>> 0).toString(16).padStart(8, '0');
  const hexMin = (v: number) => (v >>> 0).toString(16);
  const hexSpellings = (v: number): string[] => {
    const min = hexMin(v);
    return [`0x${hex8(v).toUpperCase()}`, `0x${min.toUpperCase()}`, `0x${min}`, hex8(v).toUpperCase(),
      `${/^[0-9]/.test(min) ? min : `0${min}`}h`.toUpperCase(), `0x${min.padStart(4, '0')}`];
  };
  fill('code', (a) => {
    const codes = a.record.errorCodes.filter((c) => (codeDocs.get(c.key) ?? 0) <= 5);
    if (codes.length === 0) return null;
    const code = pick(codes);
    const written = new Set(code.spellings.map((s) => s.toLowerCase().replace(/\s+/g, ' ')));
    const decimal = code.family === 'win32' || code.family === 'winsock' || code.family === 'netapi';
    const options = [
      ...hexSpellings(code.value),
      ...(decimal ? [`${code.value}`, `error ${code.value}`, `Error ${code.value}`] : []),
      ...(/^\d/.test(code.name) ? [] : [code.name.toLowerCase(), code.name]),
    ].filter((s) => !written.has(s.toLowerCase()) && ![...written].some((w) => w.endsWith(` ${s.toLowerCase()}`) || w === s.toLowerCase()));
    return options.length > 0 ? pick(options) : null;
  });

  // numbers anywhere in the text, in another padding
  fill('number', (a) => {
    const all = `${a.title}\n${a.record.sections.map((s) => s.text).join('\n')}`;
    const { hex, decimalZero } = numbersIn(all);
    const hexes = [...hex].filter((v) => v >= 0x10 && (hexDocs.get(v) ?? 0) <= 5);
    const zeros = [...decimalZero].filter((d) => (zeroDocs.get(d) ?? 0) <= 5 && !all.includes(String(Number(d))));
    const lower = all.toLowerCase();
    if (zeros.length > 0 && rnd() < 0.3) {
      const d = pick(zeros);
      return pick([`${Number(d)}`, `error ${Number(d)}`, `Err ${Number(d)}`]);
    }
    if (hexes.length === 0) return null;
    const v = pick(hexes);
    const options = hexSpellings(v).filter((s) => !new RegExp(`\\b${s.toLowerCase().replace(/^0x/, '0x')}\\b`).test(lower));
    return options.length > 0 ? pick(options) : null;
  });

  // title words, half-remembered: some of them, in another order
  const titleWords = (a: Article) => [...new Set(words(a.title).filter((w) => !STOP.has(w) && w.length > 2 && /[a-z]/.test(w)))];
  fill('title', (a) => {
    const list = titleWords(a);
    if (list.length < 2) return null;
    const k = Math.min(list.length, Math.max(2, Math.min(4, Math.ceil(list.length * 0.6))));
    return shuffle(shuffle([...list]).slice(0, k)).join(' ');
  }, same);

  // the same with one word mistyped: one substitution, insertion, deletion or swap of neighbours
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  const typo = (w: string): string => {
    const i = 1 + Math.floor(rnd() * (w.length - 1));
    switch (Math.floor(rnd() * 4)) {
      case 0: return w.slice(0, i) + pick([...letters].filter((c) => c !== w[i])) + w.slice(i + 1);
      case 1: return w.slice(0, i) + pick([...letters]) + w.slice(i);
      case 2: return w.slice(0, i) + w.slice(i + 1);
      default: return i < w.length - 1 && w[i] !== w[i + 1] ? w.slice(0, i) + w[i + 1] + w[i] + w.slice(i + 2) : w.slice(0, i) + w.slice(i + 1);
    }
  };
  fill('typo', (a) => {
    const list = titleWords(a);
    const long = list.filter((w) => w.length >= 5 && /^[a-z]+$/.test(w));
    if (list.length < 2 || long.length === 0) return null;
    const k = Math.min(list.length, Math.max(2, Math.min(3, Math.ceil(list.length * 0.5))));
    const chosen = shuffle([...list]).slice(0, k);
    if (!chosen.some((w) => long.includes(w))) chosen[0] = pick(long);
    const target = pick(chosen.filter((w) => long.includes(w)));
    const wrong = typo(target);
    if (df.has(wrong) || wrong.length < 5) return null;
    return shuffle(chosen.map((w) => (w === target ? wrong : w))).join(' ');
  }, same);

  // pasted stretches of Symptoms text: 6 words that occur verbatim in at most 10 articles
  fill('symptoms', (a) => {
    const symptoms = a.record.sections.filter((s) => s.kind === 'symptoms');
    if (symptoms.length === 0) return null;
    const text = pick(symptoms).text.replace(/\s+/g, ' ');
    const spans = [...text.matchAll(/[A-Za-z0-9]+/g)];
    if (spans.length < 6) return null;
    const start = Math.floor(rnd() * (spans.length - 5));
    const first = spans[start]!;
    const last = spans[start + 5]!;
    const pasted = text.slice(first.index, last.index + last[0].length);
    const sequence = words(pasted);
    if (sequence.length !== 6 || occurrences(sequence.join(' '), 10) > 10) return null;
    return pasted;
  });

  // error-message lines: the block after one that ends "…message:" (the archive's way of quoting them)
  fill('message', (a) => {
    const lines: string[] = [];
    for (const section of a.record.sections) {
      section.blocks.forEach((block, i) => {
        const next = section.blocks[i + 1];
        if (block.type !== 'paragraph' || !/message[^.]*:\s*$/i.test(block.text) || !next) return;
        const text = next.type === 'paragraph' || next.type === 'preformatted' ? next.text : '';
        const line = text.split('\n').map((l) => l.trim()).find((l) => words(l).length >= 3);
        if (line && words(line).length <= 20) lines.push(line);
      });
    }
    if (lines.length === 0) return null;
    const line = pick(lines);
    return occurrences(words(line).join(' '), 10) > 10 ? null : line;
  });
  return out;
}

export interface Outcome { q: EvalQuery; rank: number; top: string[] }

/** Runs the set on our index (in process, as the CLI does). */
async function runOurs(indexDir: string, queries: EvalQuery[]): Promise<Outcome[]> {
  const searcher = createSearcher(fileLoader(indexDir));
  const out: Outcome[] = [];
  for (const q of queries) {
    const response = await searcher.search(q.query, { limit: 10 });
    const top = response.results.map((r) => r.id);
    out.push({ q, top, rank: rankOf(q, top) });
  }
  return out;
}

function rankOf(q: EvalQuery, top: string[]): number {
  const i = top.findIndex((id) => id === q.id || q.alsoOk.includes(id));
  return i < 0 ? Infinity : i + 1;
}

/** Runs the set through Pagefind on a built export, in one headless Chromium page. */
async function runPagefind(site: string, queries: EvalQuery[]): Promise<Outcome[]> {
  const { chromium } = await import('playwright-core');
  const { startServer } = await import('./serve');
  mkdirSync(path.join(site, '_bench'), { recursive: true });
  writeFileSync(path.join(site, '_bench', 'eval.html'), `<!doctype html><meta charset="utf-8"><title>eval</title>
<script type="module">
window.pagefindTop = async (q) => {
  const pf = await import('/pagefind/pagefind.js');
  await pf.init();
  const r = await pf.search(q);
  const data = await Promise.all(r.results.slice(0, 10).map((x) => x.data()));
  return data.map((d) => (/Q\\d+/.exec(d.url) ?? [''])[0]);
};
</script>`);
  const server = await startServer(site, 0, '');
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  const out: Outcome[] = [];
  try {
    const page = await browser.newPage();
    await page.goto(`${origin}/_bench/eval.html`);
    for (const q of queries) {
      const top = await page.evaluate((text) => (window as unknown as { pagefindTop(q: string): Promise<string[]> }).pagefindTop(text), q.query);
      out.push({ q, top, rank: rankOf(q, top) });
    }
  } finally {
    await browser.close();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
  return out;
}

/** Success per class as a Markdown table. */
export function formatOutcomes(outcomes: Outcome[], label: string): string {
  const lines = [`| class (${label}) | queries | found within | found | share |`, '|---|---:|---|---:|---:|'];
  let all = 0;
  let found = 0;
  for (const cls of CLASSES) {
    const list = outcomes.filter((o) => o.q.cls === cls);
    if (list.length === 0) continue;
    const ok = list.filter((o) => o.rank <= WITHIN[cls]).length;
    all += list.length;
    found += ok;
    lines.push(`| ${cls} | ${list.length} | ${WITHIN[cls] === 1 ? 'first' : `top ${WITHIN[cls]}`} | ${ok} | ${((100 * ok) / list.length).toFixed(1)} % |`);
  }
  lines.push(`| all | ${all} | | ${found} | ${((100 * found) / Math.max(1, all)).toFixed(1)} % |`);
  return lines.join('\n');
}

async function main(): Promise<number> {
  const args = process.argv.slice(2);
  const value = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
  const seed = Number(value('--seed') ?? 13);
  const perClass = Number(value('--per-class') ?? 100);
  const indexDir = path.resolve(value('--index') ?? process.env.KB_SEARCH_INDEX ?? 'public/_kb/search');
  let queries: EvalQuery[];
  const saved = value('--queries');
  if (saved) {
    queries = JSON.parse(readFileSync(saved, 'utf8')) as EvalQuery[];
  } else {
    const contentDir = process.env.KB_CONTENT_DIR ?? corpusDir() ?? '/tmp/kb/kb';
    if (!existsSync(contentDir)) {
      console.error(`eval:search: the real archive is needed (KB_CONTENT_DIR or KB_CORPUS); ${contentDir} does not exist`);
      return 1;
    }
    console.error(`eval:search: generating ${perClass} queries per class from ${contentDir} (seed ${seed}) …`);
    queries = await generateQueries(contentDir, seed, perClass);
  }
  const write = value('--write');
  if (write) writeFileSync(write, `${JSON.stringify(queries, null, 1)}\n`);
  const site = value('--pagefind');
  if (!site && !existsSync(path.join(indexDir, 'meta.json'))) {
    console.error(`eval:search: no search index in ${indexDir} (run \`npx kb index\` or the build first, or pass --index DIR)`);
    return 1;
  }
  const outcomes = site ? await runPagefind(path.resolve(site), queries) : await runOurs(indexDir, queries);
  if (args.includes('--json')) {
    for (const o of outcomes) console.log(JSON.stringify({ cls: o.q.cls, query: o.q.query, id: o.q.id, rank: Number.isFinite(o.rank) ? o.rank : null, top: o.top.slice(0, 3) }));
    return 0;
  }
  console.log(formatOutcomes(outcomes, site ? 'Pagefind' : 'kbarchive-web'));
  const show = Number(value('--show-failures') ?? 0);
  if (show > 0) {
    for (const cls of CLASSES) {
      const failed = outcomes.filter((o) => o.q.cls === cls && o.rank > WITHIN[cls]).slice(0, show);
      for (const o of failed) console.log(`miss ${cls}: ${JSON.stringify(o.q.query)} → want ${o.q.id}, got ${o.top.slice(0, 3).join(' ') || 'nothing'}${Number.isFinite(o.rank) ? ` (rank ${o.rank})` : ''}`);
    }
  }
  return 0;
}

if (process.argv[1]?.endsWith('eval-search.ts')) {
  main().then((code) => { process.exitCode = code; }, (error: unknown) => {
    console.error(`eval:search: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
    process.exitCode = 1;
  });
}

/**
 * `<base>/assets/error-lookup.js`, on `/error/` only: the lookup box answers in place as the reader
 * types. It reads the input with the search's own normalizer (`lookupCitedCode`: `0x80004005`,
 * `-2147467259`, `80004005`, `stop 0xa`, `WSAENOTSOCK`) against the table of codes the articles cite,
 * the search index's `codes.json`, fetched on first use. Enter answers too; without JavaScript (or
 * when the table cannot load) the box is a plain GET form to the search page, which shows the same
 * code card. Everything is set as text (textContent), never as HTML.
 */
import { lookupCitedCode } from '../lib/error-codes/cited-lookup';
import { familyName } from '../lib/error-codes/family-names';
import { parseCodeQuery } from '../lib/error-codes/parse-query';
import { typedSpellings } from '../lib/error-codes/spellings';
import { errorCodePath, searchUrl } from '../lib/routes';
import { fileNames, storedName, type CodeRow, type SearchMeta } from '../lib/search/format';
import { withBase } from './base-path';

interface Code { key: string; name: string; family: string; value: number; articles: number }

/** Matches shown for one query: the likeliest readings, not every family a number exists in. */
const SHOWN = 4;

const form = document.querySelector<HTMLFormElement>('form.code-lookup');
const input = form?.querySelector<HTMLInputElement>('input[name="q"]');
const answer = document.getElementById('code-lookup-answer');

let table: Promise<Code[]> | null = null;

async function fetchJson<T>(url: string): Promise<T> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${response.status} for ${url}`);
  return (await response.json()) as T;
}

function codes(): Promise<Code[]> {
  // meta.json names this build's files by their content (lib/search/format.ts): never mix two builds
  const dir = withBase('/_kb/search/');
  table ??= fetchJson<SearchMeta>(dir + fileNames.meta).then(async (meta) => {
    const rows = await fetchJson<CodeRow[]>(dir + storedName(meta, fileNames.codes));
    return rows.map(([name, family, value, articles, key]) => ({ key: key ?? `${family}/${name.toLowerCase()}`, name, family, value, articles }));
  });
  table.catch(() => { table = null; });
  return table;
}

function el<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text?: string): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function card(code: Code): HTMLElement {
  const item = el('li', 'code-card');
  const name = el('p', 'code-card-name');
  const link = el('a', '', code.name);
  link.href = withBase(errorCodePath(code.key));
  name.append(link);
  const family = el('p', 'code-card-family', `${familyName(code.family)} · cited by ${code.articles} ${code.articles === 1 ? 'article' : 'articles'}`);
  const spellings = el('p', 'code-card-spellings');
  typedSpellings(code).forEach((s, i) => {
    if (i) spellings.append(' · ');
    spellings.append(el('code', '', s));
  });
  item.append(name, family, spellings);
  return item;
}

function searchLink(query: string, text: string): HTMLAnchorElement {
  const link = el('a', '', text);
  link.href = withBase(searchUrl(query));
  return link;
}

let sequence = 0;
async function answerQuery(query: string): Promise<void> {
  if (!answer) return;
  const mine = ++sequence;
  const text = query.trim();
  if (!text) {
    answer.replaceChildren();
    return;
  }
  let table: Code[];
  try {
    table = await codes();
  } catch {
    if (mine === sequence) answer.replaceChildren(el('p', 'code-lookup-note', 'The code table could not load. Press Enter to search instead.'));
    return;
  }
  if (mine !== sequence) return;
  const matches = lookupCitedCode(text, table).slice(0, SHOWN);
  if (matches.length) {
    const list = el('ul', 'code-cards');
    list.append(...matches.map(card));
    answer.replaceChildren(list);
    return;
  }
  const note = el('p', 'code-lookup-note');
  note.append(parseCodeQuery(text)
    ? `No article cites a code read from “${text}”. `
    : `“${text}” does not read as an error code (try 0x80004005, -2147467259, stop 0xa or WSAENOTSOCK). `);
  note.append(searchLink(text, `Search the articles for “${text}”`));
  answer.replaceChildren(note);
}

if (form && input && answer && location.protocol !== 'file:') {
  let timer: ReturnType<typeof setTimeout> | undefined;
  input.addEventListener('focus', () => { void codes().catch(() => undefined); }, { once: true });
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(() => void answerQuery(input.value), 60);
  });
  form.addEventListener('submit', (event) => {
    // answered here; the search page stays one link away
    event.preventDefault();
    clearTimeout(timer);
    void answerQuery(input.value);
  });
  if (input.value.trim()) void answerQuery(input.value);
}

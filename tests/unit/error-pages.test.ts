/**
 * Error-code pages, `/error/` and the family pages: hex first for the hex families with the signed
 * decimal, every typed spelling reading back as the same code, the spellings the articles used,
 * article titles as links, the lookup box, and short family lists leading to a page per family.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ArticleRecord } from '../../lib/parse/types';
import { emptyPageFields } from '../../lib/parse/front-matter-schema';
import { createSiteDataBuilder, MAX_SPELLINGS } from '../../lib/build/site-data';
import { lookupCitedCode } from '../../lib/error-codes/cited-lookup';
import { typedSpellings } from '../../lib/error-codes/spellings';
import type { ArticleLink, RenderContext } from '../../lib/render/context';
import { renderErrorPage } from '../../lib/render/error-page';
import { SHORT_LIST, renderErrorFamilyPage, renderErrorIndexPage, type CodeSummary } from '../../lib/render/error-index-page';
import { errorFamilyPath, readErrorPath } from '../../lib/routes';

const ctx: RenderContext = {
  basePath: '', siteUrl: 'https://example.test', siteName: 'KB Archive', articleById: () => undefined, productPath: () => undefined,
};
const article = (id: string): ArticleLink => ({ id, title: `Title of ${id}`, permalink: `/kb/100/${id}/` });

/** The <dt> terms of the page's metadata list, in order (the page leaves out the `</dt>` HTML infers). */
const terms = (html: string): string[] => [...html.matchAll(/<dt>([^<]*)<dd>/g)].map((m) => m[1]!);

test('hex families show hex first, then the signed decimal VB and ADO print; the others decimal first', () => {
  const hresult = renderErrorPage({ key: 'hresult/e_fail', name: 'E_FAIL', family: 'hresult', value: 0x80004005, hex: '0x80004005', articles: [] }, ctx);
  assert.deepEqual(terms(hresult).slice(0, 4), ['Family', 'Hexadecimal', 'Decimal (signed)', 'Decimal (unsigned)']);
  assert.match(hresult, /<dt>Decimal \(signed\)<dd>-2147467259<dt>/);
  assert.match(hresult, /<p class="code-card-spellings" aria-label="Spellings"><code>0x80004005<\/code> · <code>-2147467259<\/code> · <code>80004005<\/code> · <code>E_FAIL<\/code><\/header>/);
  const bugcheck = renderErrorPage({ key: 'bugcheck/irql_not_less_or_equal', name: 'IRQL_NOT_LESS_OR_EQUAL', family: 'bugcheck', value: 10, hex: '0x0000000A', articles: [] }, ctx);
  assert.deepEqual(terms(bugcheck).slice(0, 3), ['Family', 'Hexadecimal', 'Decimal']);
  const winsock = renderErrorPage({ key: 'winsock/wsaenotsock', name: 'WSAENOTSOCK', family: 'winsock', value: 10038, hex: '0x00002736', articles: [] }, ctx);
  assert.deepEqual(terms(winsock).slice(0, 3), ['Family', 'Decimal', 'Hexadecimal']);
  assert.match(winsock, /<a href="\/error\/winsock\/">Windows Sockets error<\/a>/, 'the family links to its page');
});

test('an error page links each article by its title and shows the spellings seen in the articles', () => {
  const html = renderErrorPage({
    key: 'winsock/wsaenotsock', name: 'WSAENOTSOCK', family: 'winsock', value: 10038, hex: '0x00002736',
    spellings: ['error 10038', 'WSAENOTSOCK'],
    articles: [{ article: article('Q100002'), inTitle: false }, { article: article('Q100001'), inTitle: true }],
  }, ctx);
  assert.match(html, /<h2 id="spellings-heading">Spellings seen in the articles<\/h2><ul class="spellings"><li><code>error 10038<\/code><li><code>WSAENOTSOCK<\/code><\/ul>/);
  assert.match(html, /<li><a href="\/kb\/100\/Q100001\/">Title of Q100001<\/a> <span>Q100001<\/span> <span class="badge">in title<\/span><li><a href="\/kb\/100\/Q100002\/">Title of Q100002<\/a>/);
  assert.match(html, /<nav class="breadcrumbs" aria-label="Breadcrumb"><ol><li><a href="\/">Home<\/a><li><a href="\/error\/">Error codes<\/a><li><a href="\/error\/winsock\/">Windows Sockets errors<\/a><li><span aria-current="page">WSAENOTSOCK<\/span>/);
});

test('every spelling a card shows reads back as that code through the search normalizer', () => {
  const table = [
    { key: 'winsock/wsaenotsock', name: 'WSAENOTSOCK', family: 'winsock', value: 10038 },
    { key: 'hresult/e_fail', name: 'E_FAIL', family: 'hresult', value: 0x80004005 },
    { key: 'ntstatus/status_access_violation', name: 'STATUS_ACCESS_VIOLATION', family: 'ntstatus', value: 0xc0000005 },
    { key: 'bugcheck/irql_not_less_or_equal', name: 'IRQL_NOT_LESS_OR_EQUAL', family: 'bugcheck', value: 0xa },
    { key: 'win32/error_access_denied', name: 'ERROR_ACCESS_DENIED', family: 'win32', value: 5 },
    { key: 'netapi/nerr_usernotfound', name: 'NERR_UserNotFound', family: 'netapi', value: 2221 },
  ];
  for (const code of table) {
    for (const spelling of typedSpellings(code)) {
      assert.ok(lookupCitedCode(spelling, table).some((c) => c.key === code.key), `${spelling} finds ${code.key}`);
    }
  }
  assert.deepEqual(typedSpellings(table[2]!), ['0xC0000005', '-1073741819', 'C0000005', 'STATUS_ACCESS_VIOLATION']);
  assert.deepEqual(typedSpellings(table[4]!), ['5', '0x5', 'ERROR_ACCESS_DENIED']);
});

test('the site data keeps the spellings the articles used, most articles first, case and spacing folded', () => {
  const site = createSiteDataBuilder();
  const mention = (spellings: string[]) => [{ key: 'winsock/wsaenotsock', name: 'WSAENOTSOCK', family: 'winsock' as const, value: 10038, spellings, where: ['cause'] }];
  const rec = (id: string, spellings: string[]): ArticleRecord => ({
    id, number: Number(id.slice(1)), title: id, permalink: `/kb/100/${id}/`, ...emptyPageFields(),
    sections: [], errorCodes: mention(spellings), cites: [], source: `${id}.md`, variant: 'markdown',
  });
  site.add(rec('Q100001', ['WSAENOTSOCK', 'error 10038']));
  site.add(rec('Q100002', ['Error  10038', 'error 10038']));
  site.add(rec('Q100003', ['Error 10038']));
  const entry = site.finish().errorIndex['winsock/wsaenotsock'];
  // `error 10038` in three articles (Q100002 counted once), written `Error 10038` by two of them
  assert.deepEqual(entry?.spellings, ['Error 10038', 'WSAENOTSOCK']);
  assert.ok(MAX_SPELLINGS >= 2);
});

const codes: CodeSummary[] = [
  ...Array.from({ length: 12 }, (_, i): CodeSummary => ({ key: `win32/error_${i}`, name: `ERROR_${i}`, family: 'win32', value: i + 1, count: 20 - i })),
  { key: 'hresult/e_fail', name: 'E_FAIL', family: 'hresult', value: 0x80004005, count: 30 },
  { key: 'hresult/e_accessdenied', name: 'E_ACCESSDENIED', family: 'hresult', value: 0x80070005, count: 2 },
];

test('/error/ opens with a lookup box that works as a plain form, then short family lists with "show all"', () => {
  const html = renderErrorIndexPage(codes, ctx);
  assert.match(html, /<form class="code-lookup" role="search" aria-label="Error code lookup" action="\/search\/" method="get"><label for="code-lookup-input">/);
  assert.match(html, /<input id="code-lookup-input" type="search" name="q"[^>]*aria-describedby="code-lookup-answer"/);
  assert.match(html, /<div class="code-lookup-answer" id="code-lookup-answer" aria-live="polite"><\/div>/);
  assert.match(html, /<script src="\/assets\/error-lookup\.js" defer><\/script>/);
  assert.ok(html.indexOf('code-lookup') < html.indexOf('id="family-'), 'the box comes before the lists');
  const win32 = /<section class="family" id="family-win32"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
  assert.equal([...win32.matchAll(/<li>/g)].length, SHORT_LIST, 'a short list');
  assert.match(win32, /<a href="\/error\/win32\/">Show all 12 Win32 errors<\/a>/);
  assert.match(win32, /<ol class="code-list"><li><code class="code-value">1<\/code> <a href="\/error\/win32\/error_0\/">ERROR_0<\/a> <span class="count">20 articles<\/span><li>/, 'most cited first');
  const hresult = /<section class="family" id="family-hresult"[\s\S]*?<\/section>/.exec(html)?.[0] ?? '';
  assert.match(hresult, /<code class="code-value">0x80004005<\/code> <a href="\/error\/hresult\/e_fail\/">E_FAIL<\/a>/, 'hex first for HRESULTs');
  assert.ok(html.indexOf('id="family-hresult"') < html.indexOf('id="family-win32"'), 'HRESULTs lead');
});

test('a family page lists every cited code of the family by value', () => {
  const html = renderErrorFamilyPage('win32', codes, ctx);
  const values = [...html.matchAll(/<code class="code-value">(\d+)<\/code>/g)].map((m) => Number(m[1]));
  assert.deepEqual(values, Array.from({ length: 12 }, (_, i) => i + 1));
  assert.doesNotMatch(html, /E_FAIL/);
  assert.match(html, /<link rel="canonical" href="https:\/\/example.test\/error\/win32\/">/);
  assert.match(html, /<h1>Win32 errors<\/h1>/);
});

test('routes: a family path and a code path read back apart', () => {
  assert.deepEqual(readErrorPath(errorFamilyPath('winsock')), { family: 'winsock' });
  assert.deepEqual(readErrorPath('/error/winsock/wsaenotsock/'), { key: 'winsock/wsaenotsock' });
  assert.equal(readErrorPath('/error/'), null);
  assert.equal(readErrorPath('/error/a/b/c/'), null);
});

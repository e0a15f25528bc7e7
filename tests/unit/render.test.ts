/**
 * The static HTML renderers: content is escaped everywhere it lands (body, <title>, meta, JSON-LD),
 * citations link only to articles that exist, sections carry their kind as id.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ArticleRecord } from '../../lib/parse/types';
import { emptyPageFields } from '../../lib/parse/front-matter-schema';
import type { ArticleLink, RenderContext } from '../../lib/render/context';
import { renderArticlePage, sectionIds } from '../../lib/render/article-page';
import { linkCitations } from '../../lib/render/citations';
import { safeJsonForScript } from '../../lib/render/json-ld';
import { renderProductPage } from '../../lib/render/product-page';
import { renderErrorPage } from '../../lib/render/error-page';
import { renderSearchPage } from '../../lib/render/search-page';
import { pageCount, pagePath, pageSlice } from '../../lib/render/pagination';

const EVIL_TITLE = '<script>alert(1)</script></title>';
const EVIL_BODY = 'Try <img src=x onerror="alert(2)"> or <a href="javascript:alert(3)">this</a> now.';

const known: Record<string, ArticleLink> = {
  Q100001: { id: 'Q100001', title: 'A cited article', permalink: '/kb/100/Q100001/' },
  Q100002: { id: 'Q100002', title: 'Another one', permalink: '/kb/100/Q100002/' },
};

function context(overrides: Partial<RenderContext> = {}): RenderContext {
  return {
    basePath: '',
    siteUrl: 'https://example.test',
    siteName: 'KB Archive',
    articleById: (id) => known[id],
    productPath: (name) => (name === 'Widget Server' ? '/product/widget-server/' : undefined),
    ...overrides,
  };
}

function record(overrides: Partial<ArticleRecord> = {}): ArticleRecord {
  return {
    id: 'Q200001', number: 200001, title: 'Widget Server Stops with Error 10038', permalink: '/kb/200/Q200001/',
    ...emptyPageFields(), products: ['Widget Server'], versions: ['1.0', '2.0'], operatingSystems: ['WINNT'], keywords: ['kbnetwork', 'kbbug'],
    lastModified: '2001-08-09', appliesTo: ['Widget Server versions 1.0, 2.0'],
    sections: [
      { kind: 'symptoms', heading: 'SYMPTOMS', text: 'The server stops. See Q100001 and Q999999.', blocks: [{ type: 'paragraph', text: 'The server stops. See Q100001 and Q999999.' }] },
      { kind: 'cause', heading: 'CAUSE', text: EVIL_BODY, blocks: [{ type: 'paragraph', text: EVIL_BODY }, { type: 'preformatted', text: 'if (a < b && c > d) {}' }] },
      { kind: 'resolution', heading: 'RESOLUTION', text: 'Steps', blocks: [{ type: 'list', ordered: true, start: 3, items: ['Open it.', 'Read Q100002.'] }, { type: 'heading', text: 'Notes' }] },
    ],
    errorCodes: [{ key: 'winsock/wsaenotsock', name: 'WSAENOTSOCK', family: 'winsock', value: 10038, spellings: ['error 10038'], where: ['title'] }],
    cites: ['Q100001', 'Q999999', 'Q100002'], source: 'kb/200/Q200001/README.md', variant: 'archive',
    ...overrides,
  };
}

/** The markup with every attribute value blanked: what is left is elements and text. */
function markupOnly(html: string): string {
  return html.replace(/="[^"]*"/g, '=""');
}

function jsonLdOf(html: string): unknown {
  const m = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html);
  assert.ok(m?.[1], 'page has a JSON-LD script');
  return JSON.parse(m[1]);
}

test('a hostile title is text in the body, <title>, meta tags and JSON-LD', () => {
  const html = renderArticlePage({ record: record({ title: EVIL_TITLE }), citedBy: [] }, context());
  assert.ok(!markupOnly(html).includes('<script>alert(1)'), 'no live script element from the title');
  assert.ok(!markupOnly(html).includes('alert(1)</script></title>'), 'the title cannot close <title>');
  assert.match(html, /<title>Q200001: &#x3C;script>alert\(1\)&#x3C;\/script>&#x3C;\/title> · KB Archive<\/title>/);
  assert.match(html, /<h1>&#x3C;script>alert\(1\)&#x3C;\/script>&#x3C;\/title><\/h1>/);
  assert.ok(html.includes('<meta property="og:title" content="Q200001: <script>alert(1)</script></title>">'), 'inside a quoted attribute, < is plain text');
  // JSON-LD: no raw `<` inside the script element, and the value reads back unchanged
  const ld = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
  assert.ok(!ld.includes('<'), 'JSON-LD has no raw <');
  assert.equal((jsonLdOf(html) as { headline: string }).headline, EVIL_TITLE);
});

test('a hostile body is shown as text: no element, no handler, no javascript: URL', () => {
  const html = renderArticlePage({ record: record(), citedBy: [] }, context());
  assert.ok(!/<img/i.test(markupOnly(html)), 'no img element');
  assert.ok(!/href="javascript:/i.test(html.replace(/>[^<]*</g, '><')), 'no javascript: link');
  assert.ok(html.includes('Try &#x3C;img src=x onerror="alert(2)"> or &#x3C;a href="javascript:alert(3)">this&#x3C;/a> now.'));
  assert.ok(html.includes('<pre tabindex="0">if (a &#x3C; b &#x26;&#x26; c > d) {}</pre>'));
  // the description meta comes from the first section's text, escaped in the attribute
  const evilFirst = record({ sections: [{ kind: 'summary', heading: 'SUMMARY', text: '"><script>x</script>', blocks: [] }] });
  const html2 = renderArticlePage({ record: evilFirst, citedBy: [] }, context());
  assert.ok(html2.includes('<meta name="description" content="&#x22;><script>x</script>">'), 'quote escaped: the value stays one attribute');
  assert.ok(!markupOnly(html2).includes('<script>x'));
});

test('JSON-LD escapes <, >, &, U+2028 and U+2029 and still parses to the same value', () => {
  const value = { a: '</script><!-- & \u2028\u2029 >' };
  const json = safeJsonForScript(value);
  assert.ok(!/[<>&\u2028\u2029]/.test(json));
  assert.deepEqual(JSON.parse(json), value);
});

test('citations link only to articles in the site, never to the article itself', () => {
  const nodes = linkCitations('See Q100001, Q999999 and Q200001 (self), XQ100002 and Q1000011.', context(), 'Q200001');
  const links = nodes.filter((n) => n.type === 'element');
  assert.equal(links.length, 1);
  assert.deepEqual(links[0]?.type === 'element' && links[0].properties.href, '/kb/100/Q100001/');
  const text = nodes.map((n) => (n.type === 'text' ? n.value : n.type === 'element' && n.children[0]?.type === 'text' ? n.children[0].value : '')).join('');
  assert.equal(text, 'See Q100001, Q999999 and Q200001 (self), XQ100002 and Q1000011.', 'no text is lost');
});

test('article page: sections with ids and headings, metadata, cites and cited-by, base path on every link', () => {
  const citedBy = [known.Q100002!];
  const html = renderArticlePage({ record: record(), citedBy }, context({ basePath: '/kbarchive', siteUrl: 'https://host/kbarchive' }));
  for (const kind of ['symptoms', 'cause', 'resolution']) {
    assert.match(html, new RegExp(`<section id="${kind}"><header><h2>`));
  }
  assert.match(html, /<a class="cite" href="\/kbarchive\/kb\/100\/Q100001\/" title="A cited article">Q100001<\/a> and Q999999\./);
  assert.match(html, /<time datetime="2001-08-09">9 August 2001<\/time>/);
  assert.match(html, /<a href="\/kbarchive\/product\/widget-server\/">Widget Server<\/a>/);
  assert.match(html, /<a href="\/kbarchive\/error\/winsock\/wsaenotsock\/">WSAENOTSOCK<\/a>/);
  assert.match(html, /<link rel="canonical" href="https:\/\/host\/kbarchive\/kb\/200\/Q200001\/">/);
  assert.match(html, /<ol start="3"><li>Open it.<li>/);
  assert.match(html, /<nav class="toc"/, 'three headed sections get a table of contents');
  // cites: the two that exist, in order; the missing one is left out
  const cites = /<h3>Articles this one cites<\/h3>[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '';
  assert.deepEqual([...cites.matchAll(/<\/a> <span>(Q\d+)<\/span>/g)].map((m) => m[1]), ['Q100001', 'Q100002']);
  assert.match(/<h3>Cited by<\/h3>[\s\S]*?<\/ul>/.exec(html)?.[0] ?? '', /href="\/kbarchive\/kb\/100\/Q100002\/">Another one<\/a> <span>Q100002</);
  // every root-relative URL carries the base path
  for (const m of html.matchAll(/(?:href|src|action)="(\/[^"]*)"/g)) assert.ok(m[1]!.startsWith('/kbarchive/'), `based: ${m[1]}`);
  assert.match(html, /<form class="kb-search" role="search" aria-label="Site search" action="\/kbarchive\/search\/"><input type="search" name="q"[^>]*aria-label="Search articles"/);
});

test('a body section has no heading; repeated kinds get unique ids', () => {
  assert.deepEqual(sectionIds(['body', 'more-information', 'more-information', 'main']), ['body', 'more-information', 'more-information-2', 'main-2']);
  const html = renderArticlePage({ record: record({ sections: [{ kind: 'body', heading: '', text: 'x', blocks: [{ type: 'paragraph', text: 'Just text.' }] }] }), citedBy: [] }, context());
  assert.match(html, /<section id="body"><p>Just text.<\/section>/);
  assert.ok(!html.includes('class="toc"'));
});

test('product pages paginate with stable paths', () => {
  assert.equal(pageCount(0), 1);
  assert.equal(pageCount(100), 1);
  assert.equal(pageCount(101), 2);
  assert.equal(pagePath('/product/x/', 1), '/product/x/');
  assert.equal(pagePath('/product/x/', 3), '/product/x/page/3/');
  assert.deepEqual(pageSlice([1, 2, 3, 4, 5], 2, 2), [3, 4]);
  const html = renderProductPage({ product: { name: 'Widget <Server>', slug: 'widget-server', count: 250 }, page: 2, articles: [known.Q100001!] }, context());
  assert.match(html, /<h1>Widget &#x3C;Server><\/h1>/);
  assert.match(html, /<ol class="article-list" start="101"><li><a href="\/kb\/100\/Q100001\/"><span>Q100001<\/span> A cited article<\/a>/, 'the ID in a plain span: no class per item');
  assert.match(html, /<a href="\/product\/widget-server\/" rel="prev">Previous<\/a>/);
  assert.match(html, /<a href="\/product\/widget-server\/page\/3\/" rel="next">Next<\/a>/);
  assert.match(html, /<span aria-current="page">2<\/span>/);
});

test('error-code page lists title mentions first and shows the HRESULT parts', () => {
  const html = renderErrorPage({
    key: 'hresult/e-accessdenied', name: 'E_ACCESSDENIED', family: 'hresult', value: 2147942405, hex: '0x80070005',
    hresult: { severity: 1, facility: 7, facilityName: 'WIN32', code: 5, codeName: 'ERROR_ACCESS_DENIED' },
    spellings: ['0x80070005', '<b>80070005</b>'],
    articles: [{ article: known.Q100001!, inTitle: false }, { article: known.Q100002!, inTitle: true }],
  }, context());
  assert.ok(html.indexOf('Q100002') < html.indexOf('Q100001'), 'title mention first');
  assert.match(html, /<dd>WIN32 \(7\)<dt>/);
  assert.match(html, /<dd>5 \(ERROR_ACCESS_DENIED\)<\/dl>/);
  assert.match(html, /<code>&#x3C;b>80070005&#x3C;\/b><\/code>/);
  assert.match(html, /<link rel="canonical" href="https:\/\/example.test\/error\/hresult\/e-accessdenied\/">/);
});

test('the search page is a static shell: a GET form to itself under the base path, a live status, noindex', () => {
  const html = renderSearchPage(context({ basePath: '/kbarchive', siteUrl: 'https://host/kbarchive' }), 'search-0123456789.js');
  const main = /<main[\s\S]*<\/main>/.exec(html)?.[0] ?? '';
  assert.match(main, /<div class="kb-search-page" id="kb-search-page"><h1>Search<\/h1><form class="kb-search kb-search-main" role="search" aria-label="Search the archive" action="\/kbarchive\/search\/" method="get"><input type="search" name="q"/);
  assert.match(main, /<p class="kb-search-status" role="status"><div class="kb-search-body">/, 'an empty status line (its end tag inferred)');
  assert.match(main, /<div class="kb-search-filters" role="group" aria-label="Filters" data-idle="">/);
  assert.match(main, /<noscript><p>Search runs in your browser and needs JavaScript\./);
  assert.match(html, /<meta name="robots" content="noindex">/);
  assert.match(html, /<link rel="canonical" href="https:\/\/host\/kbarchive\/search\/">/);
  assert.match(html, /<script src="\/kbarchive\/assets\/kb\.js" defer><\/script>/, 'kb.js mounts the page');
  assert.match(html, /<link rel="modulepreload" href="\/kbarchive\/assets\/search-0123456789\.js">/, 'the bundle kb.js imports compiles meanwhile');
  assert.doesNotMatch(renderSearchPage(context()), /modulepreload/, 'no bundle built: no preload');
  for (const m of html.matchAll(/(?:href|src|action)="(\/[^"]*)"/g)) assert.ok(m[1]!.startsWith('/kbarchive/'), `based: ${m[1]}`);
});

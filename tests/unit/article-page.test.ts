/**
 * The article page that answers at a glance, tested on its hast tree: one title block (title, ID
 * once, copy controls, facts, applies-to), tags folded away, a link on every section heading, the
 * contents, error codes as cards with every typed spelling, and the related lists.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Element } from 'hast';
import type { ArticleRecord, ErrorCodeMention } from '../../lib/parse/types';
import { emptyPageFields } from '../../lib/parse/front-matter-schema';
import type { ArticleLink, RenderContext } from '../../lib/render/context';
import { articleMain, renderArticlePage } from '../../lib/render/article-page';
import { relatedArticles, type RelatedSources } from '../../lib/render/related';
import { find, findAll, text } from './hast-find';

const known: Record<string, ArticleLink> = Object.fromEntries(
  ['Q100001', 'Q100002', 'Q100003', 'Q100004', 'Q100005', 'Q100006', 'Q100007', 'Q100008'].map((id) => [id, { id, title: `Title of ${id}`, permalink: `/kb/100/${id}/` }]),
);

const ctx: RenderContext = {
  basePath: '',
  siteUrl: 'https://example.test',
  siteName: 'KB Archive',
  articleById: (id) => known[id],
  productPath: (name) => (name === 'Widget Server' ? '/product/widget-server/' : undefined),
};

const WSAENOTSOCK: ErrorCodeMention = { key: 'winsock/wsaenotsock', name: 'WSAENOTSOCK', family: 'winsock', value: 10038, spellings: ['error 10038'], where: ['title'] };
const E_FAIL: ErrorCodeMention = { key: 'hresult/e_fail', name: 'E_FAIL', family: 'hresult', value: 0x80004005, spellings: ['0x80004005'], where: ['cause'] };
const STOP_A: ErrorCodeMention = { key: 'bugcheck/irql_not_less_or_equal', name: 'IRQL_NOT_LESS_OR_EQUAL', family: 'bugcheck', value: 0xa, spellings: ['STOP 0x0000000A'], where: ['symptoms'] };

function record(overrides: Partial<ArticleRecord> = {}): ArticleRecord {
  return {
    id: 'Q200001', number: 200001, title: 'Widget Server Stops with Error 10038', permalink: '/kb/200/Q200001/',
    ...emptyPageFields(), products: ['Widget Server'], versions: ['1.0', '2.0'], keywords: ['kbnetwork', 'kbbug'],
    lastModified: '2001-08-09', appliesTo: ['Widget Server versions 1.0, 2.0', 'Widget Client 1.0', 'Widget Tools 3.0'],
    technology: ['kbWidgetSearch', 'kbWidget100'], queryWords: ['crash'],
    sections: [
      { kind: 'symptoms', heading: 'SYMPTOMS', text: 'It stops. See Q100001.', blocks: [{ type: 'paragraph', text: 'It stops. See Q100001.' }] },
      { kind: 'cause', heading: 'CAUSE', text: 'A bug.', blocks: [{ type: 'paragraph', text: 'A bug.' }] },
      { kind: 'resolution', heading: 'RESOLUTION', text: 'Fix it.', blocks: [{ type: 'paragraph', text: 'Fix it.' }] },
    ],
    errorCodes: [WSAENOTSOCK], cites: ['Q100001', 'Q999999'], source: 'kb/200/Q200001/README.md', variant: 'archive',
    ...overrides,
  };
}

test('the title block holds the title, the ID (once on the page), facts and applies-to', () => {
  const main = articleMain({ record: record(), citedBy: [] }, ctx);
  const header = find(main, 'header.article-header');
  assert.equal(text(find(header, 'h1')), 'Widget Server Stops with Error 10038');
  assert.equal(text(find(header, 'span.article-id')), 'Q200001');
  assert.equal(text(main).split('Q200001').length - 1, 1, 'the ID appears once in the page text');
  // the copy controls are the page script's (client/article-page.ts; e2e article-page.test.ts): not repeated in every page's markup
  assert.deepEqual(findAll(header, 'button'), [], 'no copy control in the markup');
  assert.deepEqual(find(header, 'p.article-id-row').children.map((c) => (c.type === 'element' ? c.tagName : c.type)), ['span'], 'the ID row holds the ID alone');
  assert.match(text(find(header, 'p.article-facts')), /^Widget Server 1\.0, 2\.0 · Last modified 9 August 2001$/);
  assert.equal(find(header, 'time').properties.dateTime, '2001-08-09');
  // three applies-to lines: the first shown, the rest folded
  const applies = find(header, 'details.applies-to');
  assert.match(text(find(applies, 'summary')), /^Applies to: Widget Server versions 1\.0, 2\.0 and 2 more$/);
  assert.equal(findAll(applies, 'li').length, 3);
  // one applies-to line needs no fold
  const single = find(articleMain({ record: record({ appliesTo: ['Widget Server 1.0'] }), citedBy: [] }, ctx), 'p.applies-to');
  assert.equal(text(single), 'Applies to: Widget Server 1.0');
});

test('keywords and technology are folded into <details> after the text, not in the title block', () => {
  const main = articleMain({ record: record(), citedBy: [] }, ctx);
  assert.doesNotMatch(text(find(main, 'header.article-header')), /kbnetwork|kbWidgetSearch/);
  const details = find(main, 'details.article-details');
  assert.equal(text(find(details, 'summary')), 'Keywords and technology');
  assert.match(text(details), /Keywords kbnetwork, kbbug Technology kbWidgetSearch, kbWidget100 Additional query words crash/);
  const content = find(main, 'div.article-content');
  assert.equal(content.children.at(-1), details, 'last in the article');
});

test('every headed section is a bare section with its heading in a header (the script adds its link); the contents list sections and extras', () => {
  const main = articleMain({ record: record(), citedBy: [] }, ctx);
  for (const id of ['symptoms', 'cause', 'resolution', 'kb-error-codes', 'kb-related']) {
    const section = find(main, `section#${id}`);
    // nothing repeated per section but its id: no class, no aria-labelledby, no id on the heading
    assert.deepEqual(Object.keys(section.properties), ['id']);
    const header = section.children[0];
    assert.ok(header?.type === 'element' && header.tagName === 'header', 'the section opens with its header');
    assert.deepEqual(header.children.map((c) => (c.type === 'element' ? c.tagName : c.type)), ['h2'], 'the heading alone: the link is the script\'s');
    assert.deepEqual(find(header, 'h2').properties, {});
  }
  const toc = find(main, 'nav.toc');
  assert.deepEqual(findAll(toc, 'a').map((a) => a.properties.href), ['#symptoms', '#cause', '#resolution', '#kb-error-codes', '#kb-related']);
  assert.ok(findAll(main, 'article.has-toc').length === 1, 'the article knows it has a contents column');
  // the page loads one script, kb.js, which holds the copy controls, heading links and contents marker
  const scripts = [...renderArticlePage({ record: record(), citedBy: [] }, ctx).matchAll(/<script\b[^>]*\bsrc="([^"]*)"/g)].map((m) => m[1]);
  assert.deepEqual(scripts, ['/assets/kb.js']);
});

test('cited error codes are cards linking to their pages with every spelling people type', () => {
  const main = articleMain({ record: record({ errorCodes: [WSAENOTSOCK, E_FAIL, STOP_A] }), citedBy: [] }, ctx);
  const cards = findAll(find(main, 'section#kb-error-codes'), 'li.code-card');
  assert.deepEqual(cards.map((c) => find(c, 'a').properties.href), ['/error/winsock/wsaenotsock/', '/error/hresult/e_fail/', '/error/bugcheck/irql_not_less_or_equal/']);
  assert.deepEqual(cards.map((c) => text(find(c, 'p.code-card-spellings'))), [
    '10038 · 0x2736 · WSAENOTSOCK',
    '0x80004005 · -2147467259 · 80004005 · E_FAIL',
    'STOP 0x0000000A · 0xA · IRQL_NOT_LESS_OR_EQUAL',
  ]);
  assert.deepEqual(cards.map((c) => text(find(c, 'p.code-card-family'))), ['Windows Sockets error', 'HRESULT', 'Bug check (STOP error)']);
});

const sources = (over: Partial<RelatedSources> = {}): RelatedSources => ({
  articleById: (id) => known[id] ?? (id === 'Q200001' ? { id, title: 'Self', permalink: '/kb/200/Q200001/' } : undefined),
  citedBy: () => [known.Q100002!],
  codeArticles: (key) => (key === WSAENOTSOCK.key ? ['Q200001', 'Q100003', 'Q100004', 'Q100005', 'Q100006', 'Q100007', 'Q100008'] : []),
  similar: () => ['Q100001', 'Q100008', 'Q200001', 'Q999999', 'Q100002'],
  ...over,
});

test('related lists: the article is never its own neighbour, and similar leaves out what is listed above', () => {
  const related = relatedArticles(record({ cites: ['Q100001', 'Q200001', 'Q999999'] }), sources(), { perCode: 5, similar: 5 });
  assert.deepEqual(related.cites.map((a) => a.id), ['Q100001'], 'self and absent articles left out');
  assert.deepEqual(related.citedBy.map((a) => a.id), ['Q100002']);
  assert.deepEqual(related.byCode, [{
    key: WSAENOTSOCK.key, name: 'WSAENOTSOCK', total: 6,
    articles: ['Q100003', 'Q100004', 'Q100005', 'Q100006', 'Q100007'].map((id) => known[id]),
  }]);
  // Q100001 is cited, Q100002 cites it, Q200001 is itself, Q999999 absent: only Q100008 is new
  assert.deepEqual(related.similar.map((a) => a.id), ['Q100008']);
  // a code no other article mentions gives no group
  assert.deepEqual(relatedArticles(record(), sources({ codeArticles: () => ['Q200001'] })).byCode, []);
});

test('the related section says how many other articles share each code, links titles, and heads similar ones by product', () => {
  const { citedBy, byCode, similar } = relatedArticles(record(), sources());
  const main = articleMain({ record: record(), citedBy, related: { byCode, similar } }, ctx);
  const section = find(main, 'section#kb-related');
  assert.deepEqual(findAll(section, 'h3').map((h) => text(h)), [
    'Articles this one cites', 'Cited by', 'Also about WSAENOTSOCK: 6 more articles', 'Similar articles about Widget Server',
  ]);
  // each list follows its h3 straight in the section: no wrapper, no class on the list
  assert.deepEqual(section.children.map((c) => (c.type === 'element' ? c.tagName : c.type)), ['header', 'h3', 'ul', 'h3', 'ul', 'h3', 'ul', 'p', 'h3', 'ul']);
  const group = section.children[6] as Element;
  assert.deepEqual(group.properties, {});
  assert.equal(findAll(group, 'li').length, 5);
  const first = find(find(group, 'li'), 'a');
  assert.equal(text(first), 'Title of Q100003', 'the title is the link');
  assert.equal(first.properties.href, '/kb/100/Q100003/');
  const all = find(find(section, 'p.related-more'), 'a');
  assert.equal(text(all), 'All 6 other articles about WSAENOTSOCK');
  assert.equal(all.properties.href, '/error/winsock/wsaenotsock/');
  // nothing related: no section, and no contents entry for it
  const bare = articleMain({ record: record({ cites: [], errorCodes: [] }), citedBy: [] }, ctx);
  assert.equal(findAll(bare, 'section#kb-related').length, 0);
  assert.ok(!findAll(bare, 'a').some((a) => a.properties.href === '#kb-related'));
});

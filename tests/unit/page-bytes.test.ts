/**
 * What every static page does not repeat (60,000 article pages carry each byte of the shell): the
 * head says each thing once, the OpenSearch link is only where a reader searches, the base-path
 * tag only under a sub-path, and the structured data leaves out what the canonical link and the
 * page already say. Each rule keeps what a browser, a crawler or a script needs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { ArticleRecord } from '../../lib/parse/types';
import { emptyPageFields } from '../../lib/parse/front-matter-schema';
import type { RenderContext } from '../../lib/render/context';
import { renderArticlePage } from '../../lib/render/article-page';
import { renderHomePage } from '../../lib/render/home-page';
import { renderSearchPage } from '../../lib/render/search-page';
import { renderNotFoundPage } from '../../lib/render/not-found-page';
import { shortDescription } from '../../lib/render/layout';

function context(overrides: Partial<RenderContext> = {}): RenderContext {
  return {
    basePath: '',
    siteUrl: 'https://example.test',
    siteName: 'KB Archive',
    articleById: () => undefined,
    productPath: (name) => (name === 'Widget Server' ? '/product/widget-server/' : undefined),
    ...overrides,
  };
}

function record(overrides: Partial<ArticleRecord> = {}): ArticleRecord {
  return {
    id: 'Q200001', number: 200001, title: 'Widget Server Stops with Error 10038', permalink: '/kb/200/Q200001/',
    ...emptyPageFields(), products: ['Widget Server'], versions: ['1.0'], keywords: ['kbnetwork', 'kbbug'],
    lastModified: '2001-08-09',
    sections: [{ kind: 'symptoms', heading: 'SYMPTOMS', text: 'The server stops.', blocks: [{ type: 'paragraph', text: 'The server stops.' }] }],
    errorCodes: [], cites: [], source: 'kb/200/Q200001/README.md', variant: 'archive',
    ...overrides,
  };
}

const head = (html: string): string => /<head>([\s\S]*?)<\/head>/.exec(html)?.[1] ?? assert.fail('no head');
const count = (html: string, re: RegExp): number => [...html.matchAll(new RegExp(re.source, 'g'))].length;

test('an article page\'s head says each thing once: no og:url beside the canonical link, no og:description beside the description', () => {
  const h = head(renderArticlePage({ record: record(), citedBy: [] }, context()));
  assert.equal(count(h, /<link rel="canonical" href="https:\/\/example\.test\/kb\/200\/Q200001\/">/), 1);
  assert.equal(count(h, /<meta name="description" content="The server stops\.">/), 1);
  assert.doesNotMatch(h, /og:url|og:description/);
  // what a link preview cannot take from elsewhere stays
  assert.match(h, /<meta property="og:title" content="Q200001: Widget Server Stops with Error 10038">/);
  assert.match(h, /<meta property="og:type" content="article">/);
  assert.match(h, /<meta property="og:site_name" content="KB Archive">/);
  // the page's address appears in the head once
  assert.equal(count(h, /kb\/200\/Q200001/), 1, 'the address once: the canonical link');
});

test('the OpenSearch link is on the home and search pages only', () => {
  const link = /<link rel="search" type="application\/opensearchdescription\+xml" href="\/kbarchive\/opensearch\.xml" title="KB Archive">/;
  const ctx = context({ basePath: '/kbarchive', siteUrl: 'https://host/kbarchive' });
  assert.match(renderHomePage({ articles: 1, products: [], years: {}, codes: 0 }, ctx), link);
  assert.match(renderSearchPage(ctx), link);
  assert.doesNotMatch(renderArticlePage({ record: record(), citedBy: [] }, ctx), /opensearch/);
  assert.doesNotMatch(renderNotFoundPage(ctx), /opensearch/);
});

test('the base-path tag is written under a sub-path only (at the root the scripts\' built-in base path says the same)', () => {
  assert.doesNotMatch(renderArticlePage({ record: record(), citedBy: [] }, context()), /kb-base-path/);
  assert.match(renderArticlePage({ record: record(), citedBy: [] }, context({ basePath: '/kbarchive' })), /<meta name="kb-base-path" content="\/kbarchive">/);
});

test('the JSON-LD names the article, its ID, date and products, without the canonical URL or the keywords the page shows', () => {
  const html = renderArticlePage({ record: record(), citedBy: [] }, context());
  const json = /<script type="application\/ld\+json">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? assert.fail('no JSON-LD');
  assert.deepEqual(JSON.parse(json), {
    '@context': 'https://schema.org', '@type': 'TechArticle', headline: 'Widget Server Stops with Error 10038',
    identifier: 'Q200001', dateModified: '2001-08-09', about: [{ '@type': 'Thing', name: 'Widget Server' }],
  });
  // the keywords are still in the page, in the folded details
  assert.match(html, /<dd>kbnetwork, kbbug<\/dl>/);
});

test('the description is cut at a word to what a search result shows (160 characters), with an ellipsis', () => {
  const words = Array.from({ length: 60 }, (_, i) => `word${i}`).join(' ');
  const cut = shortDescription(words);
  assert.ok(cut.length <= 161 && cut.length > 120, `${cut.length} characters`);
  assert.match(cut, /^word0 word1 .* word\d+…$/, 'whole words, then an ellipsis');
  assert.ok(words.startsWith(cut.slice(0, -1)), 'the start of the text');
  assert.equal(shortDescription('A  short\n text.'), 'A short text.', 'a short text whole, its white space flattened');
});

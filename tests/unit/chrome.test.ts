/**
 * The header and footer are written once (lib/render/chrome.ts): the static pages serialize the hast
 * trees, the React layout draws the same trees through chromeParts. These check that the React side
 * gives byte for byte the markup of the static side, and that the home and 404 pages are static HTML
 * with the shared chrome and no framework script.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { toHtml } from 'hast-util-to-html';
import { Chrome } from '../../components/chrome';
import { chromeParts, siteFooter, siteHeader, skipLink } from '../../lib/render/chrome';
import type { RenderContext } from '../../lib/render/context';
import { renderHomePage } from '../../lib/render/home-page';
import { renderNotFoundPage } from '../../lib/render/not-found-page';

const ctx: RenderContext = {
  basePath: '/kbarchive',
  siteUrl: 'https://example.org/kbarchive',
  siteName: 'KB Archive',
  articleById: () => undefined,
  productPath: () => undefined,
};

test('the React layout draws the very markup of the static pages: skip link, header, footer', () => {
  const parts = chromeParts(ctx);
  assert.equal(renderToStaticMarkup(createElement(Chrome, { part: parts.skipLink })), toHtml(skipLink()));
  assert.equal(renderToStaticMarkup(createElement(Chrome, { part: parts.header })), toHtml(siteHeader(ctx)));
  assert.equal(renderToStaticMarkup(createElement(Chrome, { part: parts.footer })), toHtml(siteFooter(ctx)));
  assert.doesNotMatch(toHtml(siteFooter(ctx)), /kb-offline/, 'the offline control is not in the markup (offline.js adds it)');
  assert.match(toHtml(siteHeader(ctx)), /action="\/kbarchive\/search\/"/, 'links carry the base path');
});

test('the theme toggle holds both labels, so no script rewrites its text', () => {
  const header = toHtml(siteHeader(ctx));
  assert.match(header, /<button class="theme-toggle"[^>]*><span>Dark mode<\/span><span>Light mode<\/span><\/button>/);
});

test('the home page is static HTML: the shared chrome, the charts, every product, no framework script', () => {
  const html = renderHomePage({
    articles: 3,
    products: [{ name: 'Windows <NT>', slug: 'windows-nt', count: 2 }, { name: 'Word', slug: 'word', count: 1 }],
    years: { 1997: 1, 1999: 2, unknown: 1 },
    codes: 4,
  }, ctx, ['/* redirect */']);
  // the page leaves out the end tags HTML infers (lib/render/layout.ts: serializeDocument)
  assert.ok(html.includes(toHtml(siteHeader(ctx), { omitOptionalTags: true })) && html.includes(toHtml(siteFooter(ctx), { omitOptionalTags: true })));
  assert.match(html, /<title>KB Archive<\/title>/);
  assert.match(html, /<link rel="canonical" href="https:\/\/example.org\/kbarchive\/">/);
  assert.match(html, /Windows &#x3C;NT>/, 'product names are escaped');
  assert.match(html, /href="\/kbarchive\/product\/windows-nt\/"/);
  assert.match(html, /<svg[^>]*role="img"/);
  assert.match(html, /3 dated articles from 1997 to 1999/, 'the year chart fills the gap and leaves out undated articles');
  assert.match(html, /<script>\/\* redirect \*\/<\/script>/, 'a place for a head script');
  assert.doesNotMatch(html, /_next\//);
});

test('the 404 page is static HTML: no canonical address, the alias script, no framework script', () => {
  const html = renderNotFoundPage(ctx);
  assert.doesNotMatch(html, /rel="canonical"/);
  assert.match(html, /<p><a id="kb-alias-search"/, 'the search link is there from the start: nothing moves when alias.js fills it');
  assert.match(html, /<script src="\/kbarchive\/assets\/alias\.js" defer><\/script>/);
  assert.match(html, /id="kb-not-found" data-base="\/kbarchive"/);
  assert.doesNotMatch(html, /_next\//);
});

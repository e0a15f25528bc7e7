/**
 * The static HTML pages (lib/render/chrome.ts) and the React pages (components/site-*.tsx) write the
 * same header and footer twice: this keeps the two in step, element for element.
 */
import assert from 'node:assert/strict';
import test from 'node:test';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { toHtml } from 'hast-util-to-html';
import { SiteFooter } from '../../components/site-footer';
import { SiteHeader } from '../../components/site-header';
import { siteFooter, siteHeader, skipLink } from '../../lib/render/chrome';
import type { RenderContext } from '../../lib/render/context';

const ctx: RenderContext = {
  basePath: '',
  siteUrl: '',
  siteName: 'KB Archive',
  articleById: () => undefined,
  productPath: () => undefined,
};

/** Compares structure, not spelling: tag names, classes and the attributes a reader or a script relies on. */
function shape(html: string): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<([a-z]+)([^>]*)>/g)) {
    const attrs = m[2] ?? '';
    const pick = (name: string) => new RegExp(`\\s${name}="([^"]*)"`, 'i').exec(attrs)?.[1] ?? '';
    out.push([m[1], pick('class'), pick('href'), pick('role'), pick('name'), pick('type'), pick('action'), pick('aria-label')].join('|'));
  }
  return out;
}

test('the React header and the static header have the same elements, classes and targets', () => {
  const react = renderToStaticMarkup(createElement(SiteHeader, {}));
  const hast = toHtml([skipLink(), siteHeader(ctx)]);
  assert.deepEqual(shape(react), shape(hast));
});

test('the React footer and the static footer have the same elements, classes and targets', () => {
  const react = renderToStaticMarkup(createElement(SiteFooter));
  const hast = toHtml(siteFooter(ctx));
  assert.deepEqual(shape(react), shape(hast));
  assert.match(react, /class="kb-offline" hidden=""/, 'the offline control starts hidden (offline.js unhides it)');
});

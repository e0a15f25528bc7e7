/**
 * The static pages leave out the end tags HTML lets a parser infer (`</p>`, `</li>`, `</dd>`…:
 * lib/render/layout.ts, serializeDocument). Proof that this changes bytes and nothing else: every
 * sample article (all three input formats: Markdown tables, lists, code; legacy lists, listings,
 * sub-headings), with its related lists and code cards, and the home and 404 pages, serialized with
 * and without the optional tags, gives the same DOM in Chromium (JavaScript off, so no script
 * touches it).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ArticleRecord } from '../../lib/parse/types';
import { parseArticle } from '../../lib/parse/parse-article';
import type { ArticleLink, RenderContext } from '../../lib/render/context';
import { articleMain } from '../../lib/render/article-page';
import { homeMain } from '../../lib/render/home-page';
import { notFoundMain } from '../../lib/render/not-found-page';
import { documentTree, serializeDocument } from '../../lib/render/layout';
import { launchBrowser, repoRoot } from './pages-browser';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const skip = existsSync(CHROMIUM) ? false : `Chromium not found at ${CHROMIUM}: browser tests skipped`;

function markdownFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? markdownFiles(p) : e.name.endsWith('.md') ? [p] : [];
  });
}

test('leaving out the optional tags gives the same DOM, page for page', { skip }, async () => {
  const contentDir = path.join(repoRoot, 'content');
  const records = markdownFiles(contentDir).sort()
    .map((file) => parseArticle(readFileSync(file), path.relative(contentDir, file)).record)
    .filter((r): r is ArticleRecord => r !== null);
  assert.ok(records.length >= 30, 'the sample articles parse');
  const links = new Map(records.map((r): [string, ArticleLink] => [r.id, { id: r.id, title: r.title, permalink: r.permalink }]));
  const ctx: RenderContext = {
    basePath: '', siteUrl: 'https://example.test', siteName: 'KB Archive',
    articleById: (id) => links.get(id),
    productPath: (name) => `/product/${name.toLowerCase().replace(/[^a-z0-9]+/g, '-')}/`,
  };
  const others = [...links.values()];
  const pages = [
    ...records.map((record, i) => documentTree(ctx, {
      title: record.title, path: record.permalink,
      // every kind of related list, so their markup is compared too
      main: articleMain({
        record, citedBy: others.slice(i % 5, i % 5 + 3),
        related: { byCode: record.errorCodes.map((c) => ({ key: c.key, name: c.name, total: 4, articles: others.slice(0, 2) })), similar: others.slice(-2) },
      }, ctx),
    })),
    documentTree(ctx, { title: 'Home', path: '/', main: homeMain({ articles: records.length, products: [{ name: 'Word', slug: 'word', count: 3 }], years: { 1999: 2, 2001: 1 }, codes: 4 }, ctx) }),
    documentTree(ctx, { title: 'Not found', path: null, main: notFoundMain(ctx) }),
  ];

  const browser = await launchBrowser();
  try {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const dom = async (html: string): Promise<string> => {
      await page.setContent(html);
      return page.evaluate(() => document.documentElement.outerHTML);
    };
    let saved = 0;
    for (const tree of pages) {
      const short = serializeDocument(tree);
      const full = serializeDocument(tree, false);
      const [a, b] = [await dom(short), await dom(full)];
      if (a !== b) {
        let i = 0;
        while (a[i] === b[i]) i++;
        assert.fail(`not the same DOM: ${/<title>([^<]*)/.exec(full)?.[1]}\n  without optional tags: …${a.slice(i - 200, i + 100)}\n  with them:             …${b.slice(i - 200, i + 100)}`);
      }
      saved += full.length - short.length;
    }
    assert.ok(saved > 0, 'some end tags were left out');
    await context.close();
  } finally {
    await browser.close();
  }
});

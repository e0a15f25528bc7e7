/**
 * The search page builds its links from the base path, never from `location.pathname`: opened at
 * `//evil.example/search/?q=…` (a host that merges slashes serves it), its links stay on the site.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';

test('pageUrl: the search page path from the base path, whatever location.pathname says', async () => {
  const meta = { content: '/kbarchive' };
  const g = globalThis as unknown as { window: unknown; document: unknown };
  g.window = { location: { pathname: '//evil.example/search/', search: '?q=zz', protocol: 'http:' } };
  g.document = { querySelector: (selector: string) => (selector.includes('kb-base-path') ? meta : null) };
  try {
    const { pageUrl } = await import('../../client/search-page');
    assert.equal(pageUrl({ q: 'error 10038' }), '/kbarchive/search/?q=error+10038');
    meta.content = '';
    assert.equal(pageUrl({ q: 'x', product: 'Excel' }), '/search/?q=x&product=Excel');
    const href = new URL(pageUrl({ q: 'x' }), 'http://localhost:3000//evil.example/search/');
    assert.equal(href.origin, 'http://localhost:3000');
  } finally {
    delete g.window;
    delete g.document;
  }
});

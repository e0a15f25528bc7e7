import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { getSiteConfig, normalizeBasePath } from '../../lib/site-config';

describe('getSiteConfig', () => {
  test('defaults: content/ under the working folder, no base path, localhost URL, not strict', () => {
    const c = getSiteConfig({});
    assert.equal(c.contentDir, `${process.cwd()}/content`);
    assert.equal(c.basePath, '');
    assert.equal(c.siteUrl, 'http://localhost:3000');
    assert.equal(c.strict, false);
    assert.equal(c.withBase('/kb/1/'), '/kb/1/');
  });
  test('environment: base path normalized, site URL without trailing slash, strict, relative content dir', () => {
    const c = getSiteConfig({ KB_BASE_PATH: 'kbarchive/', KB_SITE_URL: 'https://example.org/kbarchive/', KB_STRICT: '1', KB_CONTENT_DIR: '../x/./articles/' });
    assert.equal(c.basePath, '/kbarchive');
    assert.equal(c.siteUrl, 'https://example.org/kbarchive');
    assert.equal(c.strict, true);
    assert.equal(c.contentDir, `${process.cwd().split('/').slice(0, -1).join('/')}/x/articles`);
    assert.equal(c.withBase('/kb/1/'), '/kbarchive/kb/1/');
    assert.equal(c.withBase('https://other/'), 'https://other/');
    assert.equal(getSiteConfig({ KB_BASE_PATH: '/kb' }).siteUrl, 'http://localhost:3000/kb');
  });
  test('normalizeBasePath', () => {
    for (const [raw, want] of [['', ''], ['/', ''], ['/a/', '/a'], ['a/b', '/a/b'], [undefined, '']] as const) {
      assert.equal(normalizeBasePath(raw), want);
    }
  });
});

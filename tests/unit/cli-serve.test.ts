import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { after, before, describe, test } from 'node:test';
import { cacheControl, matchesEtag, startServer } from '../../scripts/serve';

const dir = mkdtempSync(path.join(tmpdir(), 'kb-serve-'));
const files: Record<string, string> = {
  'index.html': '<h1>home</h1>', '404.html': '<h1>missing</h1>', 'kb/155/Q1/index.html': '<h1>article</h1>',
  'data.json': '{"a":1}', 'app.js': 'x()', 'assets/search-0123456789.js': 'y()', '_next/static/chunks/a.js': 'z()', 'site.webmanifest': '{}', 'sitemap.xml': '<urlset/>', 'logo.svg': '<svg/>',
};
for (const [rel, text] of Object.entries(files)) {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), text);
}
writeFileSync(path.join(path.dirname(dir), `${path.basename(dir)}-secret.txt`), 'outside');

const servers: import('node:http').Server[] = [];
async function serve(basePath: string): Promise<string> {
  const server = await startServer(dir, 0, basePath);
  servers.push(server);
  return `http://localhost:${(server.address() as AddressInfo).port}`;
}
let plain = '';
let based = '';
before(async () => { plain = await serve(''); based = await serve('/kbarchive'); });
after(() => { for (const s of servers) s.close(); rmSync(dir, { recursive: true, force: true }); });

describe('serve', () => {
  test('index.html for folders, content types for each kind of file', async () => {
    const r = await fetch(`${plain}/kb/155/Q1/`);
    assert.equal(r.status, 200);
    assert.equal(await r.text(), '<h1>article</h1>');
    const types: Record<string, RegExp> = {
      '/data.json': /^application\/json/, '/app.js': /^text\/javascript/, '/site.webmanifest': /^application\/manifest\+json/,
      '/sitemap.xml': /^application\/xml/, '/logo.svg': /^image\/svg\+xml/, '/': /^text\/html/,
    };
    for (const [url, type] of Object.entries(types)) assert.match((await fetch(plain + url)).headers.get('content-type') ?? '', type, url);
  });

  test('unknown paths get 404.html with status 404; escapes from the folder too', async () => {
    const r = await fetch(`${plain}/kb/none/`);
    assert.equal(r.status, 404);
    assert.equal(await r.text(), '<h1>missing</h1>');
    const escape = await fetch(`${plain}/..%2f${path.basename(dir)}-secret.txt`);
    assert.equal(escape.status, 404);
  });

  test('a folder without its trailing slash redirects', async () => {
    const r = await fetch(`${plain}/kb/155/Q1`, { redirect: 'manual' });
    assert.equal(r.status, 301);
    assert.equal(r.headers.get('location'), '/kb/155/Q1/');
  });

  test('base path: served under it, 404 outside it', async () => {
    assert.equal(await (await fetch(`${based}/kbarchive/kb/155/Q1/`)).text(), '<h1>article</h1>');
    assert.equal((await fetch(`${based}/kb/155/Q1/`)).status, 404);
  });

  test('gzip when the client accepts it', async () => {
    const http = await import('node:http');
    const body = await new Promise<{ encoding: string | undefined; bytes: Buffer }>((resolve, reject) => {
      http.get(`${plain}/data.json`, { headers: { 'accept-encoding': 'gzip' } }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ encoding: res.headers['content-encoding'], bytes: Buffer.concat(chunks) }));
      }).on('error', reject);
    });
    assert.equal(body.encoding, 'gzip');
    assert.equal(gunzipSync(body.bytes).toString(), '{"a":1}');
  });

  test('validators: ETag and Last-Modified on every file; a matching If-None-Match gets 304 with no body', async () => {
    const first = await fetch(`${based}/kbarchive/data.json`);
    const etag = first.headers.get('etag');
    assert.match(etag ?? '', /^W\/"[0-9a-f]+-[0-9a-f]+"$/);
    assert.ok(first.headers.get('last-modified'));
    assert.equal(first.headers.get('cache-control'), 'no-cache', 'not hashed: the browser asks each time');
    const again = await fetch(`${based}/kbarchive/data.json`, { headers: { 'if-none-match': etag ?? '' } });
    assert.equal(again.status, 304);
    assert.equal(await again.text(), '');
    assert.equal(again.headers.get('etag'), etag);
    const changed = await fetch(`${based}/kbarchive/data.json`, { headers: { 'if-none-match': 'W/"other"' } });
    assert.equal(changed.status, 200);
    assert.equal(await changed.text(), '{"a":1}');
    // a 404 page is never answered with 304 nor cached
    const missing = await fetch(`${plain}/none/`, { headers: { 'if-none-match': '*' } });
    assert.equal(missing.status, 404);
    assert.equal(missing.headers.get('etag'), null);
  });

  test('files named by their content may be kept a year; under the base path too', async () => {
    for (const url of [`${plain}/assets/search-0123456789.js`, `${plain}/_next/static/chunks/a.js`, `${based}/kbarchive/assets/search-0123456789.js`]) {
      assert.equal((await fetch(url)).headers.get('cache-control'), 'public, max-age=31536000, immutable', url);
    }
    assert.equal((await fetch(`${plain}/app.js`)).headers.get('cache-control'), 'no-cache');
    assert.equal(cacheControl('/assets/kb.js'), 'no-cache', 'kb.js keeps its name across builds');
    assert.equal(cacheControl('/_kb/search/meta.json'), 'no-cache');
    for (const name of ['terms/0.0123abcd.json', 'codes.0123abcd.json', 'pairs/12.89abcdef.json.js']) {
      assert.equal(cacheControl(`/_kb/search/${name}`), 'public, max-age=31536000, immutable', `${name}: named by its content, never changes`);
    }
    assert.equal(cacheControl('/_kb/search/terms/0.json'), 'no-cache', 'a name without its content hash may change');
    assert.equal(matchesEtag('"a", W/"b"', 'W/"b"'), true);
    assert.equal(matchesEtag('W/"a"', '"a"'), true, 'weak comparison');
    assert.equal(matchesEtag(undefined, '"a"'), false);
  });
});

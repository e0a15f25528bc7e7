/**
 * `kb host-config cloudfront` prints a CloudFront Function; here it runs in Node's `vm` (the function
 * is plain JavaScript, as CloudFront's cloudfront-js-2.0 runtime reads it) on every example of every
 * address rule (the examples the nginx e2e test sends), at the root and under a base path: each
 * answers 301 with the permalink. Pages go on to the origin (a folder's path with index.html), the
 * numbers off the scheme and the articles without a number use their own permalinks.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { runInNewContext } from 'node:vm';
import { buildAliasData } from '../../lib/hosting/alias-data';
import { FUNCTION_SIZE_LIMIT, cloudfrontFunction } from '../../lib/hosting/host-config/cloudfront';
import { ADDRESS_RULES, ID_ADDRESS_EXAMPLES, articlePath } from '../../lib/routes';

const root = path.resolve(import.meta.dirname, '..', '..');
const site = mkdtempSync(path.join(tmpdir(), 'kb-cloudfront-'));
after(() => rmSync(site, { recursive: true, force: true }));
mkdirSync(path.join(site, '_kb'));
writeFileSync(path.join(site, '_kb', 'aliases.json'), JSON.stringify(buildAliasData([
  { id: 'Q155738', number: 155738, permalink: articlePath(155738) },
  { id: 'KB4503293', number: 4503293, permalink: '/kb/450/KB4503293/' },
  { id: 'MAPPED-DRIVE-FAQ', number: null, permalink: '/kb/MAPPED-DRIVE-FAQ/' },
  { id: 'search', number: null, permalink: '/articles/search-howto/' },
])));

type Handler = (event: unknown) => { statusCode?: number; headers?: Record<string, { value: string }>; uri?: string };

/** The function `kb host-config cloudfront` prints, under `base`, as a callable handler. */
function printedHandler(base: string): { handler: Handler; source: string } {
  const cli = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/kb.ts', 'host-config', 'cloudfront', '--root', site], {
    cwd: root, encoding: 'utf8', env: { ...process.env, KB_BASE_PATH: base },
  });
  assert.equal(cli.status, 0, cli.stderr);
  return { handler: runInNewContext(`${cli.stdout}\nhandler`) as Handler, source: cli.stdout };
}

/** CloudFront's event for a request target: the path as sent, the query as an object of parameters. */
function eventFor(target: string, decodeValues = false) {
  const q = target.indexOf('?');
  const querystring: Record<string, { value: string }> = {};
  for (const pair of (q < 0 ? '' : target.slice(q + 1)).split('&').filter(Boolean)) {
    const eq = pair.indexOf('=');
    const name = (eq < 0 ? pair : pair.slice(0, eq)).toLowerCase();
    const value = eq < 0 ? '' : pair.slice(eq + 1);
    querystring[name] = { value: decodeValues ? decodeURIComponent(value) : value };
  }
  return { version: '1.0', context: { eventType: 'viewer-request' }, viewer: { ip: '192.0.2.1' }, request: { method: 'GET', uri: q < 0 ? target : target.slice(0, q), querystring, headers: {}, cookies: {} } };
}

for (const base of ['', '/kbarchive']) {
  test(`every rule example answers 301 with the permalink${base ? ' under a base path' : ''}`, () => {
    const { handler, source } = printedHandler(base);
    assert.ok(Buffer.byteLength(source) <= FUNCTION_SIZE_LIMIT);
    for (const rule of ADDRESS_RULES) {
      for (const example of rule.examples) {
        // CloudFront passes query values as sent; decoded ones must work as well
        for (const decodeValues of [false, true]) {
          const answer = handler(eventFor(base + example, decodeValues));
          assert.equal(answer.statusCode, 301, `${rule.name}: ${base}${example}`);
          assert.equal(answer.headers?.location?.value, `${base}/kb/155/Q155738/`, `${rule.name}: ${base}${example}`);
        }
      }
    }
    assert.equal(handler(eventFor(`${base}/KB4503293`)).headers?.location?.value, `${base}/kb/450/KB4503293/`, 'a number off the scheme');
    for (const form of ID_ADDRESS_EXAMPLES) {
      const answer = handler(eventFor(base + form.replace('<id>', 'mapped-drive-faq')));
      assert.equal(answer.headers?.location?.value, `${base}/kb/MAPPED-DRIVE-FAQ/`, `an ID: ${form}`);
    }
    // pages go on to the origin, a folder's path with its index document
    for (const page of ['/', '/kb/155/Q155738/', '/kb/155/', '/kb/MAPPED-DRIVE-FAQ/', '/search/', '/error/winsock/']) {
      const answer = handler(eventFor(base + page));
      assert.equal(answer.statusCode, undefined, `${base}${page}`);
      assert.equal(answer.uri, `${base}${page}index.html`, `${base}${page}`);
    }
    assert.equal(handler(eventFor(`${base}/assets/kb.css`)).uri, `${base}/assets/kb.css`);
    assert.equal(handler(eventFor(`${base}/search/`)).uri, `${base}/search/index.html`, 'an ID named like a section never takes it');
  });
}

test('outside the base path the function leaves requests alone; a site too large for a function is refused', () => {
  const { handler } = printedHandler('/kbarchive');
  assert.equal(handler(eventFor('/Q155738')).uri, '/Q155738');
  const exceptions = Object.fromEntries(Array.from({ length: 400 }, (_, i) => [String(5_000_000 + i), `/articles/a-long-custom-permalink-${i}/`]));
  assert.throws(() => cloudfrontFunction({ basePath: '', exceptions }), /would be \d+ bytes \(limit 10240\)/);
});

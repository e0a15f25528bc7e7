/**
 * What would break `next build`, the page writer or the hosting step is refused by the validation
 * that `kb check` and the build share (parseArticle), with the permalink's line; prototype-named IDs
 * build like any other. The reserved names are read from lib/routes.ts, not restated here.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createSiteDataBuilder } from '../../lib/build/site-data';
import { parseArticle } from '../../lib/parse/parse-article';
import { buildAliasData } from '../../lib/hosting/alias-data';
import { parseAliasPath, resolveAlias } from '../../lib/hosting/alias-path';
import { siteIndex } from '../../lib/render/site-context';
import { ADDRESS_RULES, RESERVED_SEGMENTS, ROOT_FILES, articlePath, matchAddressRule } from '../../lib/routes';

const BODY = '## Symptoms\n\nThe widget stops. See Q900001 and constructor.\n';

function withPermalink(permalink: string) {
  return parseArticle(`---\nid: Q900001\ntitle: T\npermalink: '${permalink}'\n---\n${BODY}`, 'a.md');
}

function refused(permalink: string): string {
  const r = withPermalink(permalink);
  assert.equal(r.record, null, `${permalink} must be refused`);
  const problem = r.problems.find((p) => p.code === 'permalink-unsafe');
  assert.ok(problem, `${permalink}: a permalink-unsafe error`);
  assert.equal(problem.line, 4, 'the permalink line');
  assert.equal(problem.severity, 'error');
  return problem.message;
}

describe('permalinks that would break the build or never answer', () => {
  test('every file and folder the site writes at its root, in any case, with or without slashes', () => {
    for (const name of [...ROOT_FILES, ...RESERVED_SEGMENTS, 'sitemap-3.xml']) {
      refused(`/${name}/`);
      refused(`${name.toUpperCase()}/x`);
    }
    assert.match(refused('/index.html/'), /writes at the site's root/);
  });

  test('addresses the redirect rules answer', () => {
    for (const rule of ADDRESS_RULES) {
      for (const example of rule.examples) {
        const path = example.split('?')[0] as string;
        if (path === '/' || path === '') continue; // the home page: refused on its own
        const normalized = `/${path.split('/').filter(Boolean).join('/')}/`;
        const match = matchAddressRule(normalized);
        if (match && articlePath(match.number) === normalized) continue; // the scheme's own path
        const r = withPermalink(path);
        assert.equal(r.record, null, `${example} (${rule.name})`);
      }
    }
    for (const p of ['/Q123/', '/kb/123456/', '/help/x/', '/default.aspx/', '/support/x/', '/_redirects/', '/en-us/kb/1/']) refused(p);
    assert.equal(withPermalink('/kb/900/Q900001/').record?.permalink, '/kb/900/Q900001/', "the scheme's own path is the article's");
    assert.equal(withPermalink('/kb/900/q900001/').record, null, 'another case of it is an alias of article 900001');
  });

  test('segments that cannot be a folder name: over 200 bytes, or characters a disk or URL would change', () => {
    assert.match(refused(`/kb/${'a'.repeat(256)}/`), /256 bytes is longer than the 200/);
    assert.equal(withPermalink(`/kb/${'a'.repeat(200)}/`).record?.permalink, `/kb/${'a'.repeat(200)}/`);
    for (const p of ['/kb/a:b/', '/kb/a*b/', '/kb/a"b/', '/kb/a<b/', '/kb/a|b/', '/kb/.hidden/', '/kb/é/', '/kb/a b/']) refused(p);
    refused(`/kb/${'é'.repeat(101)}/`);
  });

  test('%-escapes are decoded once and the result checked; never published as an address that 404s', () => {
    assert.equal(withPermalink('/kb/%41%42/').record?.permalink, '/kb/AB/');
    for (const p of ['/kb/%25/', '/kb/%3F/', '/kb/%23/', '/kb/a%00b/', '/kb/%E2%80%AE/', '/kb/%2541/', '/kb/%2F/', '/%73earch/x/']) refused(p);
  });

  test('a default permalink is checked too: an ID the rules would answer for another article', () => {
    const r = parseArticle(`---\nid: q900001\ntitle: T\n---\n${BODY}`, 'a.md');
    assert.equal(r.record, null);
    assert.equal(r.problems.find((p) => p.code === 'permalink-unsafe')?.line, 2);
  });
});

describe('prototype-named IDs build like any other', () => {
  const names = ['constructor', 'toString', 'hasOwnProperty', 'valueOf', '__proto__x'.slice(2)];
  const records = names.map((id) => parseArticle(`---\nid: ${id}\ntitle: ${id}\n---\n## Symptoms\n\nSee Q900001.\n`, `${id}.md`).record);
  const cite = parseArticle(`---\nid: Q900001\ntitle: Citing\n---\n${BODY}`, 'q.md').record;

  test('each parses to a record at /kb/<id>/', () => {
    assert.deepEqual(records.map((r) => r?.permalink), names.map((id) => `/kb/${id}/`));
  });

  test('the site data survives JSON.parse; cited-by and alias lookups read own keys only', () => {
    const builder = createSiteDataBuilder();
    for (const r of [cite, ...records]) if (r) builder.add(r);
    const site = JSON.parse(JSON.stringify(builder.finish())) as ReturnType<ReturnType<typeof createSiteDataBuilder>['finish']>;
    const index = siteIndex(site, { basePath: '', siteUrl: 'https://example.org' });
    for (const id of names) assert.deepEqual(index.citedBy(id), [], id);
    assert.deepEqual(index.citedBy('Q900001').map((a) => a.id).sort(), [...names].sort());
    const aliases = JSON.parse(JSON.stringify(buildAliasData(site.articles))) as ReturnType<typeof buildAliasData>;
    assert.equal(resolveAlias(parseAliasPath('/kb/constructor/'), aliases), '/kb/constructor/');
    assert.equal(resolveAlias(parseAliasPath('/kb/isPrototypeOf/'), aliases), null);
  });
});

/**
 * sitemap.xml / sitemap index, robots.txt and opensearch.xml: parsed with a small strict XML reader
 * (well-formedness, namespaces, counts, escaping), no XML library needed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { buildSitemaps, MAX_URLS_PER_SITEMAP, SITEMAP_NS } from '../../lib/hosting/sitemap';
import { buildOpenSearchXml, buildRobotsTxt, OPENSEARCH_NS } from '../../lib/hosting/site-files';
import { encodePath, escapeXml } from '../../lib/hosting/xml';
import { sitemapEntries } from '../../lib/hosting/index';

interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(raw: string): string {
  return raw.replace(/&([a-z]+);/g, (m, name: string) => {
    const value = ENTITIES[name];
    if (value === undefined) throw new Error(`unknown entity ${m}`);
    return value;
  });
}

/** A strict reader for the XML we write: one root, matched tags, quoted attributes, known entities only. */
function parseXml(xml: string): XmlElement {
  let rest = xml.replace(/^<\?xml[^?]*\?>\s*/, '');
  const stack: XmlElement[] = [];
  let root: XmlElement | undefined;
  while (rest.length) {
    const lt = rest.indexOf('<');
    const text = lt === -1 ? rest : rest.slice(0, lt);
    if (/[<>]/.test(text) || /&(?![a-z]+;)/.test(text)) throw new Error(`unescaped character in text: ${text}`);
    if (stack.length) stack[stack.length - 1]!.text += decode(text);
    else if (text.trim()) throw new Error(`text outside the root: ${text}`);
    if (lt === -1) break;
    rest = rest.slice(lt);
    const m = /^<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="[^"<]*")*)\s*(\/?)>/.exec(rest);
    if (!m) throw new Error(`malformed tag at: ${rest.slice(0, 40)}`);
    rest = rest.slice(m[0].length);
    const [, closing, name = '', attrText = '', selfClosing] = m;
    if (closing) {
      const open = stack.pop();
      if (open?.name !== name) throw new Error(`</${name}> closes <${open?.name}>`);
      continue;
    }
    const attrs: Record<string, string> = {};
    for (const a of attrText.matchAll(/([\w:.-]+)="([^"]*)"/g)) attrs[a[1]!] = decode(a[2]!);
    const el: XmlElement = { name, attrs, children: [], text: '' };
    if (stack.length) stack[stack.length - 1]!.children.push(el);
    else if (root) throw new Error('two root elements');
    else root = el;
    if (!selfClosing) stack.push(el);
  }
  if (stack.length || !root) throw new Error('unclosed element');
  return root;
}

const SITE = 'https://example.org/kbarchive';

test('a small site gets one urlset with absolute URLs and lastmod', () => {
  const files = buildSitemaps([{ path: '/' }, { path: '/kb/155/Q155738/', lastModified: '2001-08-09' }], SITE);
  assert.equal(files.length, 1);
  const root = parseXml(files[0]!.xml);
  assert.equal(root.name, 'urlset');
  assert.equal(root.attrs.xmlns, SITEMAP_NS);
  assert.deepEqual(root.children.map((u) => u.children.map((c) => `${c.name}=${c.text}`)), [
    ['loc=https://example.org/kbarchive/'],
    ['loc=https://example.org/kbarchive/kb/155/Q155738/', 'lastmod=2001-08-09'],
  ]);
});

test('URLs are percent-encoded like page links, then XML-escaped', () => {
  const files = buildSitemaps([{ path: "/articles/a&b <c>'é/", lastModified: 'not a date' }, { path: '/x/%41/' }], SITE);
  const xml = files[0]!.xml;
  assert.ok(!xml.includes('<c>'), 'raw markup from a path must not reach the XML');
  const locs = parseXml(xml).children.map((u) => u.children.find((c) => c.name === 'loc')!.text);
  assert.deepEqual(locs, ["https://example.org/kbarchive/articles/a&b%20%3Cc%3E'%C3%A9/", 'https://example.org/kbarchive/x/%41/']);
  assert.ok(!xml.includes('<lastmod>not a date'), 'a value that is not a date is left out');
});

test('over the limit: a sitemap index pointing at numbered sitemaps', () => {
  const entries = Array.from({ length: 7 }, (_, i) => ({ path: `/kb/000/Q${i + 1}/`, lastModified: `200${i}-01-02` }));
  const files = buildSitemaps(entries, SITE, 3);
  assert.deepEqual(files.map((f) => f.name), ['sitemap.xml', 'sitemap-1.xml', 'sitemap-2.xml', 'sitemap-3.xml']);
  const index = parseXml(files[0]!.xml);
  assert.equal(index.name, 'sitemapindex');
  assert.equal(index.attrs.xmlns, SITEMAP_NS);
  assert.deepEqual(index.children.map((s) => s.children[0]!.text), [1, 2, 3].map((n) => `${SITE}/sitemap-${n}.xml`));
  assert.equal(index.children[0]!.children[1]!.text, '2006-01-02');
  const counts = files.slice(1).map((f) => parseXml(f.xml).children.length);
  assert.deepEqual(counts, [3, 3, 1]);
  const all = files.slice(1).flatMap((f) => parseXml(f.xml).children.map((u) => u.children[0]!.text));
  assert.equal(new Set(all).size, 7);
});

test('the protocol limit is 50,000 and exactly that many still fit one file', () => {
  assert.equal(MAX_URLS_PER_SITEMAP, 50_000);
  const entries = Array.from({ length: 50_001 }, (_, i) => ({ path: `/kb/x/Q${i}/` }));
  assert.equal(buildSitemaps(entries.slice(0, 50_000), SITE).length, 1);
  const split = buildSitemaps(entries, SITE);
  assert.equal(split.length, 3);
  assert.equal(parseXml(split[2]!.xml).children.length, 1);
});

test('a relative site URL is refused (sitemaps need absolute URLs)', () => {
  assert.throws(() => buildSitemaps([{ path: '/' }], '/kbarchive'), /site URL must be absolute/);
});

test('sitemap entries: articles always, product and error pages only when they exist', () => {
  const site = {
    articles: [{ id: 'Q155738', number: 155738, permalink: '/kb/155/Q155738/', lastModified: '2001-08-09' }],
    products: [{ slug: 'windows-nt' }, { slug: 'gone' }],
    errorIndex: { 'winsock/wsaenotsock': {} },
  };
  const existing = new Set(['/product/windows-nt/', '/error/', '/error/winsock/', '/error/winsock/wsaenotsock/']);
  assert.deepEqual(sitemapEntries(site, (p) => existing.has(p)).map((e) => e.path), [
    '/', '/kb/155/Q155738/', '/product/windows-nt/', '/error/', '/error/winsock/', '/error/winsock/wsaenotsock/',
  ]);
});

test('robots.txt names the sitemap by absolute URL', () => {
  assert.equal(buildRobotsTxt(SITE), `User-agent: *\nAllow: /\n\nSitemap: ${SITE}/sitemap.xml\n`);
});

test('opensearch.xml is an OpenSearch 1.1 description with the search template', () => {
  const root = parseXml(buildOpenSearchXml({ siteUrl: 'https://example.org/a&b', shortName: 'A very long short name here' }));
  assert.equal(root.name, 'OpenSearchDescription');
  assert.equal(root.attrs.xmlns, OPENSEARCH_NS);
  const by = (name: string) => root.children.filter((c) => c.name === name);
  assert.equal(by('ShortName')[0]!.text, 'A very long shor', 'ShortName is at most 16 characters');
  assert.ok(by('Description')[0]!.text.length > 0);
  assert.equal(by('InputEncoding')[0]!.text, 'UTF-8');
  const html = by('Url').find((u) => u.attrs.type === 'text/html');
  assert.equal(html?.attrs.template, 'https://example.org/a&b/search/?q={searchTerms}');
});

test('escapeXml and encodePath', () => {
  assert.equal(escapeXml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  assert.equal(encodePath('/kb/155/Q155738/'), '/kb/155/Q155738/');
  assert.equal(encodePath('/a b/%zz/%2F/😀'), '/a%20b/%25zz/%2F/%F0%9F%98%80');
});

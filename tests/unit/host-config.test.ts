/**
 * The generated host configurations without their servers (the e2e test runs nginx on them, and
 * checks Apache's and Caddy's syntax where installed): `_redirects` stays within Cloudflare Pages'
 * limits and never shadows a page, every config carries every rule, the exceptions and the base path,
 * and a root that a config file cannot hold is refused.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apacheConfig } from '../../lib/hosting/host-config/apache';
import { caddyConfig } from '../../lib/hosting/host-config/caddy';
import { nginxConfig } from '../../lib/hosting/host-config/nginx';
import { STATIC_RULE_LIMIT, numberedArticles, redirectsFile } from '../../lib/hosting/host-config/netlify';
import { buildAliasData } from '../../lib/hosting/alias-data';
import { ADDRESS_RULES, articlePath } from '../../lib/routes';

const articles = [
  { number: 155738, permalink: '/kb/155/Q155738/' },
  { number: 4503293, permalink: '/kb/450/KB4503293/' },
  { number: 4034314, permalink: '/articles/smb1/' },
];

test('_redirects: static lines for the common forms while they fit, none past Cloudflare Pages\' limit', () => {
  const small = redirectsFile({ basePath: '', articles });
  const lines = small.text.split('\n').filter((l) => l && !l.startsWith('#'));
  assert.ok(lines.includes('/Q155738 /kb/155/Q155738/ 301'));
  assert.ok(lines.includes('/kb/155738/ /kb/155/Q155738/ 301'));
  assert.ok(lines.includes('/Q4503293 /kb/450/KB4503293/ 301'));
  for (const line of lines) {
    const [from, to, status] = line.split(' ');
    assert.equal(status, '301', line);
    assert.notEqual(from, to, line);
    assert.doesNotMatch(line, /!/, 'never forced over an existing file');
  }
  const archive = Array.from({ length: 60_335 }, (_, i) => ({ number: 10_000 + i, permalink: articlePath(10_000 + i) }));
  const big = redirectsFile({ basePath: '', articles: archive });
  assert.equal(big.forms.length, 0);
  assert.equal(big.text.split('\n').filter((l) => l && !l.startsWith('#')).length, 0);
  const edge = redirectsFile({ basePath: '/kbarchive', articles: archive.slice(0, 500) });
  const count = edge.text.split('\n').filter((l) => l && !l.startsWith('#')).length;
  assert.ok(count > 0 && count <= STATIC_RULE_LIMIT, `${count} lines`);
  assert.match(edge.text, /^\/kbarchive\/Q10000 \/kbarchive\/kb\/010\/Q10000\/ 301$/m);
});

test('numberedArticles reads back the alias data', () => {
  const data = buildAliasData(articles.map((a) => ({ id: `Q${a.number}`, ...a })));
  assert.deepEqual(numberedArticles(data), [...articles].sort((a, b) => a.number - b.number));
});

test('every config carries every rule, the exceptions and the base path', () => {
  const input = { root: '/srv/kb/out', port: 8081, basePath: '/kbarchive', exceptions: { 4503293: '/kb/450/KB4503293/' } };
  const nginx = nginxConfig(input);
  const apache = apacheConfig(input);
  const caddy = caddyConfig(input);
  for (const rule of ADDRESS_RULES) {
    for (const [name, text] of [['nginx', nginx], ['apache', apache], ['caddy', caddy]] as const) {
      assert.ok(text.includes(rule.query ? rule.query.value : rule.path.slice(2)), `${name}: ${rule.name}`);
    }
  }
  assert.match(nginx, /^  listen 8081;$/m);
  assert.match(nginx, /^  root \/srv\/kb\/out;$/m);
  assert.match(nginx, /"4503293" "\/kb\/450\/KB4503293\/";/);
  assert.match(nginx, /return 301 \/kbarchive\$kb_permalink;/);
  assert.match(apache, /RewriteRule \^ \/kbarchive%\{ENV:KB_PERMALINK\} \[R=301,L,QSD\]/);
  assert.match(caddy, /^:8081 \{$/m);
  assert.match(caddy, /redir @kb_article \/kbarchive\{vars\.kb_permalink\} 301/);
  assert.throws(() => nginxConfig({ ...input, root: '/srv/a b;' }), /cannot carry safely/);
  assert.throws(() => nginxConfig({ ...input, exceptions: { 1: '/x/";return 200 "/' } }), /cannot carry safely/);
});

test('the articles without a number get explicit lines in every config and in _redirects', () => {
  const ids = { 'mapped-drive-faq': '/kb/MAPPED-DRIVE-FAQ/', 'setup.guide': '/articles/setup-guide/' };
  const input = { root: '/srv/kb/out', port: 8081, basePath: '/kbarchive', exceptions: {}, ids };
  const nginx = nginxConfig(input);
  assert.match(nginx, /^map \$uri \$kb_id_permalink \{$/m);
  assert.match(nginx, /^  "~\*\^\/kbarchive\/\(\?:\(\?:\[a-z\].*\)\?mapped-drive-faq\(\?:.*\/\?\$" "\/kb\/MAPPED-DRIVE-FAQ\/";$/m);
  assert.ok(nginx.includes('setup\\.guide'), 'the dot escaped');
  assert.match(nginx, /^  "" \$kb_id_permalink;$/m, 'an address no rule reads a number from: the ID');
  const apache = apacheConfig(input);
  assert.match(apache, /^RewriteRule "\^\(\?:.*\)\?mapped-drive-faq\(\?:.*\/\?\$" - \[NC,E=KB_PERMALINK:\/kb\/MAPPED-DRIVE-FAQ\/\]$/m);
  const caddy = caddyConfig(input);
  assert.match(caddy, /path_regexp "\(\?i\)\^\/\(\?:.*\)\?setup\\\.guide\(\?:/);
  assert.match(caddy, /vars @kb_id_1 kb_permalink \/articles\/setup-guide\/$/m);
  const redirects = redirectsFile({ basePath: '/kbarchive', articles, ids }).text.split('\n');
  for (const line of ['/kbarchive/mapped-drive-faq /kbarchive/kb/MAPPED-DRIVE-FAQ/ 301', '/kbarchive/MAPPED-DRIVE-FAQ/ /kbarchive/kb/MAPPED-DRIVE-FAQ/ 301',
    '/kbarchive/help/setup.guide /kbarchive/articles/setup-guide/ 301', '/kbarchive/kb/setup.guide/ /kbarchive/articles/setup-guide/ 301']) {
    assert.ok(redirects.includes(line), line);
  }
  assert.ok(!redirects.some((l) => l.startsWith('/kbarchive/kb/MAPPED-DRIVE-FAQ/ ')), 'never a line from the permalink itself');
  assert.throws(() => nginxConfig({ ...input, ids: { 'a;b': '/x/' } }), /article ID "a;b" holds a character/);
});

test('kb host-config: usage errors exit 2, a folder that is not a build exits 1 with the reason', async () => {
  const { run } = await import('../../scripts/cli/host-config');
  const { mkdtempSync, rmSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const path = await import('node:path');
  const errors: string[] = [];
  const original = console.error;
  console.error = (line: string) => { errors.push(String(line)); };
  const empty = mkdtempSync(path.join(tmpdir(), 'kb-host-config-'));
  try {
    assert.equal(await run(['nginx']), 2, 'no --root');
    assert.equal(await run(['iis', '--root', empty]), 2, 'an unknown server');
    assert.equal(await run(['nginx', '--root', empty, '--port', '99999']), 2, 'a bad port');
    assert.equal(await run(['nginx', '--root', empty]), 1, 'no alias data');
    assert.match(errors.at(-1) ?? '', /aliases\.json does not exist: --root must be a built export/);
  } finally {
    console.error = original;
    rmSync(empty, { recursive: true, force: true });
  }
});

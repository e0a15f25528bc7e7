/**
 * Historic and hand-typed article addresses on real servers: Debian's nginx runs unprivileged
 * (`nginx -p DIR -c FILE`) with the configuration `kb host-config nginx` generates for the sample
 * build, at the root and under a base path, and `npm run serve` (startServer) answers the same
 * requests. Every example of every address rule must get a 301 whose Location is the permalink's
 * path; an address naming no article gets the 404 page with status 404; a page is never redirected.
 * The Apache and Caddy configurations get their servers' own syntax check when those are installed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { ADDRESS_RULES, ID_ADDRESS_EXAMPLES } from '../../lib/routes';

const root = path.resolve(import.meta.dirname, '..', '..');
const out = path.join(root, 'out');
const BASE = '/kbarchive';
const PERMALINK = '/kb/155/Q155738/';
const built = existsSync(path.join(out, 'kb', '155', 'Q155738', 'index.html')) && existsSync(path.join(out, '_kb', 'aliases.json'));
const noBuild = built ? false : 'no sample build in out/ (run npm run build): redirect e2e skipped';

function which(binary: string): string | null {
  for (const dir of ['/usr/sbin', '/usr/bin', '/usr/local/sbin', '/usr/local/bin', ...(process.env.PATH ?? '').split(':')]) {
    if (dir && existsSync(path.join(dir, binary))) return path.join(dir, binary);
  }
  return null;
}

interface Answer { status: number; location: string | undefined; body: string; cacheControl: string | undefined; serverTiming: string | undefined }

/** One GET with the path sent exactly as written (no URL normalisation), redirects not followed. */
function get(port: number, rawPath: string): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, path: rawPath, method: 'GET', agent: false }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => { body += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location, body, cacheControl: res.headers['cache-control'] as string | undefined, serverTiming: res.headers['server-timing'] as string | undefined }));
    });
    req.on('error', reject);
    req.end();
  });
}

/** The `/error/<family>/` pages of the build (the trimmed error-code addresses), whichever exist. */
function familyPages(): string[] {
  const dir = path.join(out, 'error');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((f) => existsSync(path.join(dir, f, 'index.html'))).map((f) => `/error/${f}/`);
}

/** The path of a Location (Apache makes every Location absolute; nginx, Caddy and serve send the path). */
function locationPath(answer: Answer): string | undefined {
  return answer.location === undefined ? undefined : new URL(answer.location, 'http://127.0.0.1').pathname;
}

/** Every example of every rule, with the rule's name. */
const examples = ADDRESS_RULES.flatMap((rule) => rule.examples.map((example) => ({ rule: rule.name, example })));

/**
 * The addresses of the sample's articles without a number (content/articles/mapped-drive-reconnect-faq.md
 * is one): every ID form, with the ID lower-cased and as its permalink writes it, each with its permalink.
 */
function idExamples(): Array<{ example: string; permalink: string }> {
  const { ids } = JSON.parse(readFileSync(path.join(out, '_kb', 'aliases.json'), 'utf8')) as { ids: Record<string, string> };
  assert.ok(Object.keys(ids).length > 0, 'the sample build has an article whose ID has no number');
  return Object.entries(ids).flatMap(([id, permalink]) => {
    const written = permalink.split('/').find((s) => s.toLowerCase() === id) ?? id;
    return [...new Set([id, written])].flatMap((form) => ID_ADDRESS_EXAMPLES.map((e) => ({ example: e.replace('<id>', form), permalink })))
      .filter(({ example, permalink: p }) => example !== p);
  });
}

/** The assertions both servers must pass, at the root or under `base`. */
async function assertAnswers(port: number, base: string): Promise<void> {
  for (const { rule, example } of examples) {
    const answer = await get(port, base + example);
    assert.ok(answer.status === 301 || answer.status === 308, `${rule}: ${base}${example} → ${answer.status}`);
    assert.equal(locationPath(answer), base + PERMALINK, `${rule}: ${base}${example}`);
  }
  // articles without a number: by their ID, in every form
  for (const { example, permalink } of idExamples()) {
    const answer = await get(port, base + example);
    assert.ok(answer.status === 301 || answer.status === 308, `id: ${base}${example} → ${answer.status}`);
    assert.equal(locationPath(answer), base + permalink, `id: ${base}${example}`);
  }
  assert.equal((await get(port, `${base}/no-such-article-name`)).status, 404, 'a name no article has');
  // numbers that break the scheme: the sample's KB articles
  const exception = await get(port, `${base}/KB4503293`);
  assert.equal(exception.status, 301);
  assert.equal(locationPath(exception), `${base}/kb/450/KB4503293/`);
  // an address that names no article: the 404 page, with 404, never a redirect
  for (const missing of ['/Q999999', '/kb/999999/', '/?kbid=999999', '/support/kb/articles/Q999/9/99.asp', '/no/such/page']) {
    const answer = await get(port, base + missing);
    assert.equal(answer.status, 404, `${base}${missing}`);
    assert.equal(answer.location, undefined, `${base}${missing}: no redirect`);
    assert.match(answer.body, /id="kb-not-found"/, `${base}${missing}: the 404 page`);
    assert.match(answer.serverTiming ?? '', /\bkb-rules\b/, `${base}${missing}: marked for the 404 page's script`);
  }
  // pages are served as they are, the trimmed addresses included
  for (const page of [PERMALINK, '/', '/search/', '/kb/', '/kb/155/', '/product/', ...familyPages()]) {
    const answer = await get(port, base + page);
    assert.equal(answer.status, 200, `${base}${page}`);
  }
  // the build under test has no base path in its links: the link is checked without it
  assert.ok((await get(port, `${base}/kb/155/`)).body.includes(`href="${PERMALINK}"`), 'the bucket page lists its article');
  const trimmed = await get(port, `${base}/kb/155`);
  assert.ok(trimmed.status === 301 || trimmed.status === 308, 'a folder without its slash');
  assert.equal(locationPath(trimmed), `${base}/kb/155/`);
  assert.equal((await get(port, `${base}/`)).cacheControl, 'no-cache');
}

test('the build\'s _redirects (Netlify, Cloudflare Pages) carries the articles without a number', { skip: noBuild }, () => {
  const lines = readFileSync(path.join(out, '_redirects'), 'utf8').split('\n');
  const { ids } = JSON.parse(readFileSync(path.join(out, '_kb', 'aliases.json'), 'utf8')) as { ids: Record<string, string> };
  for (const [id, permalink] of Object.entries(ids)) {
    for (const from of [`/${id}`, `/kb/${id}/`, `/help/${id}`]) assert.ok(lines.includes(`${from} ${permalink} 301`), `${from} in out/_redirects`);
  }
});

describe('nginx with the generated configuration', { skip: noBuild || (which('nginx') ? false : 'nginx not installed (apt-get install -y nginx-light): nginx e2e skipped') }, () => {
  const dirs: string[] = [];
  const stops: Array<() => void> = [];
  after(() => {
    for (const stop of stops) stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** Starts nginx on a free port with `kb host-config nginx` for out/ (under `base`); returns its port. */
  async function startNginx(base: string): Promise<number> {
    const dir = mkdtempSync(path.join(tmpdir(), 'kb-nginx-'));
    dirs.push(dir);
    mkdirSync(path.join(dir, 'logs'));
    mkdirSync(path.join(dir, 'tmp'));
    const port = await freePort();
    // the CLI as a user runs it: stdout is the server block
    const cli = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/kb.ts', 'host-config', 'nginx', '--root', out, '--port', String(port)], {
      cwd: root, encoding: 'utf8', env: { ...process.env, KB_BASE_PATH: base },
    });
    assert.equal(cli.status, 0, cli.stderr);
    assert.doesNotMatch(cli.stdout, /^\s*(?:user|worker_processes|pid|events|http|error_log)\b/m, 'no main-level directives');
    assert.equal(cli.stdout.match(/^server \{/gm)?.length, 1, 'one server block');
    assert.match(cli.stdout, new RegExp(`^  listen ${port};$`, 'm'));
    assert.match(cli.stdout, new RegExp(`^  root ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')};$`, 'm'));
    assert.match(cli.stdout, /^  absolute_redirect off;$/m);
    writeFileSync(path.join(dir, 'site.conf'), cli.stdout);
    const t = path.join(dir, 'tmp');
    writeFileSync(path.join(dir, 'nginx.conf'), [
      `pid ${dir}/nginx.pid;`, `error_log ${dir}/logs/error.log;`, 'events {}', 'http {', '  include /etc/nginx/mime.types;',
      '  access_log off;', `  client_body_temp_path ${t}; proxy_temp_path ${t}; fastcgi_temp_path ${t}; uwsgi_temp_path ${t}; scgi_temp_path ${t};`,
      `  include ${dir}/site.conf;`, '}', '',
    ].join('\n'));
    const nginx = which('nginx')!;
    const check = spawnSync(nginx, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-t'], { encoding: 'utf8' });
    assert.equal(check.status, 0, `nginx -t: ${check.stderr}`);
    const started = spawnSync(nginx, ['-p', dir, '-c', path.join(dir, 'nginx.conf')], { encoding: 'utf8' });
    assert.equal(started.status, 0, `nginx: ${started.stderr}`);
    stops.push(() => { spawnSync(nginx, ['-p', dir, '-c', path.join(dir, 'nginx.conf'), '-s', 'stop']); });
    for (let i = 0; i < 50 && !(await reachable(port)); i++) await new Promise((r) => setTimeout(r, 100));
    return port;
  }

  test('every address form redirects to the permalink; unknown articles get the 404 page', async () => {
    await assertAnswers(await startNginx(''), '');
  });

  test('the same under a base path (KB_BASE_PATH=/kbarchive)', async () => {
    const port = await startNginx(BASE);
    await assertAnswers(port, BASE);
    const outside = await get(port, '/Q155738');
    assert.equal(outside.status, 404, 'outside the base path nothing is answered');
  });
});

describe('npm run serve', { skip: noBuild }, () => {
  for (const base of ['', BASE]) {
    test(`answers the same${base ? ' under a base path' : ''}`, async () => {
      const { startServer } = await import('../../scripts/serve');
      const server = await startServer(out, 0, base);
      try {
        await assertAnswers((server.address() as AddressInfo).port, base);
      } finally {
        await new Promise<void>((r) => server.close(() => r()));
      }
    });
  }
});

/** Runs `binary args`, registers its stop, and waits for the port. */
async function runServer(binary: string, args: string[], stop: string[], port: number, env: NodeJS.ProcessEnv, stops: Array<() => void>): Promise<void> {
  // no pipes: a server that forks into the background keeps them open, and spawnSync would wait for them
  const started = spawnSync(binary, args, { encoding: 'utf8', env, timeout: 20_000, stdio: 'ignore' });
  assert.equal(started.status, 0, `${binary}: ${started.stderr}${started.stdout}`);
  stops.push(() => { spawnSync(binary, stop, { env, timeout: 20_000, stdio: 'ignore' }); });
  for (let i = 0; i < 100 && !(await reachable(port)); i++) await new Promise((r) => setTimeout(r, 100));
}

describe('Apache with the generated .htaccess', { skip: noBuild || (which('apache2') ? false : 'apache2 not installed: Apache checks skipped (nginx is the server CI runs)') }, () => {
  const dirs: string[] = [];
  const stops: Array<() => void> = [];
  after(() => {
    for (const stop of stops) stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  /** A minimal apache2.conf serving out/ (under `base` with an Alias), the .htaccess lines in its <Directory> (same per-directory context). */
  async function apacheConf(base: string, port: number): Promise<string> {
    const dir = mkdtempSync(path.join(tmpdir(), 'kb-apache-'));
    dirs.push(dir);
    mkdirSync(path.join(dir, 'empty'));
    const cli = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/kb.ts', 'host-config', 'apache', '--root', out], { cwd: root, encoding: 'utf8', env: { ...process.env, KB_BASE_PATH: base } });
    assert.equal(cli.status, 0, cli.stderr);
    writeFileSync(path.join(dir, 'site.htaccess'), cli.stdout);
    const modules = ['mpm_event', 'authz_core', 'dir', 'mime', 'rewrite', 'headers', 'alias'];
    writeFileSync(path.join(dir, 'apache2.conf'), [
      'ServerRoot /etc/apache2', 'ServerName localhost', `Listen 127.0.0.1:${port}`, `PidFile ${dir}/pid`, `ErrorLog ${dir}/error.log`,
      // run as root (CI), Apache serves as www-data
      ...(process.getuid?.() === 0 ? ['User www-data', 'Group www-data'] : []),
      ...modules.map((m) => `LoadModule ${m}_module /usr/lib/apache2/modules/mod_${m}.so`),
      'TypesConfig /etc/mime.types',
      `DocumentRoot ${base ? path.join(dir, 'empty') : out}`,
      ...(base ? [`Alias ${base} ${out}`] : []),
      `<Directory ${out}>`, '  Require all granted', `  Include ${dir}/site.htaccess`, '</Directory>', '',
    ].join('\n'));
    return path.join(dir, 'apache2.conf');
  }

  test('apache2 -t accepts it', async () => {
    const result = spawnSync(which('apache2')!, ['-t', '-f', await apacheConf('', 8089)], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
  });

  for (const base of ['', BASE]) {
    test(`answers like nginx${base ? ' under a base path' : ''}`, async () => {
      const port = await freePort();
      const conf = await apacheConf(base, port);
      await runServer(which('apache2')!, ['-f', conf, '-k', 'start'], ['-f', conf, '-k', 'stop'], port, process.env, stops);
      await assertAnswers(port, base);
    });
  }
});

describe('Caddy with the generated Caddyfile', { skip: noBuild || (which('caddy') ? false : 'caddy not installed: Caddy checks skipped (nginx is the server CI runs)') }, () => {
  const dirs: string[] = [];
  const stops: Array<() => void> = [];
  after(() => {
    for (const stop of stops) stop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  function caddyfile(base: string, port: number): { file: string; env: NodeJS.ProcessEnv } {
    const dir = mkdtempSync(path.join(tmpdir(), 'kb-caddy-'));
    dirs.push(dir);
    const cli = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/kb.ts', 'host-config', 'caddy', '--root', out, '--port', String(port)], { cwd: root, encoding: 'utf8', env: { ...process.env, KB_BASE_PATH: base } });
    assert.equal(cli.status, 0, cli.stderr);
    // an admin endpoint of its own, so a second Caddy (another test, another user) does not collide
    writeFileSync(path.join(dir, 'Caddyfile'), `{\n\tadmin localhost:${port + 1}\n}\n${cli.stdout}`);
    return { file: path.join(dir, 'Caddyfile'), env: { ...process.env, HOME: dir, XDG_DATA_HOME: dir, XDG_CONFIG_HOME: dir } };
  }

  test('caddy validate accepts it', () => {
    const { file, env } = caddyfile(BASE, 8080);
    const result = spawnSync(which('caddy')!, ['validate', '--adapter', 'caddyfile', '--config', file], { encoding: 'utf8', env });
    assert.equal(result.status, 0, result.stderr + result.stdout);
  });

  for (const base of ['', BASE]) {
    test(`answers like nginx${base ? ' under a base path' : ''}`, async () => {
      const port = await freePort();
      const { file, env } = caddyfile(base, port);
      await runServer(which('caddy')!, ['start', '--adapter', 'caddyfile', '--config', file], ['stop', '--address', `localhost:${port + 1}`], port, env, stops);
      await assertAnswers(port, base);
    });
  }
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = http.createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function reachable(port: number): Promise<boolean> {
  return get(port, '/').then(() => true, () => false);
}


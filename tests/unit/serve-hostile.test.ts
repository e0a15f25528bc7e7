/**
 * `npm run serve` against hostile request targets: no target crashes the process, no redirect leaves
 * the origin, nothing outside the served folder is read (symlinks included), caching follows the
 * normalized path; and the port comes from --port, else $PORT, else 3000.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import fc from 'fast-check';
import { readServeArgs, readTarget, sitePathLocation, startServer } from '../../scripts/serve';

const SECRET = 'SECRET-OUTSIDE-THE-SERVED-FOLDER';
const box = mkdtempSync(path.join(tmpdir(), 'kb-serve-hostile-'));
const dir = path.join(box, 'out');
const outside = path.join(box, 'outside');
for (const [rel, text] of Object.entries({
  'index.html': '<h1>home</h1>', '404.html': '<h1>missing</h1>', 'kb/155/Q1/index.html': '<h1>article</h1>',
  'search/index.html': '<h1>search</h1>', '_next/static/chunks/a.js': 'z()', 'x/evil.example/index.html': '<h1>x</h1>',
})) {
  mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  writeFileSync(path.join(dir, rel), text);
}
mkdirSync(path.join(outside, 'folder'), { recursive: true });
writeFileSync(path.join(outside, 'secret.txt'), SECRET);
writeFileSync(path.join(outside, 'folder', 'index.html'), SECRET);
symlinkSync(path.join(outside, 'secret.txt'), path.join(dir, 'passwd'));
symlinkSync(path.join(outside, 'folder'), path.join(dir, 'etc'));
symlinkSync(path.join(dir, 'kb'), path.join(dir, 'inside-link')); // a link inside the folder is fine

let port = 0;
const servers: import('node:http').Server[] = [];
before(async () => {
  const server = await startServer(dir, 0, '');
  servers.push(server);
  port = (server.address() as AddressInfo).port;
});
after(() => { for (const s of servers) s.close(); rmSync(box, { recursive: true, force: true }); });

interface RawResponse { status: number; headers: Map<string, string>; body: string }

/** Sends a request target exactly as given (fetch would normalize it), bytes as latin1. */
function rawGet(target: string, p = port): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect(p, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.setTimeout(5000, () => { socket.destroy(); reject(new Error(`timeout on ${JSON.stringify(target)}`)); });
    socket.on('data', (c: Buffer) => chunks.push(c));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const [head = '', ...rest] = text.split('\r\n\r\n');
      const [statusLine = '', ...lines] = head.split('\r\n');
      const headers = new Map<string, string>();
      for (const line of lines) {
        const i = line.indexOf(':');
        if (i > 0) headers.set(line.slice(0, i).toLowerCase(), line.slice(i + 1).trim());
      }
      resolve({ status: Number(statusLine.split(' ')[1] ?? 0), headers, body: rest.join('\r\n\r\n') });
    });
    socket.write(Buffer.from(`GET ${target} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n`, 'latin1'));
  });
}

/** A Location must be a same-origin path: one leading `/`, and no `\` a browser would read as `/`. */
function assertSameOrigin(location: string | undefined, target: string): void {
  if (location === undefined) return;
  assert.match(location, /^\/(?![/\\])/, `Location ${JSON.stringify(location)} for ${JSON.stringify(target)}`);
  assert.ok(!location.includes('\\'), `Location ${JSON.stringify(location)} has a backslash`);
  assert.equal(new URL(location, 'http://localhost:1/').origin, 'http://localhost:1');
}

describe('serve: hostile request targets', () => {
  test('targets that used to throw outside any try get 400 and the server keeps answering', async () => {
    for (const target of ['//x:99999/', '//[', '//%', '//a%2Fb', '/%', '/a%zz', '/%00', '/a%00b/']) {
      const r = await rawGet(target);
      assert.ok(r.status >= 300 && r.status < 500, `${target}: ${r.status}`);
      assert.equal((await rawGet('/')).status, 200, `alive after ${target}`);
    }
    assert.equal((await rawGet('//x:99999/')).status, 404, 'a readable path that names nothing is a 404');
    assert.equal((await rawGet('/%')).status, 400);
  });

  test('the trailing-slash redirect never leaves the origin', async () => {
    const r = await rawGet('//x//evil.example');
    assert.equal(r.status, 301);
    assert.equal(r.headers.get('location'), '/x/evil.example/');
    for (const target of ['//evil.example/..%2Fsearch', '/\\evil.example/..%2Fsearch', '/%5Cevil.example/../search', '//x//evil.example/%2E%2E%2Fsearch']) {
      const res = await rawGet(target);
      assertSameOrigin(res.headers.get('location'), target);
    }
  });

  test('symlinks out of the served folder are refused; links inside it work', async () => {
    for (const target of ['/passwd', '/etc/', '/etc/index.html', '/etc']) {
      const r = await rawGet(target);
      assert.equal(r.status, 404, target);
      assert.ok(!r.body.includes(SECRET), target);
    }
    assert.equal((await rawGet('/inside-link/155/Q1/')).body, '<h1>article</h1>');
  });

  test('caching headers follow the normalized path', async () => {
    const sneaky = await rawGet('/_next/static/x%2F..%2F..%2F..%2Fsearch/index.html');
    assert.equal(sneaky.status, 200);
    assert.equal(sneaky.body, '<h1>search</h1>');
    assert.equal(sneaky.headers.get('cache-control'), 'no-cache');
    assert.equal((await rawGet('/_next/static/chunks/a.js')).headers.get('cache-control'), 'public, max-age=31536000, immutable');
  });

  test('property: random targets never kill the server, redirect off-site, or read outside out/', async () => {
    const pieces = fc.oneof(
      fc.constantFrom('/', '//', '%', '%2F', '%2f', '%5C', '%2E%2E', '..', '.', '\\', '@', ':', '?', '#', 'passwd', 'etc', 'kb', 'evil.example', '%00', '%E2%80%AE', 'x:99999', '['),
      fc.integer({ min: 0, max: 255 }).map((b) => String.fromCharCode(b)),
      fc.string({ maxLength: 4 }),
    );
    const target = fc.array(pieces, { maxLength: 12 }).map((parts) => parts.join(''));
    await fc.assert(fc.asyncProperty(target, async (t) => {
      const r = await rawGet(t);
      assert.ok(!r.body.includes(SECRET), `read outside out/ for ${JSON.stringify(t)}`);
      assertSameOrigin(r.headers.get('location'), t);
    }), { numRuns: 400 });
    assert.equal((await rawGet('/')).status, 200, 'the server is alive');
  });
});

describe('serve: pieces', () => {
  test('readTarget decodes and normalizes once; refuses broken escapes and NUL', () => {
    assert.deepEqual(readTarget('/a/../b%2F..%2Fc/?q=1#x', ''), { sitePath: '/c/', trailingSlash: true, search: '?q=1' });
    assert.equal(readTarget('/%zz', ''), null);
    assert.equal(readTarget('/a%00', ''), null);
    assert.equal(readTarget('*', ''), null);
    assert.equal(readTarget('http://evil.example/', ''), null);
    assert.equal(readTarget('/other/x', '/base'), null);
    assert.equal(readTarget('/base/../../x', '/base'), null, '.. cannot climb out of the base path');
    assert.equal(readTarget('/base/x', '/base')?.sitePath, '/x');
  });

  test('sitePathLocation: one leading slash, segments encoded', () => {
    assert.equal(sitePathLocation('//evil.example/x/', ''), '/evil.example/x/');
    assert.equal(sitePathLocation('/\\evil.example/', ''), '/%5Cevil.example/');
    assert.equal(sitePathLocation('/a b/', '/base', '?q=1'), '/base/a%20b/?q=1');
    assert.equal(sitePathLocation('/', ''), '/');
  });

  test('the port: --port N, else $PORT, else 3000; a bad value is an error', () => {
    assert.deepEqual(readServeArgs([], {}), { dir: 'out', port: 3000 });
    assert.deepEqual(readServeArgs(['site'], { PORT: '8080' }), { dir: 'site', port: 8080 });
    assert.deepEqual(readServeArgs(['--port', '4000'], { PORT: '8080' }), { dir: 'out', port: 4000 });
    assert.deepEqual(readServeArgs(['--port=0', 'out'], {}), { dir: 'out', port: 0 });
    assert.throws(() => readServeArgs(['--port', 'abc'], {}), /port must be a whole number/);
    assert.throws(() => readServeArgs([], { PORT: '99999' }), /from \$PORT/);
    assert.throws(() => readServeArgs(['--bogus'], {}), /Unknown option/);
  });
});

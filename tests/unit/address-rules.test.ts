/**
 * The address rules of lib/routes.ts: every example of every rule names article 155738, trimmed and
 * page paths name none, the patterns stay in the subset nginx, Apache and Caddy read alike, and the
 * per-length bucket patterns agree with `bucketOf`. The 404 page, `npm run serve`, the search box
 * and the generated host configurations all read these rules, so this is where a new form starts.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { answerAddress } from '../../lib/hosting/redirects';
import {
  ADDRESS_RULES, BUCKET_BY_DIGITS, articleNumberOfAddress, articlePath, bucketOf, matchAddressRule, queryPattern,
} from '../../lib/routes';

function split(example: string): [string, string] {
  const q = example.indexOf('?');
  return q < 0 ? [example, ''] : [example.slice(0, q), example.slice(q + 1)];
}

test('every example of every rule names article 155738, by that rule', () => {
  for (const rule of ADDRESS_RULES) {
    assert.ok(rule.examples.length > 0, rule.name);
    for (const example of rule.examples) {
      const [path, query] = split(example);
      const match = matchAddressRule(path, query);
      assert.equal(match?.number, 155738, `${rule.name}: ${example}`);
      assert.equal(match?.rule.name, rule.name, `${example} is answered by its own rule`);
      assert.equal(articleNumberOfAddress(`https://support.microsoft.com${example}`), 155738, `pasted: ${example}`);
    }
  }
});

test('the forms from old links found in public code and pages', () => {
  const cases: Array<[string, number]> = [
    ['http://www.microsoft.com/kb/articles/q65/1/23.htm', 65123],
    ['http://support.microsoft.com/support/kb/articles/Q104/6/41.ASP', 104641],
    ['http://www.microsoft.com/kb/developr/win_dk/q97193.htm', 97193],
    ['http://support.microsoft.com/default.aspx?scid=http://support.microsoft.com:80/support/kb/articles/q181/6/04.asp&NoWebContent=1', 181604],
    ['http://support.microsoft.com/?scid=kb%3Ben-us%3B168932', 168932],
    ['http://support.microsoft.com/?scid=kb;zh-cn;839202&x=10&y=15', 839202],
    ['http://support.microsoft.com/?scid=303013', 303013],
    ['http://support.microsoft.com/search/preview.aspx?scid=kb;en-us;Q314056', 314056],
    ['http://support.microsoft.com/default.aspx/kb/927917', 927917],
    ['http://support.microsoft.com/kb/q175512/', 175512],
    ['http://support.microsoft.com/kb/296861/th?lc=1033&id=0', 296861],
    ['http://support.microsoft.com/?id=896256', 896256],
    ['https://support.microsoft.com/sr-latn-rs/help/4503293/title', 4503293],
  ];
  for (const [address, number] of cases) assert.equal(articleNumberOfAddress(address), number, address);
});

test('page paths and trimmed paths name no article', () => {
  for (const path of ['/', '/kb/', '/kb/155/', '/kb/010/', '/kb/155', '/product/', '/error/', '/error/winsock/', '/search/', '/kb/155/Q155738/x/', '/help/', '/default.aspx', '/?q=155738', '/?kbid=', '/?kbid=abc', '/kb/12/']) {
    const [p, q] = split(path);
    assert.equal(matchAddressRule(p, q), null, path);
  }
});

test('the patterns use only what JavaScript, PCRE and RE2 read alike', () => {
  const patterns = ADDRESS_RULES.flatMap((r) => [r.path, ...(r.query ? [r.query.value, queryPattern(r.query)] : [])]);
  for (const pattern of [...patterns, ...BUCKET_BY_DIGITS.map((b) => b.digits)]) {
    assert.doesNotMatch(pattern, /\(\?[=!<]|\(\?P?<|\\[1-9]|\\b/, `no lookaround, named group or backreference: ${pattern}`);
    // written inside double quotes in nginx, Apache and Caddy files: nothing there may end the string or be unescaped
    assert.doesNotMatch(pattern, /[\s"'`]|\\[\\ntr"']/, `safe inside a quoted config string: ${pattern}`);
  }
  for (const rule of ADDRESS_RULES) {
    assert.match(rule.path, /^\^\/.*\$$/, `${rule.name}: path anchored ^/…$`);
    const groups = new RegExp(`${rule.query ? rule.query.value : rule.path}|`).exec('')!.length - 1;
    for (const g of rule.number) assert.ok(g >= 1 && g <= groups, `${rule.name}: group ${g} of ${groups}`);
    if (rule.query) assert.doesNotMatch(rule.query.value.replace(/\[\^[^\]]*\]/g, ''), /&/, `${rule.name}: a value never spans parameters`);
  }
});

test('the bucket patterns for each length of number agree with bucketOf', () => {
  fc.assert(fc.property(fc.integer({ min: 1, max: 9_999_999 }), (n) => {
    const digits = String(n);
    const matches = BUCKET_BY_DIGITS.filter((b) => new RegExp(b.digits).test(digits));
    assert.equal(matches.length, 1, digits);
    const b = matches[0]!;
    const bucket = b.prefix + (b.group ? new RegExp(b.digits).exec(digits)![1] : '');
    assert.equal(bucket, bucketOf(n));
  }));
});

test('a server answers a rule only where no file does, or at the root; 404 for an article that does not exist', () => {
  const permalinkOf = (n: number) => (n === 155738 ? articlePath(n) : null);
  assert.deepEqual(answerAddress({ sitePath: '/Q155738', search: '', fileFound: false }, permalinkOf, '/kbarchive'),
    { status: 301, location: '/kbarchive/kb/155/Q155738/', rule: 'q-number', number: 155738 });
  assert.equal(answerAddress({ sitePath: '/Q155738', search: '', fileFound: true }, permalinkOf), null, 'an existing page is never redirected');
  assert.equal(answerAddress({ sitePath: '/', search: 'kbid=155738', fileFound: true }, permalinkOf)?.status, 301, 'the root with a query');
  assert.equal(answerAddress({ sitePath: '/', search: '', fileFound: true }, permalinkOf), null);
  assert.deepEqual(answerAddress({ sitePath: '/kb/999999/', search: '', fileFound: false }, permalinkOf), { status: 404, rule: 'kb-number', number: 999999 });
  assert.equal(answerAddress({ sitePath: '/nothing/here/', search: '', fileFound: false }, permalinkOf), null);
  assert.equal(answerAddress({ sitePath: '/kb/155/Q155738/', search: '', fileFound: false }, permalinkOf), null, 'never a redirect to itself');
});

test('an article without a number: every ID form names its ID (any case); a server answers 301 only for an ID that exists', async () => {
  const { ID_ADDRESS_EXAMPLES, idOfAddress } = await import('../../lib/routes');
  for (const form of ID_ADDRESS_EXAMPLES) {
    for (const id of ['MAPPED-DRIVE-FAQ', 'mapped-drive-faq', 'Setup.Guide_2b']) {
      assert.equal(idOfAddress(form.replace('<id>', id)), id.toLowerCase(), form.replace('<id>', id));
    }
  }
  assert.equal(idOfAddress('/a/b/c/MAPPED-DRIVE-FAQ'), null, 'not any path ending with the ID');
  assert.equal(idOfAddress('/kb/x/y/'), null);
  const ids: Record<string, string> = { 'mapped-drive-faq': '/kb/MAPPED-DRIVE-FAQ/', guide: '/articles/guide/' };
  const byId = (id: string) => (Object.hasOwn(ids, id) ? ids[id]! : null);
  const none = () => null;
  assert.deepEqual(answerAddress({ sitePath: '/Mapped-Drive-FAQ', search: '', fileFound: false }, none, '/kbarchive', byId),
    { status: 301, location: '/kbarchive/kb/MAPPED-DRIVE-FAQ/', rule: 'id', id: 'mapped-drive-faq' });
  assert.equal(answerAddress({ sitePath: '/kb/guide/en-us', search: '', fileFound: false }, none, '', byId)?.status, 301);
  assert.equal(answerAddress({ sitePath: '/kb/MAPPED-DRIVE-FAQ/', search: '', fileFound: true }, none, '', byId), null, 'the permalink itself');
  assert.equal(answerAddress({ sitePath: '/kb/MAPPED-DRIVE-FAQ/', search: '', fileFound: false }, none, '', byId), null, 'never a redirect to itself');
  assert.equal(answerAddress({ sitePath: '/no-such-id', search: '', fileFound: false }, none, '', byId), null, 'an unknown name: the 404 page as usual');
  assert.equal(answerAddress({ sitePath: '/guide', search: '', fileFound: true }, none, '', byId), null, 'a file answers first');
});

test('the inline 404/home script sends every example to its permalink, and leaves pages alone', async () => {
  const { runInNewContext } = await import('node:vm');
  const { addressRedirectScript } = await import('../../lib/hosting/address-script');
  const run = (script: string, url: string): string | null => {
    const u = new URL(url, 'http://site.test');
    let replaced: string | null = null;
    runInNewContext(script, { location: { pathname: u.pathname, search: u.search, hash: u.hash, replace: (to: string) => { replaced = to; } } });
    return replaced;
  };
  for (const base of ['', '/kbarchive']) {
    const script = addressRedirectScript(base, { 4503293: '/kb/450/KB4503293/' });
    for (const rule of ADDRESS_RULES) {
      for (const example of rule.examples) assert.equal(run(script, base + example), `${base}/kb/155/Q155738/`, `${rule.name}: ${base}${example}`);
    }
    assert.equal(run(script, `${base}/KB4503293#cause`), `${base}/kb/450/KB4503293/#cause`, 'an exception, the fragment kept');
    assert.equal(run(script, `${base}/Q10022`), `${base}/kb/010/Q10022/`);
    for (const page of ['/', '/kb/155/Q155738/', '/kb/155/', '/search/?q=Q155738', '/error/winsock/', '/nothing/here']) {
      assert.equal(run(script, base + page), null, `${base}${page}`);
    }
  }
  assert.equal(run(addressRedirectScript('/kbarchive', {}), '/Q155738'), null, 'outside the base path');
  // articles without a number, by ID: every form, any case; another name stays on the 404 page
  const withIds = addressRedirectScript('/kbarchive', {}, { 'mapped-drive-faq': '/kb/MAPPED-DRIVE-FAQ/' });
  for (const form of ['/MAPPED-DRIVE-FAQ', '/kb/mapped-drive-faq', '/kb/Mapped-Drive-Faq/en-us', '/help/mapped-drive-faq/']) {
    assert.equal(run(withIds, `/kbarchive${form}`), '/kbarchive/kb/MAPPED-DRIVE-FAQ/', form);
  }
  assert.equal(run(withIds, '/kbarchive/kb/MAPPED-DRIVE-FAQ/'), null, 'the permalink itself');
  assert.equal(run(withIds, '/kbarchive/other-name'), null);
  assert.equal(run(withIds, '/kbarchive/KB4503293'), '/kbarchive/kb/450/Q4503293/', 'a number without its exception: the scheme');
  let fromDisk = false;
  runInNewContext(addressRedirectScript('', {}), { location: { protocol: 'file:', pathname: '/kb/155738/index.html', search: '', hash: '', replace: () => { fromDisk = true; } } });
  assert.equal(fromDisk, false, 'the offline copy opened from disk');
  // a server that applies the rules marks its 404 page: the script then stays
  const marked = new URL('/Q155738', 'http://site.test');
  let moved = false;
  runInNewContext(addressRedirectScript('', {}), {
    location: { pathname: marked.pathname, search: '', hash: '', replace: () => { moved = true; } },
    performance: { getEntriesByType: () => [{ serverTiming: [{ name: 'kb-rules' }] }] },
  });
  assert.equal(moved, false);
  assert.doesNotMatch(addressRedirectScript('', { 1: '/a/</script><script>alert(1)//' }), /<\/script/i, 'content never closes the script');
});

test('in a browser the inline script writes the permalink\'s page in place of the 404 page; a fragment, a failure or a missing article navigate', async () => {
  const { runInNewContext } = await import('node:vm');
  const { addressRedirectScript } = await import('../../lib/hosting/address-script');
  /** Runs the script at `url` with a fake XMLHttpRequest answering `status`; returns what it did. */
  const run = (url: string, answer: { status: number; type?: string; throws?: boolean }, base = '') => {
    const u = new URL(url, 'http://site.test');
    const did: string[] = [];
    const attributes = [{ name: 'lang' }, { name: 'data-kb-page' }];
    class FakeXhr {
      status = 0;
      responseText = '';
      responseURL = '';
      open(method: string, to: string, async: boolean) { did.push(`xhr ${method} ${to} async=${async}`); this.responseURL = `http://site.test${to}`; }
      send() { if (answer.throws) throw new Error('NetworkError'); this.status = answer.status; this.responseText = '<!doctype html><title>Q155738</title>'; }
      getResponseHeader() { return answer.type ?? 'text/html; charset=utf-8'; }
    }
    runInNewContext(addressRedirectScript(base, {}), {
      location: { protocol: 'http:', pathname: u.pathname, search: u.search, hash: u.hash, replace: (to: string) => did.push(`replace ${to}`) },
      XMLHttpRequest: FakeXhr,
      history: { state: null, replaceState: (_s: unknown, _t: string, to: string) => did.push(`replaceState ${to}`) },
      stop: () => did.push('stop'),
      document: {
        documentElement: { attributes, removeAttribute: (name: string) => { attributes.splice(attributes.findIndex((a) => a.name === name), 1); } },
        write: (html: string) => did.push(`write ${html} (html attributes left: ${attributes.length})`),
      },
    });
    return did;
  };
  for (const base of ['', '/kbarchive']) {
    assert.deepEqual(run(`${base}/support/kb/articles/Q155/7/38.asp`, { status: 200 }, base), [
      `xhr GET ${base}/kb/155/Q155738/ async=false`,
      `replaceState http://site.test${base}/kb/155/Q155738/`,
      'write <!doctype html><title>Q155738</title><plaintext hidden> (html attributes left: 0)',
    ]);
  }
  assert.deepEqual(run('/Q999999', { status: 404 }), ['xhr GET /kb/999/Q999999/ async=false', 'stop', 'replace /kb/999/Q999999/'], 'no such article: its permalink\'s 404 page says so');
  assert.deepEqual(run('/Q155738', { status: 200, type: 'application/octet-stream' }), ['xhr GET /kb/155/Q155738/ async=false', 'stop', 'replace /kb/155/Q155738/']);
  assert.deepEqual(run('/Q155738', { status: 0, throws: true }), ['xhr GET /kb/155/Q155738/ async=false', 'stop', 'replace /kb/155/Q155738/'], 'a network error');
  assert.deepEqual(run('/Q155738#cause', { status: 200 }), ['stop', 'replace /kb/155/Q155738/#cause'], 'a fragment: a real navigation scrolls to it');
  assert.deepEqual(run('/kb/155/Q155738/', { status: 200 }), [], 'the permalink itself');
});

test('the README\'s table of address forms lists every rule with its first example', async () => {
  const { readFileSync } = await import('node:fs');
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
  for (const rule of ADDRESS_RULES) {
    const row = readme.split('\n').find((line) => line.startsWith(`| \`${rule.name}\` |`));
    assert.ok(row, `a README row for ${rule.name}`);
    assert.ok(row.includes(`\`${rule.examples[0]}\``), `${rule.name}: ${rule.examples[0]} in its row`);
  }
});

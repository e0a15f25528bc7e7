/**
 * The generated table (lib/error-codes/table.json), the generator on headers written for the test,
 * the cited-code table and its browser lookup.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { allEntries, buildCitedCodeTable, descriptionOf, entriesByName, entryByKey, extractErrorCodes, FAMILIES } from '../../lib/error-codes/index';
import { lookupCitedCode } from '../../lib/error-codes/cited-lookup';
import { generate } from '../../scripts/generate-error-codes';

describe('table.json', () => {
  it('stays small enough to ship', () => {
    const size = statSync(path.join(import.meta.dirname, '../../lib/error-codes/table.json')).size;
    assert.ok(size < 1_500_000, `table.json is ${size} bytes`);
  });
  it('has every family, with unique keys of the form family/name-lower', () => {
    const keys = new Set<string>();
    for (const e of allEntries()) {
      assert.equal(e.key, `${e.family}/${e.name.toLowerCase()}`);
      assert.ok(!keys.has(e.key), `duplicate ${e.key}`);
      keys.add(e.key);
    }
    for (const family of FAMILIES) assert.ok(allEntries().some((e) => e.family === family), family);
  });
  it('agrees with the headers on well-known codes of each family', () => {
    const expect: [string, string, number][] = [
      ['ERROR_ACCESS_DENIED', 'win32', 5], ['ERROR_INVALID_NETNAME', 'win32', 1214],
      ['WSAENOTSOCK', 'winsock', 10038], ['WSAHOST_NOT_FOUND', 'winsock', 11001],
      ['E_FAIL', 'hresult', 0x80004005], ['E_ACCESSDENIED', 'hresult', 0x80070005], ['E_NOT_SUFFICIENT_BUFFER', 'hresult', 0x8007007a],
      ['STATUS_ACCESS_VIOLATION', 'ntstatus', 0xc0000005], ['STATUS_SYSTEM_PROCESS_TERMINATED', 'ntstatus', 0xc000021a],
      ['IRQL_NOT_LESS_OR_EQUAL', 'bugcheck', 0xa], ['INACCESSIBLE_BOOT_DEVICE', 'bugcheck', 0x7b], ['SYSTEM_SERVICE_EXCEPTION', 'bugcheck', 0x3b],
      ['NERR_NetNotStarted', 'netapi', 2102], ['NERR_InternalError', 'netapi', 2140],
    ];
    for (const [name, family, value] of expect) {
      const entry = entriesByName(name).find((e) => e.family === family);
      assert.equal(entry?.value, value, name);
    }
  });
  it('keeps banner messages of bugcodes.h out of the bug checks', () => {
    assert.equal(entryByKey('bugcheck/windows_nt_banner'), undefined);
  });
  it('describes the codes in our own words, for keys that exist', () => {
    assert.ok(descriptionOf('winsock/wsaenotsock'));
    const file = path.join(import.meta.dirname, '../../lib/error-codes/descriptions.json');
    const descriptions = Object.keys(JSON.parse(readFileSync(file, 'utf8')) as Record<string, string>);
    assert.ok(descriptions.length >= 100, `${descriptions.length} descriptions`);
    for (const key of descriptions) assert.ok(entryByKey(key), `description for unknown key ${key}`);
  });
});

describe('generate(): headers to rows', () => {
  it('reads literals, BASE + n, aliases and HRESULT_FROM_WIN32, and skips bookkeeping', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'kb-headers-'));
    writeFileSync(path.join(dir, 'winerror.h'), [
      '#define FACILITY_WIN32 7',
      '#define ERROR_TEST_ONE __MSABI_LONG(5)',
      '#define ERROR_TEST_ALIAS ERROR_TEST_ONE',
      '#define E_TEST_WRAPPED HRESULT_FROM_WIN32(ERROR_TEST_ONE)',
      '#define E_TEST_FAIL _HRESULT_TYPEDEF_(0x80004005L)',
      '#define WSABASEERR 10000',
      '#define WSAETEST (WSABASEERR + 38)',
      '#define TEST_FIRST 0x100',
      '#define FAILED(hr) ((HRESULT)(hr) < 0)',
    ].join('\n'));
    writeFileSync(path.join(dir, 'ntstatus.h'), '#define STATUS_TEST_AV ((NTSTATUS)0xC0000005)\n');
    writeFileSync(path.join(dir, 'bugcodes.h'), '#define TEST_BANNER ((ULONG)0x4000007e)\n#define TEST_BUGCHECK ((ULONG)0x0000000a)\n');
    writeFileSync(path.join(dir, 'lmerr.h'), '#define NERR_BASE 2100\n#define NERR_TestError (NERR_BASE+40)\n#define OTHER_THING 3\n');
    const { rows, facilities } = generate(dir);
    const own = rows.filter(([name]) => /TEST/i.test(name));
    assert.deepEqual(own, [
      ['ERROR_TEST_ONE', 5, 'win32'],
      ['ERROR_TEST_ALIAS', 5, 'win32'],
      ['E_TEST_WRAPPED', 0x80070005, 'hresult'],
      ['E_TEST_FAIL', 0x80004005, 'hresult'],
      ['WSAETEST', 10038, 'winsock'],
      ['STATUS_TEST_AV', 0xc0000005, 'ntstatus'],
      ['TEST_BUGCHECK', 10, 'bugcheck'],
      ['NERR_TestError', 2140, 'netapi'],
    ]);
    assert.equal(facilities[7], 'WIN32');
  });
});

describe('cited codes: the small table for the browser', () => {
  const articles = [
    extractErrorCodes({ title: 'Error 10038 on send', sections: [{ kind: 'cause', text: 'STOP 0xA follows.' }] }),
    extractErrorCodes({ title: 'Other', sections: [{ kind: 'symptoms', text: 'The call fails with WSAENOTSOCK.' }] }),
  ];
  const table = buildCitedCodeTable(articles);
  it('counts articles and title mentions, most cited first', () => {
    assert.deepEqual(table.map((c) => [c.key, c.articles, c.titles]), [
      ['winsock/wsaenotsock', 2, 1],
      ['bugcheck/irql_not_less_or_equal', 1, 0],
    ]);
    assert.equal(table[0]?.hex, '0x00002736');
  });
  it('finds a cited code from any spelling without the big table', () => {
    assert.deepEqual(lookupCitedCode('0x2736', table).map((c) => c.key), ['winsock/wsaenotsock']);
    assert.deepEqual(lookupCitedCode('stop a', table).map((c) => c.key), ['bugcheck/irql_not_less_or_equal']);
    assert.deepEqual(lookupCitedCode('wsaenotsock', table).map((c) => c.key), ['winsock/wsaenotsock']);
    assert.deepEqual(lookupCitedCode('10', table).map((c) => c.key), ['bugcheck/irql_not_less_or_equal']);
    assert.deepEqual(lookupCitedCode('printer', table), []);
  });
});

/**
 * The normalizer, table-driven: every row but the last few is a spelling found in the real archive
 * (titles and texts of the Microsoft KB), with the reading a reader means put first.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { canonicalTerm, lookupCode, parseCodeQuery, toHex } from '../../lib/error-codes/index';

const ARCHIVE_SPELLINGS: [input: string, firstKey: string][] = [
  ['STOP 0x0000000A', 'bugcheck/irql_not_less_or_equal'],
  ['Stop 0x0000000A', 'bugcheck/irql_not_less_or_equal'],
  ['STOP 0xA', 'bugcheck/irql_not_less_or_equal'],
  ['Stop 0xa', 'bugcheck/irql_not_less_or_equal'],
  ['stop a', 'bugcheck/irql_not_less_or_equal'],
  ['Stop 0A', 'bugcheck/irql_not_less_or_equal'],
  ['STOP: 0x0000001E', 'bugcheck/kmode_exception_not_handled'],
  ['STOP:0x0000001E', 'bugcheck/kmode_exception_not_handled'],
  ['STOP 0x1E', 'bugcheck/kmode_exception_not_handled'],
  ['Bugcheck 0x1e', 'bugcheck/kmode_exception_not_handled'],
  ['Stop 0x24', 'bugcheck/ntfs_file_system'],
  ['STOP 7B', 'bugcheck/inaccessible_boot_device'],
  ['STOP 0X0000007B', 'bugcheck/inaccessible_boot_device'],
  ['trap 0x7b', 'bugcheck/inaccessible_boot_device'],
  ['0x0000007B', 'bugcheck/inaccessible_boot_device'],
  ['STOP Msg: 0x0000003F', 'bugcheck/no_more_system_ptes'],
  ['Bugcheck 93', 'bugcheck/invalid_kernel_handle'],
  ['STOP: c000021a', 'ntstatus/status_system_process_terminated'],
  ['STOP 0xC000021A', 'ntstatus/status_system_process_terminated'],
  ['Stop C0000143', 'ntstatus/status_missing_systemfile'],
  ['c0000005', 'ntstatus/status_access_violation'],
  ['0xC0000005', 'ntstatus/status_access_violation'],
  ['0XC0000005', 'ntstatus/status_access_violation'],
  ['error 0xC0000022', 'ntstatus/status_access_denied'],
  ['Error C00000BE', 'ntstatus/status_bad_network_path'],
  ['Error -1073741670', 'ntstatus/status_insufficient_resources'],
  ['80004005', 'hresult/e_fail'],
  ['0x80004005', 'hresult/e_fail'],
  ['error 80004005', 'hresult/e_fail'],
  ['error -2147467259', 'hresult/e_fail'],
  ['-2147467259', 'hresult/e_fail'],
  ['Error -2147319784', 'hresult/type_e_invdataread'],
  ['error code 0x80040154', 'hresult/regdb_e_classnotreg'],
  ['0x80070005', 'hresult/e_accessdenied'],
  ['Error 10038', 'winsock/wsaenotsock'],
  ['error 10054', 'winsock/wsaeconnreset'],
  ['Error 10048', 'winsock/wsaeaddrinuse'],
  ['WSAENOTSOCK', 'winsock/wsaenotsock'],
  ['System error 53', 'win32/error_bad_netpath'],
  ['System Error 1214', 'win32/error_invalid_netname'],
  ['System error 1219', 'win32/error_session_credential_conflict'],
  ['error code 1722', 'win32/rpc_s_server_unavailable'],
  ['Error #6', 'win32/error_invalid_handle'],
  ['error = 3', 'win32/error_path_not_found'],
  ['Error 5', 'win32/error_access_denied'],
  ['Error 0x3f3', 'win32/error_cantopen'],
  ['Error 2140', 'netapi/nerr_internalerror'],
  ['Error 2186', 'netapi/nerr_servicectltimeout'],
  ['ERROR_ACCESS_DENIED', 'win32/error_access_denied'],
  ['ERROR_SHARING_VIOLATION', 'win32/error_sharing_violation'],
  ['RPC_S_SERVER_UNAVAILABLE', 'win32/rpc_s_server_unavailable'],
  ['E_FAIL', 'hresult/e_fail'],
  ['REGDB_E_CLASSNOTREG', 'hresult/regdb_e_classnotreg'],
  ['IRQL_NOT_LESS_OR_EQUAL', 'bugcheck/irql_not_less_or_equal'],
  ['KMODE_EXCEPTION_NOT_HANDLED', 'bugcheck/kmode_exception_not_handled'],
  ['INACCESSIBLE_BOOT_DEVICE', 'bugcheck/inaccessible_boot_device'],
  ['STATUS_ACCESS_VIOLATION', 'ntstatus/status_access_violation'],
];

// spellings from the issue that the archive happens not to use
const OTHER_SPELLINGS: [input: string, firstKey: string][] = [
  ['bug check 0xA', 'bugcheck/irql_not_less_or_equal'],
  ['0x2736', 'winsock/wsaenotsock'],
  ['10038', 'winsock/wsaenotsock'],
  ['2736h', 'winsock/wsaenotsock'],
  ['wsaenotsock', 'winsock/wsaenotsock'],
  ['access_violation', 'ntstatus/status_access_violation'],
  ['error_access_denied', 'win32/error_access_denied'],
  ['Err Msg: System error 1214', 'win32/error_invalid_netname'],
  ['2147500037', 'hresult/e_fail'],
];

describe('lookupCode: spellings from the archive', () => {
  it('has at least 40 archive rows', () => assert.ok(ARCHIVE_SPELLINGS.length >= 40));
  for (const [input, key] of [...ARCHIVE_SPELLINGS, ...OTHER_SPELLINGS]) {
    it(`${input} → ${key}`, () => {
      const matches = lookupCode(input);
      assert.equal(matches[0]?.key, key, `${input}: got ${matches.map((m) => m.key).join(', ') || 'nothing'}`);
    });
  }
});

describe('lookupCode: readings and ambiguity', () => {
  it('shows every reading of 5, the Win32 error first', () => {
    const keys = lookupCode('5').map((m) => m.key);
    assert.equal(keys[0], 'win32/error_access_denied');
    assert.ok(keys.includes('bugcheck/invalid_process_attach_attempt'), keys.join(', '));
  });
  it('puts the bug check first after STOP, and only bug checks', () => {
    const matches = lookupCode('STOP 5');
    assert.deepEqual(matches.map((m) => m.family), ['bugcheck']);
  });
  it('puts winsock first in 10000-11999', () => {
    assert.equal(lookupCode('10061')[0]?.family, 'winsock');
  });
  it('decomposes an HRESULT that wraps a Win32 error', () => {
    const [match] = lookupCode('0x80070005');
    assert.deepEqual(match?.hresult, { value: '0x80070005', facility: 7, facilityName: 'WIN32', code: 5, win32: 'ERROR_ACCESS_DENIED' });
  });
  it('reads an unnamed FACILITY_WIN32 HRESULT as the Win32 error', () => {
    const [match] = lookupCode('0x80070002');
    assert.equal(match?.key, 'win32/error_file_not_found');
    assert.equal(match?.hresult?.value, '0x80070002');
  });
  it('shows an HRESULT the table does not name with its facility', () => {
    const [match] = lookupCode('800A01A8');
    assert.equal(match?.key, 'hresult/0x800a01a8');
    assert.equal(match?.hresult?.facility, 10);
    assert.equal(match?.hresult?.code, 424);
  });
  it('gives value, hex and a description for a cited code', () => {
    const [match] = lookupCode('WSAENOTSOCK');
    assert.equal(match?.value, 10038);
    assert.equal(match?.hex, '0x00002736');
    assert.equal(typeof match?.description, 'string');
  });
  for (const input of ['', 'printer', 'how do I map a drive', '3.51', '(800) 426-9400', 'Q123456', '0x', '99999999999']) {
    it(`reads "${input}" as no code`, () => assert.deepEqual(lookupCode(input), []));
  }
});

describe('parseCodeQuery (browser side, no table)', () => {
  it('reads STOP spellings as bug checks', () => {
    assert.deepEqual(parseCodeQuery('Stop 0x0000000A'), { readings: [{ family: 'bugcheck', value: 10, form: 'hex8' }], names: [], bugcheckContext: true });
  });
  it('reads negative decimals as HRESULTs', () => {
    assert.equal(parseCodeQuery('-2147467259')?.readings[0]?.value, 0x80004005);
  });
  it('reads names upper-cased, and only code-like words', () => {
    assert.deepEqual(parseCodeQuery('wsaenotsock')?.names, ['WSAENOTSOCK']);
    assert.equal(parseCodeQuery('printer'), null);
    assert.equal(parseCodeQuery('stop the service'), null);
  });
  it('makes one search term per family and value', () => {
    assert.equal(canonicalTerm('winsock', 10038), 'ec_winsock_10038');
    assert.equal(canonicalTerm('hresult', -2147467259), 'ec_hresult_2147500037');
    assert.equal(toHex(0xa), '0x0000000A');
  });
});

/**
 * Extraction: what counts as a code in article text, and what must not (years, versions, phone
 * numbers, addresses, page numbers, article numbers). The texts are written for these tests.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractErrorCodes } from '../../lib/error-codes/index';

const keysOf = (title: string, text = '', kind = 'symptoms'): string[] =>
  extractErrorCodes({ title, sections: text ? [{ kind, text }] : [] }).map((c) => c.key);

describe('extractErrorCodes: codes in context', () => {
  const rows: [text: string, keys: string[]][] = [
    ['The client reports error 10038 when it sends.', ['winsock/wsaenotsock']],
    ['NET USE fails with System error 1219.', ['win32/error_session_credential_conflict']],
    ['The computer stops with STOP 0x0000000A and restarts.', ['bugcheck/irql_not_less_or_equal']],
    ['A blue screen shows STOP: 0x0000001E (0xC0000005, 0x8013A0B4, 0x00000000, 0x00000000).', ['bugcheck/kmode_exception_not_handled', 'ntstatus/status_access_violation']],
    ['You may see Stop 7B while the server starts.', ['bugcheck/inaccessible_boot_device']],
    ['This produces bug check 0x50 on the second processor.', ['bugcheck/page_fault_in_nonpaged_area']],
    ['The driver causes Trap 0x1E under load.', ['bugcheck/kmode_exception_not_handled']],
    ['Windows stops with STOP 0xA or 0x1E at random.', ['bugcheck/irql_not_less_or_equal', 'bugcheck/kmode_exception_not_handled']],
    ['Setup halts: STOP: c000021a {Fatal System Error}.', ['ntstatus/status_system_process_terminated']],
    ['The provider returns 0x80004005 to the page.', ['hresult/e_fail']],
    ['The page shows error \'80004005\' in red.', ['hresult/e_fail']],
    ['The call fails with 0x80070002.', ['win32/error_file_not_found']],
    ['Event log: error -2147467259 from the component.', ['hresult/e_fail']],
    ['The socket call returns WSAECONNREFUSED at once.', ['winsock/wsaeconnrefused']],
    ['CoCreateInstance returns REGDB_E_CLASSNOTREG for the class.', ['hresult/regdb_e_classnotreg']],
    ['The message says Error 2140 after logon.', ['netapi/nerr_internalerror']],
    ['Err Msg: 1214 appears on the screen.', ['win32/error_invalid_netname']],
  ];
  for (const [text, keys] of rows) {
    it(text, () => assert.deepEqual(keysOf('An article', text), keys));
  }
});

describe('extractErrorCodes: what is not a code', () => {
  const rows: [what: string, text: string][] = [
    ['years', 'This article was revised in 1995 and again in 2001; see the 1998 notes.'],
    ['versions', 'Applies to Windows NT 3.51 and 4.0, and to version 5.0.2195 of the file.'],
    ['a version after "error"', 'The error 3.51 setup mentions is fixed in 3.51a.'],
    ['phone numbers', 'Call (800) 426-9400 or (425) 635-7000, TTY 800-892-5234.'],
    ['addresses', 'Write to One Microsoft Way, Redmond, WA 98052-6399, or PO Box 97017.'],
    ['page numbers', 'See page 1214 of the guide, and pages 53-58.'],
    ['article numbers', 'For more information, see Q123456 and article 155738.'],
    ['bare numbers', 'Set the value to 10038 and the timeout to 5 seconds; 80 columns.'],
    ['short hex without context', 'Use 0x80 to access drive C; the newline is 0x0A and the mask 0xFFFF.'],
    ['the English word stop', 'Stop a service, stop 5 processes, and stop add-ins from loading.'],
    ['stop bits', 'Use 1.5 stop bits on COM1.'],
    ['success codes', 'The function returns S_OK, or ERROR_SUCCESS on the old path; error 0 means success.'],
    ['a duration after error', 'The retry after an error 30 seconds later succeeds.'],
    ['compiler and run-time errors', 'The linker error 2001 and Run-time error 429 and Help Compiler Error 5059 appear.'],
    ['unknown values', 'The server logs error 1234567 and STOP 0x00000082.'],
    ['lower-case running text', 'the wsaenotsock case and e_fail are discussed.'],
    ['8 digits that are not hex codes', 'Serial 40000000 and part 12345678 ship today.'],
  ];
  for (const [what, text] of rows) {
    it(what, () => assert.deepEqual(keysOf('An article', text), []));
  }
  it('BASIC articles number their own errors', () => {
    assert.deepEqual(keysOf('Device I/O Error 57 in QuickBASIC', 'ON ERROR GOTO catches error 57.'), []);
  });
  it('but winsock numbers and hex codes still count in them', () => {
    assert.deepEqual(keysOf('Visual Basic Winsock control', 'The control raises error 10048; the call returns 0x80004005.'), ['winsock/wsaeaddrinuse', 'hresult/e_fail']);
  });
});

describe('extractErrorCodes: the mention record', () => {
  it('keeps spellings as written and where each was found, title first', () => {
    const codes = extractErrorCodes({
      title: 'Stop 0xA After Installing the Driver',
      sections: [
        { kind: 'symptoms', text: 'The computer shows STOP 0x0000000A IRQL_NOT_LESS_OR_EQUAL.' },
        { kind: 'cause', text: 'The driver raises STOP 0x0000000A at DISPATCH_LEVEL.' },
      ],
    });
    assert.deepEqual(codes, [{
      key: 'bugcheck/irql_not_less_or_equal', name: 'IRQL_NOT_LESS_OR_EQUAL', family: 'bugcheck', value: 10,
      spellings: ['Stop 0xA', 'STOP 0x0000000A', 'IRQL_NOT_LESS_OR_EQUAL'], where: ['title', 'symptoms', 'cause'],
    }]);
  });
  it('counts a code written in two spellings once', () => {
    const codes = extractErrorCodes({ title: 'Error 10038 (WSAENOTSOCK)', sections: [] });
    assert.equal(codes.length, 1);
    assert.deepEqual(codes[0]?.spellings, ['Error 10038', 'WSAENOTSOCK']);
  });
  it('returns nothing for empty input', () => {
    assert.deepEqual(extractErrorCodes({ title: '', sections: [] }), []);
  });
});

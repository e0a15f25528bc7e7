/**
 * The spellings people type for a code, in the order a page shows them: the hex families (HRESULT,
 * NTSTATUS, bug check) hex first, the others decimal first. Every spelling here reads back as the
 * same code through parseCodeQuery (a unit test holds it to that). Type imports only: browser code uses it.
 */
import type { CodeIdentity } from './types';

/** The families whose codes everyone knows in hex (`0x80004005`, `0xC0000005`, `STOP 0x0000000A`). */
export const HEX_FAMILIES: ReadonlySet<string> = new Set(['hresult', 'ntstatus', 'bugcheck']);

/** `0x2736`: hex without padding, upper-case digits. */
export function shortHex(value: number): string {
  return `0x${(value >>> 0).toString(16).toUpperCase()}`;
}

/** `0x0000000A`: eight digits, as HRESULTs, NTSTATUS values and bug checks are written. */
export function longHex(value: number): string {
  return `0x${(value >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}

/** The value as a signed 32-bit integer (`-2147467259` for 0x80004005), what VB, ADO and .NET print. */
export function signedDecimal(value: number): number {
  return value | 0;
}

/**
 * What people type for a code: `10038 · 0x2736 · WSAENOTSOCK`;
 * `0x80004005 · -2147467259 · 80004005 · E_FAIL`; `STOP 0x0000000A · 0xA · IRQL_NOT_LESS_OR_EQUAL`.
 */
export function typedSpellings(code: Pick<CodeIdentity, 'value' | 'name'> & { family: string }): string[] {
  const v = code.value >>> 0;
  const out: string[] = [];
  switch (code.family) {
    case 'hresult':
    case 'ntstatus':
      out.push(longHex(v));
      if (v >= 0x80000000) out.push(String(signedDecimal(v)));
      out.push(longHex(v).slice(2));
      break;
    case 'bugcheck':
      out.push(`STOP ${longHex(v)}`, shortHex(v));
      break;
    default:
      out.push(String(v), shortHex(v));
  }
  // an unnamed HRESULT's name is its hex: listed once
  if (!out.includes(code.name)) out.push(code.name);
  return out;
}

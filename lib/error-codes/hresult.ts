/**
 * HRESULT decomposition: severity bit, facility (bits 16-28) and code (low 16 bits).
 * 0x80070005 is facility WIN32 (7), code 5: the Win32 error ERROR_ACCESS_DENIED wrapped as an HRESULT.
 */

export const FACILITY_WIN32 = 7;

export interface HresultParts {
  failure: boolean;
  facility: number;
  code: number;
}

/** True when the value has the failure bit set and so can be read as a failing HRESULT. */
export function isFailureHresult(value: number): boolean {
  return value >>> 31 === 1;
}

/** Splits an HRESULT into its fields (meaningful for failure HRESULTs). */
export function decomposeHresult(value: number): HresultParts {
  const v = value >>> 0;
  return { failure: v >>> 31 === 1, facility: (v >>> 16) & 0x1fff, code: v & 0xffff };
}

/** The HRESULT that wraps a Win32 error (HRESULT_FROM_WIN32). */
export function hresultFromWin32(code: number): number {
  return code <= 0 ? code >>> 0 : ((code & 0xffff) | 0x80070000) >>> 0;
}

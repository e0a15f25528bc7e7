/**
 * The error-code families as pages name them (no imports: browser code uses it too): one name per family (`Windows Sockets error`), its
 * plural for lists, and the order the index shows them in (the most looked-up first).
 */

export const FAMILY_NAMES: Record<string, string> = {
  win32: 'Win32 error',
  winsock: 'Windows Sockets error',
  hresult: 'HRESULT',
  ntstatus: 'NTSTATUS',
  bugcheck: 'Bug check (STOP error)',
  netapi: 'Network API error',
};

const PLURALS: Record<string, string> = {
  win32: 'Win32 errors',
  winsock: 'Windows Sockets errors',
  hresult: 'HRESULTs',
  ntstatus: 'NTSTATUS values',
  bugcheck: 'Bug checks (STOP errors)',
  netapi: 'Network API errors',
};

/** Families in the order the error-code index lists them; unknown ones follow alphabetically. */
export const FAMILY_ORDER: readonly string[] = ['hresult', 'win32', 'bugcheck', 'ntstatus', 'winsock', 'netapi'];

/** `winsock` → `Windows Sockets error`. */
export function familyName(family: string): string {
  return FAMILY_NAMES[family] ?? family;
}

/** `winsock` → `Windows Sockets errors`. */
export function familyPlural(family: string): string {
  return PLURALS[family] ?? family;
}

/** Sorts family keys in index order. */
export function byFamilyOrder(a: string, b: string): number {
  const ia = FAMILY_ORDER.indexOf(a);
  const ib = FAMILY_ORDER.indexOf(b);
  if (ia >= 0 || ib >= 0) return (ia < 0 ? Infinity : ia) - (ib < 0 ? Infinity : ib);
  return a < b ? -1 : a > b ? 1 : 0;
}

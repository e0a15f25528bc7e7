/**
 * The normalizer: any spelling of a code → every reading of it, the way Err.exe lists all matches,
 * most likely first. Joins the syntactic reading (parse-query.ts) with the table (table.ts).
 */
import type { CodeIdentity, ErrorFamily } from './types';
import { FACILITY_WIN32, decomposeHresult, isFailureHresult } from './hresult';
import { type CodeReading, parseCodeQuery, toHex } from './parse-query';
import { type CodeEntry, descriptionOf, entriesByName, entriesByValue, facilityName } from './table';

export interface CodeMatch extends CodeIdentity {
  /** `0x0000000A` */
  hex: string;
  description?: string;
  /** for failure HRESULTs (and Win32 errors reached through one) */
  hresult?: { value: string; facility: number; facilityName?: string; code: number; win32?: string };
}

/** Every reading of `input` as a code, most likely first; [] when it reads as none. */
export function lookupCode(input: string): CodeMatch[] {
  const query = parseCodeQuery(input);
  if (!query) return [];
  const found: { entry: CodeEntry; rank: number; via?: number }[] = [];
  for (const name of query.names) {
    let byName = entriesByName(name);
    // `ACCESS_VIOLATION` → STATUS_ACCESS_VIOLATION, when only one prefixed name fits
    if (byName.length === 0) byName = [...entriesByName(`STATUS_${name}`), ...entriesByName(`ERROR_${name}`)];
    for (const entry of byName) found.push({ entry, rank: 0 });
  }
  for (const reading of query.readings) {
    for (const entry of entriesByValue(reading.value, reading.family)) found.push({ entry, rank: rankOf(entry.family, reading, query.bugcheckContext) });
    if (reading.family === 'bugcheck' && entriesByValue(reading.value, 'bugcheck').length === 0) {
      // STOP 0xC000021A: the bug check code is an NTSTATUS
      for (const entry of entriesByValue(reading.value, 'ntstatus')) found.push({ entry, rank: 1 });
    }
    const parts = decomposeHresult(reading.value);
    if (isFailureHresult(reading.value) && parts.facility === FACILITY_WIN32) {
      // 0x80070002 names no HRESULT of its own: it is Win32 error 2 wrapped
      for (const entry of entriesByValue(parts.code, 'win32')) found.push({ entry, rank: 5, via: reading.value });
    }
  }
  const seen = new Set<string>();
  const matches = found
    .sort((a, b) => a.rank - b.rank)
    .filter(({ entry }) => !seen.has(entry.key) && seen.add(entry.key))
    .map(({ entry, via }) => toMatch(entry, via));
  if (matches.length === 0) {
    // 800A01A8 names nothing in the headers, but its facility and code still say something
    const reading = query.readings.find((r) => r.form !== 'decimal' && isFailureHresult(r.value));
    if (reading) matches.push(unnamedHresult(reading.value));
  }
  return matches;
}

/** A failure HRESULT the table does not name: shown with its decomposition, key `hresult/0x800a01a8`. */
function unnamedHresult(value: number): CodeMatch {
  const hex = toHex(value);
  return toMatch({ key: `hresult/${hex.toLowerCase()}`, name: hex, family: 'hresult', value });
}

/** Lower rank = shown first: the family the spelling most likely means. */
function rankOf(family: ErrorFamily, reading: CodeReading, bugcheckContext: boolean): number {
  const v = reading.value;
  if (bugcheckContext) return family === 'bugcheck' ? 1 : 8;
  // 0x0000000A: zero-padded small hex is how bug checks are written
  if (reading.form === 'hex8' && v < 0x1000 && family === 'bugcheck') return 1;
  if (v >= 0x80000000) return family === 'hresult' ? 1 : family === 'ntstatus' ? 2 : 6;
  if (v >= 10000 && v < 12000) return family === 'winsock' ? 1 : 6;
  if (v >= 2100 && v < 3000 && family === 'netapi') return 1;
  const order: ErrorFamily[] = ['win32', 'netapi', 'winsock', 'hresult', 'ntstatus', 'bugcheck'];
  return 2 + order.indexOf(family);
}

/** A table entry as a match, with its hex, description and HRESULT decomposition. */
export function toMatch(entry: CodeEntry, viaHresult?: number): CodeMatch {
  const match: CodeMatch = { key: entry.key, name: entry.name, family: entry.family, value: entry.value, hex: toHex(entry.value) };
  const description = descriptionOf(entry.key);
  if (description) match.description = description;
  const hresultValue = viaHresult ?? (entry.family === 'hresult' && isFailureHresult(entry.value) ? entry.value : undefined);
  if (hresultValue !== undefined) {
    const parts = decomposeHresult(hresultValue);
    const win32 = parts.facility === FACILITY_WIN32 ? entriesByValue(parts.code, 'win32')[0]?.name : undefined;
    match.hresult = { value: toHex(hresultValue), facility: parts.facility, code: parts.code };
    const facility = facilityName(parts.facility);
    if (facility) match.hresult.facilityName = facility;
    if (win32) match.hresult.win32 = win32;
  }
  return match;
}

/**
 * The code table (table.json, generated from mingw-w64 headers by scripts/generate-error-codes.ts)
 * and our own descriptions (descriptions.json), indexed for lookup by key, name and value.
 * Server and CLI only: the browser gets the small table of cited codes (cited-table.ts).
 */
import type { CodeIdentity, ErrorFamily } from './types';
import table from './table.json';
import descriptions from './descriptions.json';

/** A row of the table. */
export type CodeEntry = CodeIdentity;

export const FAMILIES: readonly ErrorFamily[] = ['win32', 'winsock', 'hresult', 'ntstatus', 'bugcheck', 'netapi'];

const FAMILY_SET: ReadonlySet<string> = new Set(FAMILIES);
const entries: CodeEntry[] = [];
const byKey = new Map<string, CodeEntry>();
const byName = new Map<string, CodeEntry[]>();
const byValue = new Map<number, CodeEntry[]>();

for (const row of (table as { codes: unknown[] }).codes) {
  const [name, value, family] = row as [string, number, string];
  // the table is generated, but it is still input: a bad row is a bug in the generator
  if (typeof name !== 'string' || typeof value !== 'number' || !FAMILY_SET.has(family)) {
    throw new Error(`lib/error-codes/table.json: bad row ${JSON.stringify(row)}`);
  }
  const entry: CodeEntry = { key: `${family}/${name.toLowerCase()}`, name, family: family as ErrorFamily, value };
  entries.push(entry);
  byKey.set(entry.key, entry);
  push(byName, name.toUpperCase(), entry);
  push(byValue, value, entry);
}

function push<K>(map: Map<K, CodeEntry[]>, key: K, entry: CodeEntry): void {
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
}

const facilities = (table as { facilities: Record<string, string> }).facilities;
const descriptionMap = descriptions as Record<string, string>;

/** Every entry of the table, in header order. */
export function allEntries(): readonly CodeEntry[] {
  return entries;
}

/** The entry with this key (`win32/error_access_denied`), if any. */
export function entryByKey(key: string): CodeEntry | undefined {
  return byKey.get(key);
}

/** Entries named exactly so, any case (a name may exist in more than one family). */
export function entriesByName(name: string): readonly CodeEntry[] {
  return byName.get(name.toUpperCase()) ?? [];
}

/** Entries with this numeric value, optionally of one family only. */
export function entriesByValue(value: number, family?: ErrorFamily): readonly CodeEntry[] {
  const list = byValue.get(value) ?? [];
  return family ? list.filter((e) => e.family === family) : list;
}

/** The HRESULT facility name (`WIN32` for 7), if the headers name it. */
export function facilityName(facility: number): string | undefined {
  return facilities[String(facility)];
}

/** Our own short description of a code, if written (descriptions.json). */
export function descriptionOf(key: string): string | undefined {
  return descriptionMap[key];
}

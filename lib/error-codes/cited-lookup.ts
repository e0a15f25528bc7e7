/**
 * Reads a query against the cited-code table in the browser (no big table needed): the search box
 * shows a code card when the query is a spelling of a code some article mentions.
 */
import { parseCodeQuery } from './parse-query';
import type { CodeIdentity } from './types';

/** What the browser needs of a cited code (a CitedCode from cited-table.ts fits). */
export type CitedCodeLike = Omit<CodeIdentity, 'family'> & { family: string };

/** The cited codes `input` may mean, most likely first (bug checks first after STOP; winsock for 10000-11999). */
export function lookupCitedCode<T extends CitedCodeLike>(input: string, table: readonly T[]): T[] {
  const query = parseCodeQuery(input);
  if (!query) return [];
  const names = new Set(query.names);
  const ranked: { code: T; rank: number }[] = [];
  for (const code of table) {
    const upper = code.name.toUpperCase();
    if (names.has(upper) || names.has(upper.replace(/^STATUS_/, ''))) {
      ranked.push({ code, rank: 0 });
      continue;
    }
    for (const reading of query.readings) {
      if (reading.value !== code.value || (reading.family && reading.family !== code.family && code.family !== 'ntstatus')) continue;
      ranked.push({ code, rank: rank(code.family, reading.value, query.bugcheckContext || (reading.form === 'hex8' && reading.value < 0x1000)) });
      break;
    }
  }
  return ranked.sort((a, b) => a.rank - b.rank).map((r) => r.code);
}

function rank(family: string, value: number, bugcheck: boolean): number {
  if (bugcheck) return family === 'bugcheck' ? 1 : 8;
  if (value >= 0x80000000) return family === 'hresult' ? 1 : 2;
  if (value >= 10000 && value < 12000 && family === 'winsock') return 1;
  if (value >= 2100 && value < 3000 && family === 'netapi') return 1;
  return 2 + ['win32', 'netapi', 'winsock', 'hresult', 'ntstatus', 'bugcheck'].indexOf(family);
}

/**
 * Generates lib/error-codes/table.json from mingw-w64's public-domain headers.
 *
 * Refresh the table (the output is committed: it is data):
 *   cd /tmp && apt-get download mingw-w64-common && dpkg -x mingw-w64-common_*.deb /tmp/mingw
 *   npx tsx scripts/generate-error-codes.ts /tmp/mingw/usr/share/mingw-w64/include
 *   (or MINGW_INCLUDE=/tmp/mingw/usr/share/mingw-w64/include npm run generate:error-codes)
 *
 * Reads winerror.h (win32, winsock, hresult), ntstatus.h (ntstatus), bugcodes.h (bugcheck) and
 * lmerr.h (netapi). Only `#define NAME value` lines whose value is a literal, `BASE + n`, another
 * name, or HRESULT_FROM_WIN32(NAME) are kept; ranges, bases, facilities and macros are skipped.
 * lib/error-codes/supplement.json adds the bug checks bugcodes.h lacks (0x3B, 0x9C, 0xED…).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { ErrorFamily } from '../lib/error-codes/types';

type Row = [name: string, value: number, family: ErrorFamily];

const HEADERS = ['winerror.h', 'ntstatus.h', 'bugcodes.h', 'lmerr.h'] as const;
const LIB = path.resolve(import.meta.dirname, '..', 'lib', 'error-codes');
const OUT = path.join(LIB, 'table.json');
const SUPPLEMENT = path.join(LIB, 'supplement.json');

/** Names that are bookkeeping, not codes: facilities, bases, ranges, severities, guards. */
const SKIP = /^(?:_|FACILITY_|SEVERITY_|STATUS_SEVERITY_)|_(?:BASE|FIRST|LAST)$|^(?:WSABASEERR|MAX_NERR|NERR_BASE|DNS_ERROR_MASK)$/;

interface Define { name: string; expr: string; line: number; file: string }

/** Every object-like `#define NAME expr` of a header, comments stripped. */
function readDefines(file: string): Define[] {
  const text = readFileSync(file, 'latin1');
  const defines: Define[] = [];
  text.split('\n').forEach((raw, i) => {
    const m = /^\s*#\s*define\s+([A-Za-z_]\w*)([ \t]+)(.+?)\s*(?:\/[*/].*)?$/.exec(raw);
    if (m) defines.push({ name: m[1]!, expr: m[3]!.trim(), line: i + 1, file: path.basename(file) });
  });
  return defines;
}

/** Evaluates the simple value expressions the headers use; null for anything else. */
function evaluate(expr: string, known: Map<string, number>): { value: number; hresult: boolean } | null {
  let e = expr.replace(/\s+/g, ' ').trim();
  let hresult = /HRESULT|SCODE/.test(e);
  // peel casts and wrapper macros: ((HRESULT)0x8...), _HRESULT_TYPEDEF_(0x8...L), __MSABI_LONG(5)
  for (;;) {
    const before = e;
    e = e.replace(/^\((.*)\)$/, '$1').trim();
    e = e.replace(/^\((?:HRESULT|NTSTATUS|ULONG|DWORD|SCODE|LONG|unsigned long|long)\)\s*/, '').trim();
    e = e.replace(/^(?:_HRESULT_TYPEDEF_|__MSABI_LONG|_NDIS_ERROR_TYPEDEF_)\((.*)\)$/, '$1').trim();
    if (e === before) break;
  }
  const fromWin32 = /^(?:__)?HRESULT_FROM_WIN32\((\w+)\)$/.exec(e);
  if (fromWin32) {
    const v = known.get(fromWin32[1]!);
    if (v === undefined) return null;
    return { value: v <= 0 ? v >>> 0 : ((v & 0xffff) | 0x80070000) >>> 0, hresult: true };
  }
  const literal = /^(0x[0-9a-fA-F]+|\d+)[uUlL]*$/.exec(e);
  if (literal) return { value: Number(literal[1]!) >>> 0, hresult };
  const sum = /^(\w+) ?\+ ?(0x[0-9a-fA-F]+|\d+)[uUlL]*$/.exec(e);
  if (sum && known.has(sum[1]!)) return { value: (known.get(sum[1]!)! + Number(sum[2]!)) >>> 0, hresult };
  const alias = /^([A-Za-z_]\w*)$/.exec(e);
  if (alias && known.has(alias[1]!)) return { value: known.get(alias[1]!)!, hresult: hresult || hresultNames.has(alias[1]!) };
  return null;
}

const hresultNames = new Set<string>();

/** Which family a winerror.h name belongs to. */
function winerrorFamily(name: string, value: number, hresult: boolean): ErrorFamily {
  if (/^WSA/.test(name) && value >= 10000 && value < 12000) return 'winsock';
  if (hresult || value > 0xffff) return 'hresult';
  return 'win32';
}

/** Reads the four headers under `dir` and returns the table rows and HRESULT facility names. */
export function generate(dir: string): { rows: Row[]; facilities: Record<number, string> } {
  const known = new Map<string, number>();
  const rows: Row[] = [];
  const seen = new Set<string>();
  const facilities: Record<number, string> = {};
  for (const header of HEADERS) {
    for (const d of readDefines(path.join(dir, header))) {
      const result = evaluate(d.expr, known);
      if (!result) continue;
      known.set(d.name, result.value);
      if (result.hresult) hresultNames.add(d.name);
      if (header === 'winerror.h' && /^FACILITY_/.test(d.name) && result.value < 0x2000) {
        facilities[result.value] = d.name.slice('FACILITY_'.length); // the later name wins (SSPI → SECURITY)
      }
      if (SKIP.test(d.name)) continue;
      let family: ErrorFamily;
      if (header === 'winerror.h') family = winerrorFamily(d.name, result.value, result.hresult);
      else if (header === 'ntstatus.h') family = 'ntstatus';
      else if (header === 'bugcodes.h') {
        // 0x4000xxxx / 0x8000xxxx entries are message-table strings (banners), not bug checks
        if (result.value >= 0x40000000) continue;
        family = 'bugcheck';
      } else {
        if (!/^NERR_/.test(d.name)) continue;
        family = 'netapi';
      }
      const key = `${family}/${d.name.toLowerCase()}`;
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push([d.name, result.value, family]);
    }
  }
  addSupplement(rows, seen);
  return { rows, facilities };
}

/** Adds the supplement's bug checks whose value the headers do not define. */
function addSupplement(rows: Row[], seen: Set<string>): void {
  const supplement = JSON.parse(readFileSync(SUPPLEMENT, 'utf8')) as { bugcheck: Record<string, string> };
  const values = new Set(rows.filter((r) => r[2] === 'bugcheck').map((r) => r[1]));
  for (const [name, hex] of Object.entries(supplement.bugcheck)) {
    const value = Number(hex) >>> 0;
    if (!/^0x[0-9A-F]{1,8}$/i.test(hex) || !/^[A-Z0-9_]+$/.test(name)) throw new Error(`${SUPPLEMENT}: bad entry ${name}: ${hex}`);
    const key = `bugcheck/${name.toLowerCase()}`;
    if (values.has(value) || seen.has(key)) continue;
    seen.add(key);
    rows.push([name, value, 'bugcheck']);
  }
}

function main(): void {
  const dir = process.argv[2] ?? process.env.MINGW_INCLUDE;
  if (!dir) {
    console.error('usage: tsx scripts/generate-error-codes.ts <mingw-w64 include dir> (or MINGW_INCLUDE=...)');
    process.exitCode = 2;
    return;
  }
  const { rows, facilities } = generate(path.resolve(dir));
  const counts: Record<string, number> = {};
  for (const [, , family] of rows) counts[family] = (counts[family] ?? 0) + 1;
  // one row per line: small diffs when the headers change
  const body = [
    '{',
    `  "source": "mingw-w64-common headers: ${HEADERS.join(', ')} (scripts/generate-error-codes.ts)",`,
    `  "facilities": ${JSON.stringify(facilities)},`,
    '  "codes": [',
    rows.map((r) => `    ${JSON.stringify(r)}`).join(',\n'),
    '  ]',
    '}',
    '',
  ].join('\n');
  writeFileSync(OUT, body);
  console.log(`wrote ${path.relative(process.cwd(), OUT)}: ${rows.length} codes, ${body.length} bytes`, counts);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) main();

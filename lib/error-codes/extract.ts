/**
 * Finds the error codes an article mentions. Context decides: a number counts only in an error
 * context (`error 1214`, `STOP 0x0000000A`, `bug check 0x1E`, an 8-digit HRESULT/NTSTATUS the table
 * knows), and a name only when the table has it (WSAENOTSOCK, E_FAIL). A bare `1995` is a year,
 * `3.51` a version, `(800) 426-9400` a phone number. Values the table does not know are skipped, even
 * in a clear error context: `Error 3024` in an Access article is a Jet error, not Win32 error 3024…
 * which the table would not have anyway, and a page for an unknown code would say nothing.
 * Runs once per article in the build (60,335 times): a few regex passes, no allocation per number.
 */
import type { ErrorCodeMention, ErrorFamily } from './types';
import { FACILITY_WIN32, decomposeHresult } from './hresult';
import { type CodeEntry, entriesByName, entriesByValue } from './table';

export interface ExtractInput {
  title: string;
  sections: { kind: string; text: string }[];
}

/** How many spellings a mention keeps: the page shows them, an article rarely has more. */
const MAX_SPELLINGS = 8;

/**
 * `STOP 0x0000000A`, `Stop: 1E`, `STOP Message 0x7B`, `bug check 0xA`, `Bugcheck 93`, `Trap 0x1E`,
 * `STOP C000021A`. The code must start with a digit or 0x, so `Stop a sound` and `stop add` stay English.
 */
const BUGCHECK_CONTEXT = /\b(stop|bug ?check|bug ?code|trap)(?: error| code| messages?| msg| screen)?\s?:?\s?(0x[0-9a-f]{1,8}|\d[0-9a-f]{0,7}|[a-f][0-9a-f]{7})\b(?![.,:-]\d)/gi;

/** `STOP 0xA and 0x7F`, `0x00000077 or 0x0000007A`: more bug checks listed after the first. */
const BUGCHECK_MORE = /\s(?:and|or|&)\s(0x[0-9a-f]{1,8})\b(?![.,:-]\d)/iy;

/**
 * `error 1214`, `Error 10038`, `System error 1219`, `error code 0x2740`, `Error #53`, `Err Msg: 1214`.
 * The number may be decimal, negative decimal (an HRESULT), 0x hex, h-suffixed hex or 8 hex digits.
 */
const ERROR_CONTEXT = /\b(?:(?:system|extended|network|net|winsock|socket) )?(?:error|err\.? ?msg)(?: code| number| no\.?| #)?\s?[:#=]?\s?['"]?(-?\d{1,10}|0x[0-9a-f]{1,8}|[0-9a-f]{1,8}h|[0-9a-f]{8})\b(?![.,:-]\d|['"]?\s?(?:bytes|seconds|minutes|times|percent|%))/gi;

/** An 8-digit hex value standing alone: counts when the table names it as an HRESULT or NTSTATUS. */
const LONG_HEX = /\b(?:0x)?([4-9a-f][0-9a-f]{7})\b/gi;

/** Symbolic names: an upper-case word with an underscore (E_FAIL, NERR_Success) or a winsock name. */
const NAME = /\b(?:[A-Z][A-Z0-9]*_[A-Za-z0-9_]+|WSA[A-Z][A-Z0-9_]+)\b/g;

/**
 * Words that put `error N` in another numbering: compiler and linker errors, BASIC and VB run-time
 * errors, Help compiler, Jet/ODBC/SQL, DOS extender messages, service-specific errors, CPU exceptions
 * (`exception error 12`), Windows 3.x FatalExit codes. Their numbers collide with Win32 codes.
 */
const FOREIGN_QUALIFIER = /(?:^|[^a-z])(?:link|linker|compiler|compile|compilation|hc|basic|run[- ]?time|trappable|setup|syntax|parser|macro|jet|odbc|sql|dbase|fatal|fatalexit|virtual machine|phar lap|vbscript|jscript|asp|mapi|http|vtam|sense|smtp|ftp|printer|pcl|postscript|service-specific|debugger|exception|internal)[ -]$/i;

/**
 * Articles about BASIC, Visual Basic, Access or C run-time libraries number their own errors
 * (`Error 57` is BASIC's "Device I/O error", not Win32 error 57): in them a plain decimal `error N`
 * is not taken for a Windows code. Hex codes, names and `System error N` still count.
 */
const FOREIGN_NUMBERING = /\b(?:Q(?:uick)?BASIC|QB\.EXE|GW-BASIC|BASIC (?:PDS|compiler|7\.\d|program)|Visual Basic|VBA|WordBasic|Access Basic|ON ERROR|run-?time error|trappable|errno|Flight Simulator|Jet database engine)\b/i;

/** Success codes are not errors; in code listings they are noise (`return S_OK;`). Nor are generic identifiers. */
const SKIP_NAMES: ReadonlySet<string> = new Set(['S_OK', 'S_FALSE', 'NO_ERROR', 'NOERROR', 'ERROR_SUCCESS', 'STATUS_SUCCESS', 'SEC_E_OK', 'NERR_Success',
  // bug check names that are also everyday identifiers in code listings
  'FILE_SYSTEM']);

interface Found { entry: CodeEntry; spellings: string[]; where: string[] }

/** Finds the error codes an article mentions (title and section texts), in any spelling. */
export function extractErrorCodes(input: ExtractInput): ErrorCodeMention[] {
  const found = new Map<string, Found>();
  const foreign = FOREIGN_NUMBERING.test(input.title) || input.sections.some((s) => FOREIGN_NUMBERING.test(s.text));
  scan(input.title, 'title', found, foreign);
  for (const section of input.sections) scan(section.text, section.kind, found, foreign);
  return [...found.values()].map(({ entry, spellings, where }) => ({
    key: entry.key, name: entry.name, family: entry.family, value: entry.value, spellings, where,
  }));
}

function scan(text: string, where: string, found: Map<string, Found>, foreign: boolean): void {
  if (!text) return;
  // where numbers already taken by a context match end, so the bare-hex pass does not count them twice
  const taken = new Set<number>();
  let m: RegExpExecArray | null;
  BUGCHECK_CONTEXT.lastIndex = 0;
  while ((m = BUGCHECK_CONTEXT.exec(text))) {
    const word = m[1]!.toLowerCase();
    const token = m[2]!;
    const written0x = /^0x/i.test(token);
    // `stop 5` is English; a bug check without 0x needs STOP in capitals, a colon, or a hex letter
    if (!written0x && m[1] === 'stop' && !/[a-f]/i.test(token) && !m[0].includes(':')) continue;
    const value = parseInt(written0x ? token.slice(2) : token, 16);
    // `Trap 0xD`/`Trap 0xE` name CPU exceptions (general protection, page fault), not bug checks
    if (word === 'trap' && (!written0x || (value < 0x10 && value !== 0xa))) continue;
    let end = m.index + m[0].length;
    if (addBugcheck(found, value, m[0], where)) taken.add(end);
    let more: RegExpExecArray | null;
    BUGCHECK_MORE.lastIndex = end;
    while ((more = BUGCHECK_MORE.exec(text))) {
      end = BUGCHECK_MORE.lastIndex;
      if (addBugcheck(found, parseInt(more[1]!.slice(2), 16), more[1]!, where)) taken.add(end);
    }
    BUGCHECK_CONTEXT.lastIndex = end;
  }
  ERROR_CONTEXT.lastIndex = 0;
  while ((m = ERROR_CONTEXT.exec(text))) {
    const end = m.index + m[0].length;
    if (taken.has(end)) continue;
    if (FOREIGN_QUALIFIER.test(text.slice(Math.max(0, m.index - 24), m.index))) continue;
    // winsock numbers (10000-11999) are unambiguous even in a Visual Basic article
    if (foreign && /^\d+$/.test(m[1]!) && !/^1[01]\d{3}$/.test(m[1]!) && !/^(?:system|net|network|winsock|socket)/i.test(m[0])) continue;
    const entry = resolveErrorNumber(m[1]!);
    if (!entry) continue;
    taken.add(end);
    add(found, entry, m[0], where);
  }
  LONG_HEX.lastIndex = 0;
  while ((m = LONG_HEX.exec(text))) {
    if (taken.has(m.index + m[0].length)) continue;
    const written0x = /^0x/i.test(m[0]);
    // without 0x, an all-digit word is more often a number than a code: only 8xxxxxxx reads as an HRESULT
    if (!written0x && !/[a-f]/i.test(m[1]!) && m[1]![0] !== '8') continue;
    const entry = resolveLongHex(parseInt(m[1]!, 16), written0x);
    if (entry) add(found, entry, m[0], where);
  }
  NAME.lastIndex = 0;
  while ((m = NAME.exec(text))) {
    if (SKIP_NAMES.has(m[0])) continue;
    const entry = entriesByName(m[0])[0];
    // names are matched as written: `wsaenotsock` in running text is not the constant
    if (entry && entry.name === m[0]) add(found, entry, m[0], where);
  }
}

/** Adds a bug check (or, for STOP 0xC000021A, the NTSTATUS it is); false when the table has neither. */
function addBugcheck(found: Map<string, Found>, value: number, spelling: string, where: string): boolean {
  const entry = entriesByValue(value, 'bugcheck')[0] ?? entriesByValue(value, 'ntstatus')[0];
  if (entry) add(found, entry, spelling, where);
  return entry !== undefined;
}

/** The one reading of a number written after `error`: the family its range belongs to. */
function resolveErrorNumber(token: string): CodeEntry | undefined {
  const t = token.toLowerCase();
  let value: number;
  if (t.startsWith('0x')) value = parseInt(t.slice(2), 16);
  else if (t.endsWith('h')) value = parseInt(t.slice(0, -1), 16);
  else if (/^[0-9a-f]{8}$/.test(t) && /^[4-9a-f]/.test(t)) return resolveLongHex(parseInt(t, 16), true);
  else if (/^-?\d+$/.test(t)) value = Number(t) >>> 0;
  else return undefined;
  // `error 0` is success, not an error: like S_OK in code listings, it is noise
  if (value === 0) return undefined;
  if (value >= 0x40000000) return resolveLongHex(value, true);
  const families: ErrorFamily[] = value >= 10000 && value < 12000 ? ['winsock', 'win32']
    : value >= 2100 && value < 3000 ? ['netapi', 'win32'] : ['win32'];
  for (const family of families) {
    const entry = entriesByValue(value, family)[0];
    if (entry) return entry;
  }
  return undefined;
}

/** An 8-digit value: a named HRESULT or NTSTATUS, or (with 0x) a Win32 error wrapped as an HRESULT. */
function resolveLongHex(value: number, written0x: boolean): CodeEntry | undefined {
  const named = entriesByValue(value, 'hresult')[0] ?? entriesByValue(value, 'ntstatus')[0];
  if (named || !written0x) return named;
  const parts = decomposeHresult(value);
  if (parts.failure && parts.facility === FACILITY_WIN32) return entriesByValue(parts.code, 'win32')[0];
  return undefined;
}

function add(found: Map<string, Found>, entry: CodeEntry, spelling: string, where: string): void {
  const text = spelling.replace(/\s+/g, ' ').trim();
  const current = found.get(entry.key);
  if (!current) {
    found.set(entry.key, { entry, spellings: [text], where: [where] });
    return;
  }
  if (!current.spellings.includes(text) && current.spellings.length < MAX_SPELLINGS) current.spellings.push(text);
  if (!current.where.includes(where)) current.where.push(where);
}

/**
 * The syntactic half of the normalizer: what numbers and names an input could mean, without the
 * table. Safe for the browser (no imports), so the search box can read a query as a code.
 */

export interface CodeReading {
  /** set when the spelling itself says the family (`STOP 0xA` is a bug check) */
  family?: 'bugcheck';
  value: number;
  /** how the number was written: decides the order of the matches */
  form: 'decimal' | 'negative' | 'hex' | 'hex8';
}

export interface CodeQuery {
  readings: CodeReading[];
  /** candidate symbolic names, upper-case (`WSAENOTSOCK`, `IRQL_NOT_LESS_OR_EQUAL`) */
  names: string[];
  /** the words around the code asked for a bug check (`STOP`, `bug check`) */
  bugcheckContext: boolean;
}

const BUGCHECK_PREFIX = /^(?:stop(?: error| code| msg| message)?|bug ?check(?: code)?|bug ?code|trap)\b\s*[:#]?\s*/i;
const ERROR_PREFIX = /^(?:(?:system|extended|network|net|winsock|socket|com|ole|win32|hresult|ntstatus|status)\s+)?(?:error|err(?! msg))\b(?:\s+(?:code|number|no\.?|#))?\s*[:#=]?\s*/i;
const ERR_MSG_PREFIX = /^err\.? ?msg\s*:?\s*/i;

/** Reads an input as an error code: every numeric reading and name candidate, or null if it reads as none. */
export function parseCodeQuery(input: string): CodeQuery | null {
  let text = input.trim().replace(/\s+/g, ' ').replace(/^["'(]+|["'.,;)]+$/g, '').trim();
  text = text.replace(ERR_MSG_PREFIX, '');
  let bugcheckContext = false;
  let errorContext = false;
  const stop = BUGCHECK_PREFIX.exec(text);
  if (stop && stop[0].length < text.length) {
    bugcheckContext = true;
    text = text.slice(stop[0].length);
  } else {
    const error = ERROR_PREFIX.exec(text);
    if (error && error[0].length > 0 && error[0].length < text.length) {
      errorContext = true;
      text = text.slice(error[0].length);
    }
  }
  if (!text || text.includes(' ')) return null;
  const readings = readNumber(text, bugcheckContext, errorContext);
  const names = readName(text);
  if (readings.length === 0 && names.length === 0) return null;
  return { readings, names, bugcheckContext };
}

function readNumber(token: string, bugcheck: boolean, error: boolean): CodeReading[] {
  const t = token.toLowerCase();
  const family = bugcheck ? { family: 'bugcheck' as const } : {};
  let m: RegExpExecArray | null;
  if ((m = /^0x([0-9a-f]{1,8})$/.exec(t))) return [{ ...family, value: parseInt(m[1]!, 16), form: m[1]!.length === 8 ? 'hex8' : 'hex' }];
  if ((m = /^([0-9a-f]{1,8})h$/.exec(t))) return [{ ...family, value: parseInt(m[1]!, 16), form: 'hex' }];
  if (bugcheck && (m = /^([0-9a-f]{1,8})$/.exec(t))) return [{ family: 'bugcheck', value: parseInt(m[1]!, 16), form: m[1]!.length === 8 ? 'hex8' : 'hex' }];
  const readings: CodeReading[] = [];
  // 8 hex digits without 0x read as an HRESULT / NTSTATUS (`80004005`, `C0000005`)
  if (/^[0-9a-f]{8}$/.test(t) && /^[4-9a-f]/.test(t)) readings.push({ value: parseInt(t, 16), form: 'hex8' });
  if (/^-\d{1,10}$/.test(t)) {
    const n = Number(t);
    if (n >= -0x80000000) readings.push({ value: n >>> 0, form: 'negative' });
  } else if (/^\d{1,10}$/.test(t)) {
    const n = Number(t);
    if (n <= 0xffffffff) readings.push({ value: n, form: 'decimal' });
  }
  // a lone short hex word (`7b`) is a code only with context
  if (readings.length === 0 && error && (m = /^([0-9a-f]{1,8})$/.exec(t)) && /[a-f]/.test(t)) {
    readings.push({ value: parseInt(m[1]!, 16), form: 'hex' });
  }
  return readings;
}

function readName(token: string): string[] {
  if (!/^[A-Za-z][A-Za-z0-9_]{2,}$/.test(token)) return [];
  // names carry an underscore, except the winsock ones (WSAENOTSOCK) and NOERROR
  if (!token.includes('_') && !/^wsa/i.test(token) && token.toUpperCase() !== 'NOERROR') return [];
  return [token.toUpperCase()];
}

/** The search-index term for a code: `ec_winsock_10038`. */
export function canonicalTerm(family: string, value: number): string {
  return `ec_${family}_${value >>> 0}`;
}

/** `0x0000000A` style hex for display (8 digits, upper case). */
export function toHex(value: number): string {
  return `0x${(value >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}

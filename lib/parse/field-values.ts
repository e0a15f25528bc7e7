/**
 * Small readers for the values of legacy header and closing-block fields: dates, version lists
 * and word lists.
 */

const MONTHS = ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC'];

/** `09-AUG-2001` → `2001-08-09`, or null. */
export function legacyDate(value: string): string | null {
  const m = /^(\d{1,2})-([A-Za-z]{3})-(\d{4})$/.exec(value.trim());
  if (!m) return null;
  const month = MONTHS.indexOf((m[2] ?? '').toUpperCase()) + 1;
  const day = Number(m[1]);
  if (month === 0 || day < 1 || day > 31) return null;
  return `${m[3]}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** Splits a header value on commas, semicolons and `|`, keeping a `PLATFORM:` prefix on each version. */
export function splitVersions(value: string): string[] {
  const out: string[] = [];
  for (const group of value.split(/[;|]/)) {
    const m = /^\s*([A-Za-z][A-Za-z0-9-]*):(.*)$/.exec(group);
    const prefix = m ? `${m[1]}:` : '';
    const before = out.length;
    for (const v of (m ? (m[2] ?? '') : group).split(',')) {
      const item = v.trim().replace(/^:+/, '');
      if (item) out.push(prefix + item);
    }
    if (m && out.length === before) out.push(m[1] ?? ''); // `WINDOWS:` alone still names the platform
  }
  return unique(out);
}

/** Splits a list value, dropping empty items and `|` placeholders, each item once. */
export function splitList(value: string, separator: RegExp): string[] {
  return unique(value.split(separator).map((s) => s.trim()).filter((s) => s !== '' && s !== '|'));
}

/** Each value once, first occurrence first. */
export function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/**
 * Old and hand-typed article addresses (every form of `ADDRESS_RULES` in lib/routes.ts, plus the IDs
 * of articles without a number) resolved to the canonical permalink. Isomorphic and tiny: the 404
 * page's script bundles it, so it takes the alias data as an argument and touches neither fs nor the DOM.
 */
import { articlePath, matchAddressRule } from '../routes';

/** What the 404 page fetches (`/_kb/aliases.json`), written by buildAliasData. */
export interface AliasData {
  v: 1;
  /** bit n set ⇔ article Q<n> exists at the default permalink `/kb/<3 digits>/Q<n>/` */
  bits: string;
  /** article number → permalink for numbered articles whose permalink is not the default one */
  exceptions: Record<string, string>;
  /** lower-cased id → permalink for articles without a number */
  ids: Record<string, string>;
}

export interface ParsedPath {
  /** the article number the path names, when it names one */
  number: number | null;
  /** the path's last meaningful segment, lower-cased (to match ids without a number) */
  key: string;
  /** the words a person typed, for "search for …" */
  query: string;
}

/** `/kb/<first three digits of the 6-digit zero-padded number>/Q<n>/`, the archive's own scheme. */
export function defaultArticlePath(n: number): string {
  return articlePath(n);
}

function safeDecode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/** Splits a path (base path already removed) and its query into what they may name. */
export function parseAliasPath(pathname: string, search = ''): ParsedPath {
  const segments = pathname.split('/').map(safeDecode).map((s) => s.trim()).filter((s) => s !== '');
  if (segments.length && /^index\.html?$/i.test(segments[segments.length - 1] ?? '')) segments.pop();
  const words = segments.filter((s, i) => !(i === 0 && /^kb$/i.test(s)));
  const query = words.join(' ').replace(/[-_+]+/g, ' ').replace(/\s+/g, ' ').trim();
  const last = words[words.length - 1] ?? '';
  const number = matchAddressRule(pathname, search)?.number ?? null;
  return { number, key: last.toLowerCase(), query };
}

/** True when bit n of the base64 bitset is set. */
export function hasBit(bits: string, n: number, decode: (b64: string) => string = atob): boolean {
  const byteIndex = n >> 3;
  // decode only the 4-char base64 group that holds this byte: the map is never fully expanded
  const group = Math.floor(byteIndex / 3);
  const chunk = bits.slice(group * 4, group * 4 + 4);
  if (chunk.length < 4) return false;
  const byte = decode(chunk).charCodeAt(byteIndex % 3);
  return Number.isFinite(byte) && ((byte >> (n & 7)) & 1) === 1;
}

/** Resolves a parsed path to the article's permalink, or null when it names no article. */
export function resolveAlias(parsed: ParsedPath, data: AliasData): string | null {
  if (parsed.number !== null) {
    // own keys only: the map comes from JSON.parse, and an ID may be named like `constructor`
    const exception = Object.hasOwn(data.exceptions, String(parsed.number)) ? data.exceptions[String(parsed.number)] : undefined;
    if (exception) return exception;
    if (hasBit(data.bits, parsed.number)) return defaultArticlePath(parsed.number);
  }
  if (parsed.key && Object.hasOwn(data.ids, parsed.key)) return data.ids[parsed.key] ?? null;
  return null;
}

/** Removes the base path from a location pathname; null when the path is outside the site. */
export function stripBase(pathname: string, basePath: string): string | null {
  if (!basePath) return pathname;
  if (pathname === basePath) return '/';
  return pathname.startsWith(`${basePath}/`) ? pathname.slice(basePath.length) : null;
}

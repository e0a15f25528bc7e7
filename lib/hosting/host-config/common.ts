/**
 * What every generated host configuration shares: the site's root folder, port and base path, the
 * article numbers whose permalinks break the archive's scheme (from `_kb/aliases.json`), and the
 * address rules of lib/routes.ts with their base path and bucket pieces ready for a pattern language.
 */
import { ADDRESS_RULES, BUCKET_BY_DIGITS, IMMUTABLE_PATH, articlePathOf, idAddressPath, idPattern, queryPattern, type AddressRule } from '../../routes';

export interface HostConfigInput {
  /** absolute folder holding the export (`out/`) */
  root: string;
  port: number;
  /** '' or `/sub/path` */
  basePath: string;
  /** article number → permalink, for the numbers whose permalink is not `/kb/<bucket>/Q<n>/` */
  exceptions: Readonly<Record<string, string>>;
  /** lower-cased ID → permalink, for the articles whose ID has no number (explicit lines: no pattern can compute them) */
  ids?: Readonly<Record<string, string>>;
}

export const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';
export const CACHE_REVALIDATE = 'no-cache';

/** Escapes text for use inside a regular expression. */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/-]/g, (c) => (c === '/' ? '/' : `\\${c}`));
}

/** A rule's path pattern with the base path in front: `^/kbarchive/(?:q|kb)…$`. */
export function pathWithBase(rule: AddressRule, basePath: string): string {
  return `^${escapeRegex(basePath)}${rule.path.slice(1)}`;
}

/** The hashed-asset pattern with the base path in front. */
export function immutableWithBase(basePath: string): string {
  return `^${escapeRegex(basePath)}${IMMUTABLE_PATH.slice(1)}`;
}

/** How a host writes capture group n of a match. */
export type GroupRef = (n: number) => string;

/** The number of a rule, as the host's text for its capture groups concatenated. */
export function numberOf(rule: AddressRule, ref: GroupRef): string {
  return rule.number.map(ref).join('');
}

/** The permalink patterns per length of number, for a host: number pattern → path text. */
export function bucketTargets(numberText: string, ref: GroupRef): Array<{ digits: string; target: string }> {
  return BUCKET_BY_DIGITS.map((b) => ({ digits: b.digits, target: articlePathOf(b.prefix + (b.group ? ref(1) : ''), numberText) }));
}

/** Refuses text a config file could not hold safely (quotes, `$`, braces, semicolons, control characters). */
export function assertConfigSafe(what: string, text: string): void {
  if (/["'`$\\{};\s<>|&%]/.test(text) || /[\x00-\x1f\x7f]/.test(text)) {
    throw new Error(`${what} "${text}" holds a character the server configuration cannot carry safely; use a plainer path`);
  }
}

/**
 * The articles without a number, each with the pattern of its addresses (`idAddressPath`, the base
 * path in front, `^` and `$` kept) and its permalink, both checked safe for a config file.
 */
export function idAddresses(input: Pick<HostConfigInput, 'ids' | 'basePath'>, withBase = true): Array<{ id: string; pattern: string; permalink: string }> {
  return Object.entries(input.ids ?? {}).map(([id, permalink]) => {
    assertConfigSafe('article ID', id);
    assertConfigSafe('permalink', permalink);
    const pattern = idAddressPath(idPattern(id));
    return { id, pattern: withBase ? `^${escapeRegex(input.basePath)}${pattern.slice(1)}` : pattern, permalink };
  });
}

export { ADDRESS_RULES, queryPattern };

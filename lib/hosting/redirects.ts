/**
 * What a server answers for an old or hand-typed article address, decided from the address rules of
 * lib/routes.ts and the alias data the build writes (`_kb/aliases.json`): a 301 to the article's
 * permalink when a rule names an article that exists, a 404 when it names one that does not, and
 * nothing when no rule applies. Pure and isomorphic: `npm run serve` asks it, and the host
 * configurations (lib/hosting/host-config/) express the same decision in each server's language.
 */
import { idOfAddress, matchAddressRule } from '../routes';
import { resolveAlias, type AliasData } from './alias-path';

/**
 * The `Server-Timing` metric a server that applies the rules sends with its 404 page: the page's
 * inline script then knows the address names no article and stays (it cannot look numbers up).
 */
export const RULES_APPLIED_METRIC = 'kb-rules';

/** The rule name an answer for an article without a number carries. */
export const ID_RULE = 'id';

export type AddressAnswer =
  | { status: 301; location: string; rule: string; number: number }
  | { status: 301; location: string; rule: typeof ID_RULE; id: string }
  | { status: 404; rule: string; number: number };

export interface AddressRequest {
  /** the path without the base path, as requested (raw or decoded) */
  sitePath: string;
  /** the query string, with or without its `?` */
  search: string;
  /** whether a file of the export answers the path (a folder with index.html counts) */
  fileFound: boolean;
}

/** The permalink of an article number by the alias data (its exceptions, then its bitset), or null. */
export function permalinkOfNumber(data: AliasData, number: number): string | null {
  return resolveAlias({ number, key: '', query: '' }, data);
}

/** The permalink of an article without a number by its ID (any case), or null. */
export function permalinkOfId(data: AliasData, id: string): string | null {
  const key = id.toLowerCase();
  // own keys only: the map comes from JSON, and an ID may be named like `constructor`
  return Object.hasOwn(data.ids, key) ? (data.ids[key] ?? null) : null;
}

/**
 * The answer for a request, or null to serve it as usual. Rules are tried only where no file answers
 * and at the site root (`/?kbid=155738`), so an existing page is never redirected; the `Location` is
 * the permalink's path under the base path, without the query. A path no numbered rule reads may
 * name an article without a number by its ID (`idAddressPath` in lib/routes.ts): a 301 when one has
 * that ID, else nothing (the path may be anything).
 */
export function answerAddress(
  request: AddressRequest,
  permalinkOf: (number: number) => string | null,
  basePath = '',
  permalinkOfIdKey: (id: string) => string | null = () => null,
): AddressAnswer | null {
  const atRoot = request.sitePath === '/' || request.sitePath === '';
  if (request.fileFound && !atRoot) return null;
  const match = matchAddressRule(request.sitePath || '/', request.search);
  if (!match) {
    const id = idOfAddress(request.sitePath || '/');
    const permalink = id === null ? null : permalinkOfIdKey(id);
    if (id === null || permalink === null || permalink === request.sitePath) return null;
    return { status: 301, location: basePath + permalink, rule: ID_RULE, id };
  }
  const permalink = permalinkOf(match.number);
  if (permalink === null) return { status: 404, rule: match.rule.name, number: match.number };
  // the article's own path, yet no file: never answer with a redirect to itself
  if (permalink === request.sitePath) return null;
  return { status: 301, location: basePath + permalink, rule: match.rule.name, number: match.number };
}

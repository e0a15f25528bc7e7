/**
 * What a server answers for an old or hand-typed article address, decided from the address rules of
 * lib/routes.ts and the alias data the build writes (`_kb/aliases.json`): a 301 to the article's
 * permalink when a rule names an article that exists, a 404 when it names one that does not, and
 * nothing when no rule applies. Pure and isomorphic: `npm run serve` asks it, and the host
 * configurations (lib/hosting/host-config/) express the same decision in each server's language.
 */
import { matchAddressRule } from '../routes';
import { resolveAlias, type AliasData } from './alias-path';

/**
 * The `Server-Timing` metric a server that applies the rules sends with its 404 page: the page's
 * inline script then knows the address names no article and stays (it cannot look numbers up).
 */
export const RULES_APPLIED_METRIC = 'kb-rules';

export type AddressAnswer =
  | { status: 301; location: string; rule: string; number: number }
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

/**
 * The answer for a request, or null to serve it as usual. Rules are tried only where no file answers
 * and at the site root (`/?kbid=155738`), so an existing page is never redirected; the `Location` is
 * the permalink's path under the base path, without the query.
 */
export function answerAddress(request: AddressRequest, permalinkOf: (number: number) => string | null, basePath = ''): AddressAnswer | null {
  const atRoot = request.sitePath === '/' || request.sitePath === '';
  if (request.fileFound && !atRoot) return null;
  const match = matchAddressRule(request.sitePath || '/', request.search);
  if (!match) return null;
  const permalink = permalinkOf(match.number);
  if (permalink === null) return { status: 404, rule: match.rule.name, number: match.number };
  // the article's own path, yet no file: never answer with a redirect to itself
  if (permalink === request.sitePath) return null;
  return { status: 301, location: basePath + permalink, rule: match.rule.name, number: match.number };
}

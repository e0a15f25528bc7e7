/**
 * Every address of the site in one place: the paths of its pages, the files it writes at its root,
 * and the address rules that lead old and hand-typed article addresses to a permalink. Render,
 * hosting, search, the server, the host configurations and the browser scripts all ask this module;
 * no other file spells a path pattern. Isomorphic and dependency-free: client bundles import it.
 */

/** `/kb/<first three digits of the 6-digit zero-padded number>/Q<n>/`: Q10022 → `/kb/010/Q10022/`. */
export function articlePath(number: number): string {
  return articlePathOf(bucketOf(number), String(number));
}

/** The three-digit bucket of an article number: 155738 → `155`, 10022 → `010`, 99 → `000`. */
export function bucketOf(number: number): string {
  return String(number).padStart(6, '0').slice(0, 3);
}

/** The default permalink of an article ID: `Q155738` → `/kb/155/Q155738/`; an ID without a number → `/kb/<id>/`. */
export function defaultPermalink(id: string, number: number | null): string {
  return number === null ? `/kb/${id}/` : `/kb/${bucketOf(number)}/${id}/`;
}

/** The permalink the archive's scheme gives an article ID, or null for an ID that is not `Q<digits>`. */
export function permalinkOfId(id: string): string | null {
  const m = /^Q(\d{1,8})$/.exec(id);
  return m ? defaultPermalink(id, Number(m[1])) : null;
}

/** The page listing the articles of one bucket (`/kb/155/`). */
export function bucketPath(bucket: string): string {
  return `/kb/${bucket}/`;
}

/** The bucket a bucket page's path names (`/kb/155/` → `155`), or null. */
export function bucketOfPath(sitePath: string): string | null {
  return /^\/kb\/(\d{3})\/$/.exec(sitePath)?.[1] ?? null;
}

/** The page listing the buckets (`/kb/`). */
export const BUCKET_INDEX_PATH = '/kb/';

/** The bucket folder a permalink lives in (`/kb/155/Q155738/` → `155`), or null for a permalink outside `/kb/<3 digits>/`. */
export function bucketOfPermalink(permalink: string): string | null {
  return /^\/kb\/(\d{3})\/[^/]+\/$/.exec(permalink)?.[1] ?? null;
}

export const HOME_PATH = '/';
export const SEARCH_PATH = '/search/';
export const ERROR_INDEX_PATH = '/error/';
export const PRODUCT_INDEX_PATH = '/product/';

/** An error code's page: key `winsock/wsaenotsock` → `/error/winsock/wsaenotsock/`. */
export function errorCodePath(key: string): string {
  return `/error/${key}/`;
}

/** The page listing one family's codes: `winsock` → `/error/winsock/`. */
export function errorFamilyPath(family: string): string {
  return `/error/${family}/`;
}

/** What a path under `/error/` names: a family page (`/error/winsock/`) or a code page (`/error/winsock/wsaenotsock/`). */
export function readErrorPath(sitePath: string): { family: string } | { key: string } | null {
  const m = /^\/error\/([^/]+)\/(?:([^/]+)\/)?$/.exec(sitePath);
  if (!m?.[1]) return null;
  return m[2] ? { key: `${m[1]}/${m[2]}` } : { family: m[1] };
}

/** A product's first list page: slug `windows-nt` → `/product/windows-nt/`. */
export function productPath(slug: string): string {
  return `/product/${slug}/`;
}

/** The search page for a query (no base path): `/search/?q=10038`. */
export function searchUrl(query: string): string {
  return query ? `${SEARCH_PATH}?q=${encodeURIComponent(query)}` : SEARCH_PATH;
}

/** Top-level path segments the site's own pages use; an article may not claim them. */
export const RESERVED_SEGMENTS = ['search', 'error', 'product', '_next', '_kb', 'assets'] as const;

/**
 * Names the build writes at the export's root besides the pages (files and folders). An article's
 * permalink may not start with one of them (compared case-insensitively), nor with a segment an
 * address rule answers (see `ADDRESS_RULES`, `reservedByAddressRules`).
 */
export const ROOT_FILES = [
  'index.html', '404.html', '404', '_not-found', 'index.txt', '404.txt',
  'sitemap.xml', 'robots.txt', 'opensearch.xml', 'sw.js', 'favicon.svg', 'favicon.ico', '_redirects', '_headers', '.htaccess',
] as const;

/** `sitemap-3.xml` and the like: written when the site has more than 50,000 URLs. */
export const ROOT_FILE_PATTERNS: readonly RegExp[] = [/^sitemap-\d+\.xml$/i];

/**
 * One historic or hand-typed form of an article address. `path` is a regular expression, anchored
 * `^…$`, for the decoded path without the base path; `query`, when the number is in the query
 * string, names the parameter (any case) and gives a regular expression for its raw value. Both use
 * the subset JavaScript, PCRE (nginx, Apache) and RE2 (Caddy) read alike: no lookaround, no
 * backreferences, no named groups; they are matched case-insensitively. The article number is the
 * concatenation of the capture groups listed in `number` (of the query's value when there is a
 * query, else of the path): one group, two alternatives, or the three of the `.asp` form that split it.
 * Servers try the rules only for a path no file answers, and at the site root (`/?kbid=…`).
 */
export interface AddressRule {
  /** short name, used in generated configs and tests */
  name: string;
  /** what people wrote: shown in the README's table; every example resolves to article 155738 */
  examples: readonly string[];
  /** where it circulated */
  origin: string;
  path: string;
  query?: { names: readonly string[]; value: string };
  /** capture groups (1-based) of the query's value when there is one, else of `path`, concatenated into the number */
  number: readonly number[];
}

/** A language segment of support.microsoft.com addresses: `en-us`, `ja`, `zh-cn`, `sr-latn-rs`. */
const LANG = '[a-z]{2,3}(?:-[a-z0-9]{2,4}){0,2}';
/** `;` in the `scid=kb;en-us;Q155738` forms, raw or percent-encoded */
const SEMI = '(?:;|%3b)';
/** `kb;<language>;` before the number in `scid`, `id` and `ID` values (the language may be a placeholder such as `[LN]`) */
const KB_LANG_PREFIX = `kb${SEMI}[^;&]*?${SEMI}`;
/** a number as written after a prefix: optional `Q`, leading zeros dropped */
const Q_NUMBER = 'q?0*(\\d{1,7})';

/**
 * The address forms, in the order they are tried. Paths are site-relative (the part after the host
 * and the base path). `support.microsoft.com` and `www.microsoft.com` forms are listed with the path
 * they had there; searching public code and pages for links into Microsoft's KB found each of them.
 */
export const ADDRESS_RULES: readonly AddressRule[] = [
  {
    name: 'q-number',
    examples: ['/Q155738', '/q155738/', '/KB155738', '/kb155738/'],
    origin: 'typed by hand; how articles cite each other',
    path: '^/(?:q|kb)0*(\\d{1,7})/?$',
    number: [1],
  },
  {
    name: 'kb-number',
    examples: ['/kb/155738', '/kb/Q155738/', '/kb/155738/en-us', '/kb/q155738/EN-US/', '/en-us/kb/155738', '/kb/155738/ja'],
    origin: 'support.microsoft.com/kb/<n> (2003-2016), with a language segment after or before it; /kb/q<n>/ in older links',
    // a bare number needs four digits: `/kb/155/` is the page of bucket 155, `/kb/Q155/` article 155
    path: `^/(?:${LANG}/)?kb/(?:q0*(\\d{1,7})|0*([1-9]\\d{3,6}))(?:/${LANG})?/?$`,
    number: [1, 2],
  },
  {
    name: 'default-aspx-kb',
    examples: ['/default.aspx/kb/155738', '/default.aspx/kb/Q155738/'],
    origin: 'support.microsoft.com/default.aspx/kb/<n> (2005-2010)',
    path: `^/default\\.aspx/kb/${Q_NUMBER}/?$`,
    number: [1],
  },
  {
    name: 'permalink-variant',
    examples: ['/kb/155/Q155738', '/kb/155/q155738/', '/kb/155/155738/', '/kb/999/Q155738/'],
    origin: 'a permalink without its trailing slash, in another case, without the Q, or in the wrong bucket',
    // not `kb<n>`: `/kb/450/KB4503293/` is the default permalink of a Markdown article with that ID
    path: '^/kb/\\d{3}/q?0*(\\d{1,7})/?$',
    number: [1],
  },
  {
    name: 'help',
    examples: ['/help/155738', '/en-us/help/155738', '/en-us/help/155738/application-coding-error', '/help/155738/en-us'],
    origin: 'support.microsoft.com/help/<n> and /<lang>/help/<n>/<title> (2016 on)',
    path: `^/(?:${LANG}/)?help/${Q_NUMBER}(?:/[^/]*)?/?$`,
    number: [1],
  },
  {
    name: 'kb-articles-asp',
    examples: ['/support/kb/articles/Q155/7/38.asp', '/support/kb/articles/q155/7/38.ASP', '/kb/articles/q155/7/38.htm'],
    origin: 'support.microsoft.com/support/kb/articles/Q<first digits>/<next digit>/<last two>.asp (1998-2003), www.microsoft.com/kb/articles/…htm (1997-1998)',
    path: '^/(?:support/)?kb/articles/q(\\d{1,3})/(\\d)/(\\d{2})\\.(?:asp|html?)$',
    number: [1, 2, 3],
  },
  {
    name: 'kb-folder-htm',
    examples: ['/kb/articles/q155738.htm', '/kb/developr/win_dk/q155738.htm', '/KB/ARTICLES/Q155738.HTM'],
    origin: 'www.microsoft.com/kb/<folder>/…/q<n>.htm (1996-1997)',
    path: '^/kb/(?:[a-z0-9_-]+/){0,3}q0*(\\d{1,7})\\.html?$',
    number: [1],
  },
  {
    name: 'scid',
    examples: ['/default.aspx?scid=kb;en-us;Q155738', '/default.aspx?scid=kb;EN-US;155738', '/?scid=kb%3Ben-us%3B155738', '/default.aspx?scid=kb;[LN];155738', '/?scid=155738', '/search/preview.aspx?scid=kb;en-us;Q155738'],
    origin: 'support.microsoft.com/default.aspx?scid=kb;<lang>;<n> (2000-2008), /?scid=<n>, /search/preview.aspx?scid=… (2003)',
    path: '^/(?:default\\.aspx|search/preview\\.aspx)?$',
    query: { names: ['scid'], value: `(?:${KB_LANG_PREFIX})?${Q_NUMBER}` },
    number: [1],
  },
  {
    name: 'scid-asp',
    examples: ['/default.aspx?scid=http://support.microsoft.com:80/support/kb/articles/Q155/7/38.ASP&NoWebContent=1', '/default.aspx?scid=http%3A%2F%2Fsupport.microsoft.com%3A80%2Fsupport%2Fkb%2Farticles%2Fq155%2F7%2F38.asp'],
    origin: 'support.microsoft.com/default.aspx?scid=<old .asp address>&NoWebContent=1 (2003-2008)',
    path: '^/(?:default\\.aspx)?$',
    query: { names: ['scid'], value: '[^&]*?kb(?:/|%2f)articles(?:/|%2f)q(\\d{1,3})(?:/|%2f)(\\d)(?:/|%2f)(\\d{2})\\.asp' },
    number: [1, 2, 3],
  },
  {
    name: 'kbid',
    examples: ['/?kbid=155738', '/default.aspx?kbid=155738', '/?id=155738', '/default.aspx?id=kb;en-us;Q155738'],
    origin: 'support.microsoft.com/?kbid=<n> and ?id=<n> (2003-2010)',
    path: '^/(?:default\\.aspx)?$',
    query: { names: ['kbid', 'id'], value: `(?:${KB_LANG_PREFIX})?${Q_NUMBER}` },
    number: [1],
  },
  {
    name: 'directory-article',
    examples: ['/directory/article.asp?ID=KB;EN-US;Q155738'],
    origin: 'support.microsoft.com/directory/article.asp?ID=KB;<lang>;Q<n> (2001-2002)',
    path: '^/directory/article\\.asp$',
    query: { names: ['id'], value: `${KB_LANG_PREFIX}${Q_NUMBER}` },
    number: [1],
  },
];

/** What an article ID without a number may hold (lib/parse's VALID_ID): `SMB-SIGNING-FAQ`. */
export const ID_TEXT = '[a-z0-9][a-z0-9._-]{0,63}';

/**
 * The address forms of an article whose ID has no number (`SMB-SIGNING-FAQ`), like those of a number
 * (`q-number`, `kb-number`, `help`): the ID alone, or after `kb/` or `help/` (a language segment
 * before, or after the ID), in any case, with or without the trailing slash. `id` is a pattern for
 * the ID: `idPattern(id)` for one article, or a group of `ID_TEXT` to read it. Same regex subset as
 * `ADDRESS_RULES`, matched case-insensitively against the path without the base path.
 */
export function idAddressPath(id: string): string {
  return `^/(?:(?:${LANG}/)?(?:kb|help)/)?${id}(?:/${LANG})?/?$`;
}

/** An ID as a pattern (its `.` escaped; IDs hold nothing else a pattern reads). */
export function idPattern(id: string): string {
  return id.replace(/\./g, '\\.');
}

/** The forms of `idAddressPath`, for the README and the tests: `<id>` stands for the ID, in any case. */
export const ID_ADDRESS_EXAMPLES = ['/<id>', '/<id>/', '/kb/<id>', '/kb/<id>/en-us', '/en-us/kb/<id>/', '/help/<id>'] as const;

const ID_ADDRESS = new RegExp(idAddressPath(`(${ID_TEXT})`), 'i');

/**
 * The ID an address may name by `idAddressPath`, lower-cased (how the alias data keys IDs), or null.
 * Only for a path no numbered rule reads (`matchAddressRule` first).
 */
export function idOfAddress(pathname: string): string | null {
  const path = safeDecode(pathname).trim().replace(/\/{2,}/g, '/');
  return ID_ADDRESS.exec(path)?.[1]?.toLowerCase() ?? null;
}

/** The whole-query-string expression of a rule's query: the parameter, anywhere in the query, with its value. */
export function queryPattern(query: NonNullable<AddressRule['query']>): string {
  return `(?:^|&)(?:${query.names.join('|')})=(?:${query.value})(?:&|$)`;
}

/**
 * The article path by the archive's scheme, in pieces a host's pattern language can fill in: for each
 * length of the number, a pattern of its digits whose group 1 (if any) and the given prefix make the
 * bucket. `articlePath(n)` is `/kb/` + bucket + `/Q` + n + `/` (see `articlePathOf`).
 */
export const BUCKET_BY_DIGITS: ReadonlyArray<{ digits: string; prefix: string; group: boolean }> = [
  { digits: '^(\\d{3})\\d{3,4}$', prefix: '', group: true },
  { digits: '^(\\d{2})\\d{3}$', prefix: '0', group: true },
  { digits: '^(\\d)\\d{3}$', prefix: '00', group: true },
  { digits: '^\\d{1,3}$', prefix: '000', group: false },
];

/** The article path from its parts, as text: hosts pass their own placeholders (`$1`, `{re.n.1}`). */
export function articlePathOf(bucket: string, number: string): string {
  return `/kb/${bucket}/Q${number}/`;
}

/**
 * Hashed asset paths (site-relative) that may be cached for a year: their names change with their
 * content (the search index names each file by its hash; its meta.json is the one that keeps its name).
 */
export const IMMUTABLE_PATH = '^/(?:_next/static/|assets/search-[0-9a-f]{10}\\.js$|_kb/search/(?:[a-z]+/)?[0-9a-z]+\\.[0-9a-f]{8}\\.json)';
const immutable = new RegExp(IMMUTABLE_PATH);

/**
 * Whether a file's name changes with its bytes (IMMUTABLE_PATH): `sitePath` site-relative with its
 * leading slash (`/_kb/search/terms/3.1a2b3c4d.json`). Cached for a year by hosts; counted by its name
 * by the build.
 */
export function isImmutablePath(sitePath: string): boolean {
  return immutable.test(sitePath);
}

const compiled = ADDRESS_RULES.map((rule) => ({
  rule,
  path: new RegExp(rule.path, 'i'),
  query: rule.query ? new RegExp(queryPattern(rule.query), 'i') : null,
}));

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * The article number a site address names by one of the rules, or null. `pathname` is the path
 * without the base path (raw or decoded), `search` the query string with or without its `?`.
 */
export function matchAddressRule(pathname: string, search = ''): { number: number; rule: AddressRule } | null {
  const decodedPath = safeDecode(pathname).trim().replace(/\/{2,}/g, '/');
  const path = /\/index\.html?$/i.test(decodedPath) ? decodedPath.replace(/index\.html?$/i, '') : decodedPath;
  const query = search.replace(/^\?/, '');
  for (const { rule, path: pathRe, query: queryRe } of compiled) {
    const pathMatch = pathRe.exec(path);
    if (!pathMatch) continue;
    const match = queryRe ? queryRe.exec(query) : pathMatch;
    if (!match) continue;
    const digits = rule.number.map((g) => match[g] ?? '').join('');
    const number = Number(digits);
    if (Number.isSafeInteger(number) && number > 0) return { number, rule };
  }
  return null;
}

/**
 * Reads a whole pasted address (`support.microsoft.com/kb/155738`, `http://…/default.aspx?scid=kb;en-us;Q155738`,
 * or a site path) as an article number, or null when the text is not an address or names none.
 * Any host is accepted: the rules look only at the path and the query.
 */
export function articleNumberOfAddress(text: string): number | null {
  const trimmed = text.trim();
  if (!trimmed || /\s/.test(trimmed)) return null;
  const withoutScheme = trimmed.replace(/^[a-z][a-z0-9+.-]*:\/\//i, '');
  // a host is a dotted name (or localhost) before the first '/', '?' or '#'
  const host = /^(?:[a-z0-9-]+\.)+[a-z]{2,}(?::\d+)?|^localhost(?::\d+)?/i.exec(withoutScheme);
  const rest = host ? withoutScheme.slice(host[0].length) : withoutScheme;
  if (!host && !rest.startsWith('/')) return null;
  const beforeHash = rest.split('#')[0] ?? '';
  const q = beforeHash.indexOf('?');
  const pathname = (q < 0 ? beforeHash : beforeHash.slice(0, q)) || '/';
  const search = q < 0 ? '' : beforeHash.slice(q + 1);
  return matchAddressRule(pathname, search)?.number ?? null;
}

/** True when a top-level segment is one an address rule answers (`help`, `support`, `default.aspx`…). */
export function reservedByAddressRules(segment: string): boolean {
  return ADDRESS_PREFIXES.has(segment.toLowerCase());
}

/** First path segments the rules answer (besides `kb`, which articles share by design). */
const ADDRESS_PREFIXES = new Set(['help', 'support', 'default.aspx', 'directory', 'en-us']);

/**
 * Why an article may not take a permalink whose first segment is `segment`, or null when it may:
 * the site's own top-level folders, the files and folders it writes at its root, and the segments
 * the address rules answer. Compared case-insensitively (hosts on case-insensitive disks).
 */
export function reservedTopSegment(segment: string): string | null {
  const lower = segment.toLowerCase();
  if ((RESERVED_SEGMENTS as readonly string[]).includes(lower)) return `/${segment}/ is a section of the site`;
  if ((ROOT_FILES as readonly string[]).some((name) => name.toLowerCase() === lower) || ROOT_FILE_PATTERNS.some((re) => re.test(lower))) {
    return `/${segment} is a file or folder the build writes at the site's root`;
  }
  if (reservedByAddressRules(lower)) return `/${segment}/ is answered by the historic address rules`;
  return null;
}

/**
 * True when an address rule answers `permalink` with a page other than itself: `/Q123/` or
 * `/kb/123456/` lead to article 123 or 123456, so an article published there could never be reached.
 * The scheme's own path (`articlePath(n)`, which the rules also match) is the article's, not a clash.
 */
export function answeredByAddressRule(permalink: string): boolean {
  // with and without its trailing slash: `/kb/articles/q155/7/38.htm` is a rule's, whatever the host tries first
  return [permalink, permalink.replace(/\/+$/, '')].some((form) => {
    const match = matchAddressRule(form);
    return match !== null && articlePath(match.number) !== permalink;
  });
}


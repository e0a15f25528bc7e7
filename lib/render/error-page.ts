/**
 * A page per error code the archive mentions (`/error/winsock/wsaenotsock/`): what the code is,
 * the spellings people type for it (hex first for HRESULT, NTSTATUS and bug checks), the spellings
 * seen in the articles, and the articles that mention it, title mentions first, each by its title.
 */
import { h } from 'hastscript';
import type { CodeMatch } from '../error-codes/normalize';
import type { Element, ElementContent } from 'hast';
import { HEX_FAMILIES, signedDecimal, typedSpellings } from '../error-codes/spellings';
import { ERROR_INDEX_PATH, errorCodePath, errorFamilyPath } from '../routes';
import { href, type ArticleLink, type RenderContext } from './context';
import { familyName, familyPlural } from '../error-codes/family-names';
import { formatCount, plural } from './format';
import { renderDocument } from './layout';

export { FAMILY_NAMES } from '../error-codes/family-names';

export interface HresultParts {
  severity: number;
  facility: number;
  facilityName?: string;
  code: number;
  /** the Win32 (or other) name of the code part, when known: `ERROR_ACCESS_DENIED` */
  codeName?: string;
}

export interface ErrorPageInput extends Pick<CodeMatch, 'key' | 'name' | 'family' | 'value' | 'hex' | 'description'> {
  hresult?: HresultParts;
  /** spellings seen in the archive (`error 10038`, `WSAENOTSOCK`) */
  spellings?: string[];
  articles: { article: ArticleLink; inTitle: boolean }[];
}

/** The site path of an error code's page. */
export const errorPath = errorCodePath;

function row(term: string, value: ElementContent | string): Element[] {
  return [h('dt', term), h('dd', value)];
}

function hresultRows(parts: HresultParts): Element[] {
  const facility = parts.facilityName ? `${parts.facilityName} (${parts.facility})` : String(parts.facility);
  const code = parts.codeName ? `${parts.code} (${parts.codeName})` : String(parts.code);
  return [
    ...row('Severity', parts.severity ? '1 (failure)' : '0 (success)'),
    ...row('Facility', facility),
    ...row('Code', code),
  ];
}

/** The value rows: hex first for the hex families, with the signed decimal VB, ADO and .NET print. */
function valueRows(input: ErrorPageInput): Element[] {
  const unsigned = String(input.value >>> 0);
  if (!HEX_FAMILIES.has(input.family)) return [...row('Decimal', unsigned), ...row('Hexadecimal', input.hex)];
  const signed = signedDecimal(input.value);
  return [
    ...row('Hexadecimal', input.hex),
    ...(signed < 0 ? row('Decimal (signed)', String(signed)) : []),
    ...row(signed < 0 ? 'Decimal (unsigned)' : 'Decimal', unsigned),
  ];
}

/** The crumbs of every page under /error/: Home › Error codes › family › (code). */
export function errorCrumbs(ctx: RenderContext, family?: string, current?: string): Element {
  const items: Element[] = [h('li', h('a', { href: href(ctx, '/') }, 'Home'))];
  items.push(h('li', family || current ? h('a', { href: href(ctx, ERROR_INDEX_PATH) }, 'Error codes') : h('span', { ariaCurrent: 'page' }, 'Error codes')));
  if (family) items.push(h('li', current ? h('a', { href: href(ctx, errorFamilyPath(family)) }, familyPlural(family)) : h('span', { ariaCurrent: 'page' }, familyPlural(family))));
  if (current) items.push(h('li', h('span', { ariaCurrent: 'page' }, current)));
  return h('nav.breadcrumbs', { ariaLabel: 'Breadcrumb' }, h('ol', items));
}

/** `10038 · 0x2736 · WSAENOTSOCK` as code elements. */
export function spellingLine(code: { family: string; value: number; name: string }): ElementContent[] {
  return typedSpellings(code).flatMap((s, i): ElementContent[] => (i === 0 ? [h('code', s)] : [{ type: 'text', value: ' · ' }, h('code', s)]));
}

/** Renders the page of one error code. */
export function renderErrorPage(input: ErrorPageInput, ctx: RenderContext): string {
  const family = familyName(input.family);
  // title mentions first, then by id, so the page is stable from build to build
  const articles = [...input.articles].sort((a, b) => Number(b.inTitle) - Number(a.inTitle) || a.article.id.localeCompare(b.article.id));
  const main: ElementContent[] = [
    errorCrumbs(ctx, input.family, input.name),
    h('article.error-code', [
      h('header.article-header', [
        h('h1', input.name),
        h('p.error-family', family),
        h('p.code-card-spellings', { ariaLabel: 'Spellings' }, spellingLine(input)),
      ]),
      ...(input.description ? [h('p.error-description', input.description)] : []),
      h('dl.article-meta', [
        ...row('Family', h('a', { href: href(ctx, errorFamilyPath(input.family)) }, family)),
        ...valueRows(input),
        ...(input.hresult ? hresultRows(input.hresult) : []),
      ]),
      ...(input.spellings && input.spellings.length
        ? [h('section.article-section', { id: 'spellings', ariaLabelledBy: 'spellings-heading' }, [
            h('h2#spellings-heading', 'Spellings seen in the articles'),
            h('ul.spellings', input.spellings.map((s) => h('li', h('code', s)))),
          ])]
        : []),
      h('section.article-section', { id: 'articles', ariaLabelledBy: 'articles-heading' }, [
        h('h2#articles-heading', `Articles that mention it (${formatCount(articles.length)})`),
        h('ul.related-list', articles.map(({ article, inTitle }) => h('li', [
          h('a', { href: href(ctx, article.permalink) }, article.title), ' ', h('span', article.id),
          ...(inTitle ? [' ', h('span.badge', 'in title')] : []),
        ]))),
      ]),
    ]),
  ];
  return renderDocument(ctx, {
    title: `${input.name} (${input.hex})`,
    path: errorCodePath(input.key),
    description: input.description ?? `${family} ${input.name}, ${typedSpellings(input).join(', ')}: ${plural(articles.length, 'article')} in the archive mention it.`,
    main,
  });
}

/**
 * A page per error code the archive mentions (`/error/winsock/wsaenotsock/`): what the code is,
 * every spelling seen in the articles, and the articles that mention it, title mentions first.
 */
import { h } from 'hastscript';
import type { CodeMatch } from '../error-codes/normalize';
import type { Element, ElementContent } from 'hast';
import { href, type ArticleLink, type RenderContext } from './context';
import { formatCount, plural } from './format';
import { renderDocument } from './layout';

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

export const FAMILY_NAMES: Record<string, string> = {
  win32: 'Win32 error',
  winsock: 'Windows Sockets error',
  hresult: 'HRESULT',
  ntstatus: 'NTSTATUS',
  bugcheck: 'Bug check (STOP error)',
  netapi: 'Network API error',
};

/** The site path of an error code's page. */
export function errorPath(key: string): string {
  return `/error/${key}/`;
}

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

/** Renders the page of one error code. */
export function renderErrorPage(input: ErrorPageInput, ctx: RenderContext): string {
  const family = FAMILY_NAMES[input.family] ?? input.family;
  // title mentions first, then by id, so the page is stable from build to build
  const articles = [...input.articles].sort((a, b) => Number(b.inTitle) - Number(a.inTitle) || a.article.id.localeCompare(b.article.id));
  const main: ElementContent[] = [
    h('nav.breadcrumbs', { ariaLabel: 'Breadcrumb' }, h('ol', [
      h('li', h('a', { href: href(ctx, '/') }, 'Home')),
      h('li', h('a', { href: href(ctx, '/error/') }, 'Error codes')),
      h('li', h('span', { ariaCurrent: 'page' }, input.name)),
    ])),
    h('article.error-code', [
      h('header.article-header', [h('p.article-id', family), h('h1', input.name)]),
      ...(input.description ? [h('p.error-description', input.description)] : []),
      h('dl.article-meta', [
        ...row('Family', family),
        ...row('Decimal', String(input.value)),
        ...row('Hexadecimal', input.hex),
        ...(input.hresult ? hresultRows(input.hresult) : []),
      ]),
      ...(input.spellings && input.spellings.length
        ? [h('section.article-section', { id: 'spellings', ariaLabelledBy: 'spellings-heading' }, [
            h('h2#spellings-heading', 'Spellings seen in the archive'),
            h('ul.spellings', input.spellings.map((s) => h('li', h('code', s)))),
          ])]
        : []),
      h('section.article-section', { id: 'articles', ariaLabelledBy: 'articles-heading' }, [
        h('h2#articles-heading', `Articles that mention it (${formatCount(articles.length)})`),
        h('ul.article-links', articles.map(({ article, inTitle }) => h('li', [
          h('a', { href: href(ctx, article.permalink) }, article.id), ' ', h('span', article.title),
          ...(inTitle ? [' ', h('span.badge', 'in title')] : []),
        ]))),
      ]),
    ]),
  ];
  return renderDocument(ctx, {
    title: `${input.name} (${input.hex})`,
    path: errorPath(input.key),
    description: input.description ?? `${family} ${input.name}, ${input.value} (${input.hex}): ${plural(articles.length, 'article')} in the archive mention it.`,
    main,
  });
}

/**
 * The article page: breadcrumbs, title, metadata, table of contents, one <section> per record
 * section (id = its kind), the error codes it mentions, the articles it cites and those citing it.
 */
import { h } from 'hastscript';
import type { Element, ElementContent } from 'hast';
import type { ArticleRecord } from '../parse/types';
import { absoluteUrl, href, type ArticleLink, type RenderContext } from './context';
import { renderBlocks } from './blocks';
import { formatDate } from './format';
import { renderDocument } from './layout';

export interface ArticlePageInput {
  record: ArticleRecord;
  /** the articles in the site that cite this one */
  citedBy: ArticleLink[];
}

// ids of the page's own parts; article section kinds that collide get a suffix
const RESERVED_IDS = new Set(['main', 'contents', 'kb-applies-to', 'kb-error-codes', 'kb-cites', 'kb-cited-by']);

/** Unique, valid ids for the sections: the kind, suffixed `-2`, `-3` when a kind repeats. */
export function sectionIds(kinds: string[]): string[] {
  const seen = new Set(RESERVED_IDS);
  return kinds.map((kind) => {
    const base = kind.replace(/[^a-z0-9-]+/gi, '-').replace(/^-+|-+$/g, '').toLowerCase() || 'section';
    let id = base;
    for (let n = 2; seen.has(id); n++) id = `${base}-${n}`;
    seen.add(id);
    return id;
  });
}

function metaRow(term: string, value: ElementContent[] | undefined): Element[] {
  return value && value.length > 0 ? [h('dt', term), h('dd', value)] : [];
}

function joined(items: ElementContent[][]): ElementContent[] {
  return items.flatMap((item, i) => (i === 0 ? item : [{ type: 'text' as const, value: ', ' }, ...item]));
}

function metadata(record: ArticleRecord, ctx: RenderContext): Element {
  const products = record.products.map((name): ElementContent[] => {
    const path = ctx.productPath(name);
    return [path ? h('a', { href: href(ctx, path) }, name) : { type: 'text', value: name }];
  });
  const words = (list: string[]): ElementContent[] | undefined => (list.length ? [{ type: 'text', value: list.join(', ') }] : undefined);
  const date = record.lastModified;
  return h('dl.article-meta', [
    ...metaRow('Article ID', [{ type: 'text', value: record.id }]),
    ...metaRow(record.products.length === 1 ? 'Product' : 'Products', products.length ? joined(products) : undefined),
    ...metaRow('Versions', words(record.versions)),
    ...metaRow('Operating systems', words(record.operatingSystems)),
    ...metaRow('Last modified', date ? [h('time', { dateTime: date }, formatDate(date))] : undefined),
    ...metaRow('Keywords', words(record.keywords)),
    ...metaRow('Technology', words(record.technology)),
  ]);
}

function linkList(ctx: RenderContext, items: ArticleLink[]): Element {
  return h('ul.article-links', items.map((a) => h('li', [h('a', { href: href(ctx, a.permalink) }, a.id), ' ', h('span', a.title)])));
}

function extraSection(id: string, title: string, body: ElementContent[]): Element {
  return h('section.article-section.article-extra', { id, ariaLabelledBy: `${id}-heading` }, [h('h2', { id: `${id}-heading` }, title), ...body]);
}

/** Builds the <main> content of an article page. */
export function articleMain(input: ArticlePageInput, ctx: RenderContext): ElementContent[] {
  const { record } = input;
  const ids = sectionIds(record.sections.map((s) => s.kind));
  const firstProduct = record.products[0];
  const productPath = firstProduct ? ctx.productPath(firstProduct) : undefined;

  const crumbs = h('nav.breadcrumbs', { ariaLabel: 'Breadcrumb' }, h('ol', [
    h('li', h('a', { href: href(ctx, '/') }, 'Home')),
    ...(firstProduct && productPath ? [h('li', h('a', { href: href(ctx, productPath) }, firstProduct))] : []),
    h('li', h('span', { ariaCurrent: 'page' }, record.id)),
  ]));

  const headed = record.sections.map((s, i) => ({ section: s, id: ids[i] ?? s.kind }));
  const toc = headed.filter((s) => s.section.heading).length >= 3
    ? [h('nav.toc', { ariaLabelledBy: 'contents' }, [
        h('h2#contents', 'Contents'),
        h('ol', headed.filter((s) => s.section.heading).map((s) => h('li', h('a', { href: `#${s.id}` }, s.section.heading)))),
      ])]
    : [];

  const sections = headed.map(({ section, id }) =>
    section.heading
      ? h('section.article-section', { id, ariaLabelledBy: `${id}-heading` }, [h('h2', { id: `${id}-heading` }, section.heading), ...renderBlocks(section.blocks, ctx, record.id)])
      : h('section.article-section.article-body', { id }, renderBlocks(section.blocks, ctx, record.id)),
  );

  const extras: Element[] = [];
  if (record.appliesTo.length) {
    extras.push(extraSection('kb-applies-to', 'Applies to', [h('ul', record.appliesTo.map((a) => h('li', a)))]));
  }
  if (record.errorCodes.length) {
    extras.push(extraSection('kb-error-codes', 'Error codes', [h('ul.error-code-links', record.errorCodes.map((c) =>
      h('li', [h('a', { href: href(ctx, `/error/${c.key}/`) }, c.name), ' ', h('span.code-family', `${c.family} ${c.value}`)])))]));
  }
  const cites = record.cites.map((id) => ctx.articleById(id)).filter((a): a is ArticleLink => a !== undefined);
  if (cites.length) extras.push(extraSection('kb-cites', 'Articles this one cites', [linkList(ctx, cites)]));
  if (input.citedBy.length) extras.push(extraSection('kb-cited-by', 'Cited by', [linkList(ctx, input.citedBy)]));

  return [
    crumbs,
    h('article.article', [
      h('header.article-header', [h('p.article-id', record.id), h('h1', record.title), metadata(record, ctx)]),
      ...toc,
      ...sections,
      ...extras,
    ]),
  ];
}

/** Structured data for search engines (schema.org TechArticle). */
export function articleJsonLd(record: ArticleRecord, ctx: RenderContext): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'TechArticle',
    headline: record.title,
    identifier: record.id,
    url: absoluteUrl(ctx, record.permalink),
    ...(record.lastModified ? { dateModified: record.lastModified } : {}),
    ...(record.products.length ? { about: record.products.map((name) => ({ '@type': 'Thing', name })) } : {}),
    ...(record.keywords.length ? { keywords: record.keywords.join(', ') } : {}),
  };
}

/** Renders the complete article page. */
export function renderArticlePage(input: ArticlePageInput, ctx: RenderContext): string {
  const { record } = input;
  return renderDocument(ctx, {
    title: `${record.id}: ${record.title}`,
    path: record.permalink,
    description: record.sections[0]?.text ?? record.title,
    ogType: 'article',
    jsonLd: articleJsonLd(record, ctx),
    main: articleMain(input, ctx),
  });
}

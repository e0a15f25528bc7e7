/**
 * The article page, built to answer at a glance: one compact block with the title, the ID (once,
 * with copy controls), product, versions, date and what it applies to; then the sections (SYMPTOMS
 * first on a phone's first screen), each heading with a link to itself; the error codes it cites as
 * cards with every spelling people type; related articles; and the keywords and technology tags
 * folded away at the end (still in the page for search engines and find-in-page). On wide screens
 * the contents become a column beside the text that marks where the reader is
 * (client/article-page.ts, part of kb.js).
 */
import { h } from 'hastscript';
import type { Element, ElementContent } from 'hast';
import type { ArticleRecord, ErrorCodeMention } from '../parse/types';
import { PAGE_FIELDS, type PageFieldName } from '../parse/front-matter-schema';
import { typedSpellings } from '../error-codes/spellings';
import { errorCodePath } from '../routes';
import { href, type ArticleLink, type RenderContext } from './context';
import { renderBlocks } from './blocks';
import { familyName } from '../error-codes/family-names';
import { formatDate, plural } from './format';
import { renderDocument } from './layout';
import type { RelatedArticles } from './related';

export interface ArticlePageInput {
  record: ArticleRecord;
  /** the articles in the site that cite this one */
  citedBy: ArticleLink[];
  /** the other related lists (lib/render/related.ts); cites and cited-by alone when absent */
  related?: Omit<RelatedArticles, 'citedBy' | 'cites'>;
}

// ids of the page's own parts; article section kinds that collide get a suffix
const RESERVED_IDS = new Set(['main', 'contents', 'contents-heading', 'kb-error-codes', 'kb-related']);

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

const text = (value: string): ElementContent => ({ type: 'text', value });

function joined(items: ElementContent[][], separator = ', '): ElementContent[] {
  return items.flatMap((item, i) => (i === 0 ? item : [text(separator), ...item]));
}

/**
 * A section of the article: `<section id><header><h2>`, nothing more, since every page repeats it
 * several times. The stylesheet finds them as `.article-content > section`; the header holds the
 * heading and the link-to-self (`a.heading-link`, a click copies the address), which the page
 * script (client/article-page.ts) adds in the room the stylesheet keeps for it. The sections are
 * not named regions: the headings are the page's outline (a reader's heading list finds them).
 */
function headedSection(id: string, title: string, body: ElementContent[]): Element {
  return h('section', { id }, [h('header', [h('h2', title)]), ...body]);
}

/** Product(s) with versions and operating systems, and the date: one line under the title (each a plain span: text shaped as before, no class repeated). */
function facts(record: ArticleRecord, ctx: RenderContext): Element {
  const products = record.products.map((name): ElementContent[] => {
    const path = ctx.productPath(name);
    return [path ? h('a', { href: href(ctx, path) }, name) : text(name)];
  });
  const parts: ElementContent[][] = [];
  if (products.length) {
    const versions = record.versions.length ? [text(` ${record.versions.join(', ')}`)] : [];
    parts.push([h('span', [...joined(products), ...versions])]);
  } else if (record.versions.length) {
    parts.push([h('span', `Versions ${record.versions.join(', ')}`)]);
  }
  if (record.operatingSystems.length) parts.push([h('span', record.operatingSystems.join(', '))]);
  if (record.lastModified) parts.push([h('span', ['Last modified ', h('time', { dateTime: record.lastModified }, formatDate(record.lastModified))])]);
  return h('p.article-facts', joined(parts, ' · '));
}

/** "Applies to": one line for one item, else the first and a fold with the rest (SYMPTOMS stays in a phone's first screen). */
function appliesTo(items: string[]): Element[] {
  if (items.length === 0) return [];
  const label = h('span.applies-label', 'Applies to: ');
  if (items.length === 1) return [h('p.applies-to', [label, items[0] ?? ''])];
  return [h('details.applies-to', [
    h('summary', [label, items[0] ?? '', h('span.applies-more', ` and ${items.length - 1} more`)]),
    h('ul', items.map((item) => h('li', item))),
  ])];
}

/** The title block: title, ID with copy controls, facts, applies-to. */
function titleBlock(record: ArticleRecord, ctx: RenderContext): Element {
  return h('header.article-header', [
    h('h1', record.title),
    // the script adds "Copy ID" and "Copy link" where the clipboard works; the row keeps their height
    h('p.article-id-row', [h('span.article-id', record.id)]),
    facts(record, ctx),
    ...appliesTo(record.appliesTo),
  ]);
}

/** A card per cited error code: its name (to its page), its family, every spelling people type. */
function codeCards(codes: ErrorCodeMention[], ctx: RenderContext): Element {
  return headedSection('kb-error-codes', codes.length === 1 ? 'Error code' : 'Error codes', [
    h('ul.code-cards', codes.map((c) => h('li.code-card', [
      h('p.code-card-name', h('a', { href: href(ctx, errorCodePath(c.key)) }, c.name)),
      h('p.code-card-family', familyName(c.family)),
      h('p.code-card-spellings', { ariaLabel: 'Spellings' }, joined(typedSpellings(c).map((s) => [h('code', s)]), ' · ')),
    ]))),
  ]);
}

/** A list of articles: each title links, its ID follows (styled by `#kb-related li > a + span`: no class repeated per list or item). */
function articleList(ctx: RenderContext, items: ArticleLink[]): Element {
  return h('ul', items.map((a) => h('li', [h('a', { href: href(ctx, a.permalink) }, a.title), ' ', h('span', a.id)])));
}

/** One list of the related section: its h3 and its items, straight in the section (no wrapper, no id). */
function relatedGroup(title: string, body: ElementContent[]): ElementContent[] {
  return [h('h3', title), ...body];
}

/** Related articles: cites, cited by, others about each code, similar ones in the product. */
function relatedSection(record: ArticleRecord, related: RelatedArticles, ctx: RenderContext): Element | null {
  const groups: ElementContent[] = [];
  if (related.cites.length) groups.push(...relatedGroup('Articles this one cites', [articleList(ctx, related.cites)]));
  if (related.citedBy.length) groups.push(...relatedGroup('Cited by', [articleList(ctx, related.citedBy)]));
  related.byCode.forEach((code) => {
    const more = code.total > code.articles.length
      ? [h('p.related-more', h('a', { href: href(ctx, errorCodePath(code.key)) }, `All ${plural(code.total, 'other article')} about ${code.name}`))]
      : [];
    groups.push(...relatedGroup(`Also about ${code.name}: ${plural(code.total, 'more article')}`, [articleList(ctx, code.articles), ...more]));
  });
  if (related.similar.length) {
    const product = record.products[0];
    groups.push(...relatedGroup(product ? `Similar articles about ${product}` : 'Similar articles', [articleList(ctx, related.similar)]));
  }
  return groups.length ? headedSection('kb-related', 'Related articles', groups) : null;
}

/** Keywords, technology and the rest of the record's tags, folded away: the page fields shown as `details`. */
function detailsBlock(record: ArticleRecord): Element | null {
  const rows: Element[] = [];
  for (const [name, spec] of Object.entries(PAGE_FIELDS)) {
    if (!spec.show || typeof spec.show !== 'object') continue;
    const value = record[name as PageFieldName];
    const values = Array.isArray(value) ? value : value ? [value] : [];
    if (values.length) rows.push(h('dt', spec.show.details), h('dd', values.join(', ')));
  }
  if (rows.length === 0) return null;
  return h('details.article-details', [h('summary', 'Keywords and technology'), h('dl.article-meta', rows)]);
}

/** Builds the <main> content of an article page. */
export function articleMain(input: ArticlePageInput, ctx: RenderContext): ElementContent[] {
  const { record } = input;
  const ids = sectionIds(record.sections.map((s) => s.kind));
  const firstProduct = record.products[0];
  const productPath = firstProduct ? ctx.productPath(firstProduct) : undefined;

  // the ID is in the title block, so the trail ends at the product
  const crumbs = h('nav.breadcrumbs', { ariaLabel: 'Breadcrumb' }, h('ol', [
    h('li', h('a', { href: href(ctx, '/') }, 'Home')),
    ...(firstProduct && productPath ? [h('li', h('a', { href: href(ctx, productPath) }, firstProduct))] : []),
  ]));

  const headed = record.sections.map((s, i) => ({ section: s, id: ids[i] ?? s.kind }));
  const sections = headed.map(({ section, id }) =>
    section.heading
      ? headedSection(id, section.heading, renderBlocks(section.blocks, ctx, record.id))
      : h('section', { id }, renderBlocks(section.blocks, ctx, record.id)),
  );

  const related: RelatedArticles = {
    cites: record.cites.map((id) => (id === record.id ? undefined : ctx.articleById(id))).filter((a): a is ArticleLink => a !== undefined),
    citedBy: input.citedBy,
    byCode: input.related?.byCode ?? [],
    similar: input.related?.similar ?? [],
  };
  const extras = [
    record.errorCodes.length ? codeCards(record.errorCodes, ctx) : null,
    relatedSection(record, related, ctx),
  ].filter((e): e is Element => e !== null);
  const details = detailsBlock(record);

  const entries = [
    ...headed.filter((s) => s.section.heading).map((s) => ({ id: s.id, title: s.section.heading })),
    ...extras.map((e) => ({ id: String(e.properties.id), title: e.properties.id === 'kb-related' ? 'Related articles' : 'Error codes' })),
  ];
  const toc = entries.length >= 3
    ? [h('nav.toc', { ariaLabelledBy: 'contents-heading' }, [
        h('h2#contents-heading', 'On this page'),
        h('ol', entries.map((e) => h('li', h('a', { href: `#${e.id}` }, e.title)))),
      ])]
    : [];

  return [
    crumbs,
    h(toc.length ? 'article.article.has-toc' : 'article.article', [
      titleBlock(record, ctx),
      ...toc,
      h('div.article-content', [...sections, ...extras, ...(details ? [details] : [])]),
    ]),
  ];
}

/**
 * Structured data for search engines (schema.org TechArticle). No `url` (the canonical link says it)
 * and no `keywords` (the page shows them, in the folded details): each page carries this block.
 */
export function articleJsonLd(record: ArticleRecord): Record<string, unknown> {
  return {
    '@context': 'https://schema.org',
    '@type': 'TechArticle',
    headline: record.title,
    identifier: record.id,
    ...(record.lastModified ? { dateModified: record.lastModified } : {}),
    ...(record.products.length ? { about: record.products.map((name) => ({ '@type': 'Thing', name })) } : {}),
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
    jsonLd: articleJsonLd(record),
    // the copy controls, heading links and contents marker are in kb.js, every page's one script (client/article-page.ts)
    main: articleMain(input, ctx),
  });
}

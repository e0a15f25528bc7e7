/**
 * `/error/` and the page of each family (`/error/hresult/`): static HTML like the article pages, no
 * framework. The index opens with a lookup box that answers in place (client/error-lookup.ts, the
 * search's own normalizer over the cited-code table; without JavaScript it is a GET form to the
 * search page, which shows the same code card), then each family as a short list of its most cited
 * codes with "show all" leading to the family page, which lists every cited code by value.
 */
import { h } from 'hastscript';
import type { Element, ElementContent } from 'hast';
import { HEX_FAMILIES, longHex, shortHex } from '../error-codes/spellings';
import type { CodeIdentity } from '../error-codes/types';
import { ERROR_INDEX_PATH, SEARCH_PATH, errorCodePath, errorFamilyPath } from '../routes';
import { href, type RenderContext } from './context';
import { errorCrumbs } from './error-page';
import { byFamilyOrder, familyPlural } from '../error-codes/family-names';
import { formatCount, plural } from './format';
import { renderDocument } from './layout';

/** One cited code as the lists need it. */
export interface CodeSummary extends CodeIdentity {
  /** articles mentioning it */
  count: number;
}

/** The index page's script: the lookup box. */
export const ERROR_LOOKUP_SCRIPT = '/assets/error-lookup.js';

/** Codes shown per family on the index before "show all". */
export const SHORT_LIST = 8;

/** The value as a family writes it: `0x80004005`, `STOP`'s `0x0000000A`, or decimal `10038`. */
export function displayValue(code: Pick<CodeSummary, 'family' | 'value'>): string {
  if (code.family === 'bugcheck') return shortHex(code.value);
  return HEX_FAMILIES.has(code.family) ? longHex(code.value) : String(code.value >>> 0);
}

const byCount = (a: CodeSummary, b: CodeSummary) => b.count - a.count || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
const byValue = (a: CodeSummary, b: CodeSummary) => (a.value >>> 0) - (b.value >>> 0) || (a.name < b.name ? -1 : 1);

/** Codes grouped by family, families in index order. */
export function groupByFamily(codes: readonly CodeSummary[]): [string, CodeSummary[]][] {
  const families = new Map<string, CodeSummary[]>();
  for (const code of codes) {
    const list = families.get(code.family);
    if (list) list.push(code);
    else families.set(code.family, [code]);
  }
  return [...families.entries()].sort(([a], [b]) => byFamilyOrder(a, b));
}

function codeItem(code: CodeSummary, ctx: RenderContext): Element {
  return h('li', [
    h('code.code-value', displayValue(code)), ' ',
    h('a', { href: href(ctx, errorCodePath(code.key)) }, code.name), ' ',
    h('span.count', plural(code.count, 'article')),
  ]);
}

function lookupBox(ctx: RenderContext): Element {
  return h('form.code-lookup', { role: 'search', ariaLabel: 'Error code lookup', action: href(ctx, SEARCH_PATH), method: 'get' }, [
    h('label', { htmlFor: 'code-lookup-input' }, 'Look up a code in any spelling'),
    h('div.code-lookup-row', [
      h('input#code-lookup-input', {
        type: 'search', name: 'q', autoComplete: 'off', spellCheck: 'false',
        placeholder: '0x80004005, -2147467259, stop 0xa, WSAENOTSOCK',
        ariaDescribedBy: 'code-lookup-answer',
      }),
      h('button', { type: 'submit' }, 'Look up'),
    ]),
    // answered in place by the script; polite: it changes as the reader types
    h('div.code-lookup-answer#code-lookup-answer', { ariaLive: 'polite' }),
  ]);
}

/** The `/error/` page: lookup box, then each family's most cited codes. */
export function renderErrorIndexPage(codes: readonly CodeSummary[], ctx: RenderContext): string {
  const families = groupByFamily(codes);
  const main: ElementContent[] = [
    errorCrumbs(ctx),
    h('div.reading.error-index', [
      h('h1', 'Error codes'),
      h('p.lead', [
        `${plural(codes.length, 'code')} mentioned in the articles, in whatever spelling they used: `,
        h('code', '10038'), ', ', h('code', '0x2736'), ' and ', h('code', 'WSAENOTSOCK'), ' are one Windows Sockets error.',
      ]),
      lookupBox(ctx),
      h('nav.family-nav', { ariaLabel: 'Families' }, h('ul', families.map(([family, list]) =>
        h('li', [h('a', { href: href(ctx, errorFamilyPath(family)) }, familyPlural(family)), ' ', h('span.count', `(${formatCount(list.length)})`)])))),
      h('div.family-grid', families.map(([family, list]) => {
        const id = `family-${family}`;
        const top = [...list].sort(byCount).slice(0, SHORT_LIST);
        return h('section.family', { id, ariaLabelledBy: `${id}-heading` }, [
          h('h2', { id: `${id}-heading` }, familyPlural(family)),
          h('ol.code-list', top.map((c) => codeItem(c, ctx))),
          h('p.show-all', h('a', { href: href(ctx, errorFamilyPath(family)) },
            list.length > top.length ? `Show all ${formatCount(list.length)} ${familyPlural(family)}` : `${familyPlural(family)} by value`)),
        ]);
      })),
    ]),
  ];
  return renderDocument(ctx, {
    title: 'Error codes',
    path: ERROR_INDEX_PATH,
    description: 'Error codes the archive mentions, in every spelling, with the articles about each.',
    main,
    scripts: [ERROR_LOOKUP_SCRIPT],
  });
}

/** The page of one family: every cited code of it, by value, hex first for the hex families. */
export function renderErrorFamilyPage(family: string, codes: readonly CodeSummary[], ctx: RenderContext): string {
  const list = codes.filter((c) => c.family === family).sort(byValue);
  const name = familyPlural(family);
  const main: ElementContent[] = [
    errorCrumbs(ctx, family),
    h('div.reading.error-family-page', [
      h('h1', name),
      h('p.lead', `${plural(list.length, 'code')} of this family mentioned in the articles, by value. `),
      h('p', h('a', { href: href(ctx, ERROR_INDEX_PATH) }, 'Look up any code')),
      h('ul.code-list.code-list-all', list.map((c) => codeItem(c, ctx))),
    ]),
  ];
  return renderDocument(ctx, {
    title: name,
    path: errorFamilyPath(family),
    description: `${plural(list.length, 'code')} (${name}) the archive mentions, with the articles about each.`,
    main,
  });
}

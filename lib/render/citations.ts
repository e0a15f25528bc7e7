/**
 * Citations in running text: `Q155738` becomes a link to that article when it is in the site,
 * and stays plain text otherwise (so no link leads to a 404).
 */
import { h } from 'hastscript';
import type { ElementContent } from 'hast';
import { href, type RenderContext } from './context';

// Q followed by 5-7 digits, not part of a longer word (`Q155738`, `(Q155738)`, `Q155738.`)
const CITATION = /(?<![A-Za-z0-9])Q\d{5,7}(?![A-Za-z0-9])/g;

/** Splits text into text nodes and links to the cited articles that exist. */
export function linkCitations(text: string, ctx: RenderContext, selfId?: string): ElementContent[] {
  const out: ElementContent[] = [];
  let last = 0;
  for (const match of text.matchAll(CITATION)) {
    const id = match[0];
    const target = id === selfId ? undefined : ctx.articleById(id);
    if (!target) continue;
    const start = match.index;
    if (start > last) out.push({ type: 'text', value: text.slice(last, start) });
    // no class: nothing styles a citation apart from any link (the title is the cited article's)
    out.push(h('a', { href: href(ctx, target.permalink), title: target.title }, id));
    last = start + id.length;
  }
  if (last < text.length) out.push({ type: 'text', value: text.slice(last) });
  return out;
}

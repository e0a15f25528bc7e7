/**
 * A section's blocks as hast: paragraphs, preformatted listings, lists, sub-headings, and the
 * sanitized hast of Markdown articles. Text stays text (the serializer escapes it); citations
 * become links where the cited article exists.
 */
import { h } from 'hastscript';
import type { Element, ElementContent } from 'hast';
import type { Block } from '../parse/types';
import { href, type RenderContext } from './context';
import { linkCitations } from './citations';

/** Renders one block. `selfId` keeps an article from linking to itself. */
export function renderBlock(block: Block, ctx: RenderContext, selfId?: string): ElementContent[] {
  switch (block.type) {
    case 'paragraph':
      return [h('p', linkCitations(block.text, ctx, selfId))];
    case 'preformatted':
      // tabindex: a scrolling region must be reachable by keyboard (axe: scrollable-region-focusable).
      // No <code> inside: the archive's listings are as often tables, messages and diagrams as code,
      // and the stylesheet draws a pre's text alike either way (13 bytes a listing, ~2 a page)
      return [h('pre', { tabIndex: 0 }, linkCitations(block.text, ctx, selfId))];
    case 'list': {
      const items = block.items.map((item) => h('li', linkCitations(item, ctx, selfId)));
      if (!block.ordered) return [h('ul', items)];
      return [h('ol', block.start !== undefined && block.start !== 1 ? { start: block.start } : {}, items)];
    }
    case 'heading':
      return [h('h3', linkCitations(block.text, ctx, selfId))];
    case 'hast':
      return dropBlockWhitespace(block.nodes as ElementContent[], 'section').flatMap((node) => adaptHast(node, ctx, selfId));
  }
}

/** Renders a list of blocks. */
export function renderBlocks(blocks: Block[], ctx: RenderContext, selfId?: string): ElementContent[] {
  return blocks.flatMap((block) => renderBlock(block, ctx, selfId));
}

const NO_CITATION_LINKS = new Set(['a', 'code', 'pre', 'kbd', 'samp']);

/** Elements that lay out as blocks: white space beside them is never drawn. */
const BLOCKS = new Set([
  'address', 'blockquote', 'details', 'div', 'dl', 'dd', 'dt', 'figcaption', 'figure', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'hr', 'li', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'caption', 'thead', 'tbody', 'tfoot', 'tr', 'td', 'th', 'ul',
]);
/** Elements whose children are elements only: white space between them is never drawn. */
const CONTAINERS = new Set(['ul', 'ol', 'dl', 'table', 'thead', 'tbody', 'tfoot', 'tr']);
const WHITESPACE = /^[ \t\n\f\r]*$/;

const isBlock = (node: ElementContent | undefined): boolean => node?.type === 'element' && BLOCKS.has(node.tagName);

/**
 * Markdown's hast keeps the line breaks between block elements as text nodes (`</li>\n<li>`). They
 * are never drawn, and the page leaves out end tags HTML infers (lib/render/layout.ts), which would
 * move such a line break into the element before it: dropped here, the DOM is the same with or
 * without those end tags (tests/e2e/page-markup.test.ts). White space inside `pre` and between
 * inline elements (`<code>a</code> <em>b</em>`) is text and stays.
 */
function dropBlockWhitespace(children: ElementContent[], parent: string): ElementContent[] {
  if (parent === 'pre' || parent === 'textarea') return children;
  return children.filter((node, i) => !(node.type === 'text' && WHITESPACE.test(node.value)
    && (CONTAINERS.has(parent) || isBlock(children[i - 1]) || isBlock(children[i + 1]))));
}

/**
 * Markdown hast is already sanitized by the parser; here site-absolute links get the base path,
 * headings move below the section's h2, and citations in plain text become links.
 */
function adaptHast(node: ElementContent, ctx: RenderContext, selfId?: string, inCode = false): ElementContent[] {
  if (node.type === 'text') return inCode ? [node] : linkCitations(node.value, ctx, selfId);
  if (node.type !== 'element') return [node];
  const element: Element = { ...node, properties: { ...node.properties } };
  const tag = element.tagName;
  if (tag === 'a' && typeof element.properties.href === 'string') element.properties.href = href(ctx, element.properties.href);
  if (tag === 'img' && typeof element.properties.src === 'string') element.properties.src = href(ctx, element.properties.src);
  if (/^h[1-2]$/.test(tag)) element.tagName = 'h3';
  if (tag === 'pre') element.properties.tabIndex = 0;
  const childInCode = inCode || NO_CITATION_LINKS.has(tag);
  element.children = dropBlockWhitespace(element.children, tag).flatMap((child) => adaptHast(child, ctx, selfId, childInCode));
  return [element];
}

/**
 * Reads a Markdown body (variant c): CommonMark + GFM → hast with raw HTML dropped, then
 * rehype-sanitize (GitHub's schema: no scripts, no event handlers, no javascript: URLs).
 * The tree is split into sections at `##` headings; each section's blocks are hast nodes.
 */
import type { Element, Root, RootContent } from 'hast';
import { toText } from 'hast-util-to-text';
import rehypeSanitize from 'rehype-sanitize';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import remarkRehype from 'remark-rehype';
import { unified } from 'unified';
import type { Root as MdastRoot } from 'mdast';
import { visit } from 'unist-util-visit';
import { BODY_KIND, kindOfHeading } from '../section-kinds';
import { markdownLimitExceeded } from './markdown-limits';
import { blocksText, reflow } from './reflow';
import type { Section } from './types';

const FLOW_PARENTS = new Set(['root', 'blockquote', 'listItem', 'footnoteDefinition']);

/**
 * Raw HTML in an article is shown as the text it is (`<script>` appears literally on the page)
 * instead of being dropped, so nothing of the body is lost and nothing of it runs.
 */
function htmlAsText() {
  return (tree: MdastRoot): void => {
    visit(tree, 'html', (node, index, parent) => {
      if (!parent || index === undefined) return;
      const text = { type: 'text' as const, value: node.value };
      parent.children[index] = (FLOW_PARENTS.has(parent.type) ? { type: 'paragraph', children: [text] } : text) as (typeof parent.children)[number];
    });
  };
}

// remark-rehype would drop raw HTML anyway (no allowDangerousHtml); htmlAsText turns it into text first.
const processor = unified().use(remarkParse).use(remarkGfm).use(htmlAsText).use(remarkRehype).use(rehypeSanitize);

export interface MarkdownBody {
  sections: Section[];
  /** the text of a leading `# Title` heading, when there is one */
  h1: string | null;
  /** why the body was read as plain text instead of Markdown, if it was */
  fallback: string | null;
}

/** Removes position data (and any other non-JSON leftovers) so records stay small and stable. */
function stripPositions<T extends RootContent | Root>(node: T): T {
  delete (node as { position?: unknown }).position;
  if ('children' in node) for (const child of node.children) stripPositions(child);
  return node;
}

function isElement(node: RootContent, tag: string): node is Element {
  return node.type === 'element' && node.tagName === tag;
}

/**
 * Parses a Markdown body into sections; falls back to plain text when it is over a structural limit
 * (size, nesting, delimiter runs: see markdown-limits.ts) or too deep for the tree walkers.
 */
export function parseMarkdownBody(markdown: string): MarkdownBody {
  const limit = markdownLimitExceeded(markdown);
  if (limit) return plainTextBody(markdown, limit);
  try {
    return { ...markdownSections(markdown), fallback: null };
  } catch (error) {
    // e.g. thousands of nested blockquotes exhaust the stack of the recursive tree walkers
    return plainTextBody(markdown, `the Markdown body could not be rendered (${error instanceof Error ? error.message : String(error)}); shown as plain text`);
  }
}

/** Sections split at `## ` lines, each reflowed as plain text (like a legacy body). */
function plainTextBody(markdown: string, reason: string): MarkdownBody {
  const sections: Section[] = [];
  let current = { kind: BODY_KIND, heading: '', lines: [] as string[] };
  const close = (): void => {
    const blocks = reflow(current.lines);
    if (blocks.length || current.heading) sections.push({ kind: current.kind, heading: current.heading, text: blocksText(blocks), blocks });
  };
  for (const line of markdown.split('\n')) {
    const h2 = /^##[ \t]+(.*?)[ \t#]*$/.exec(line);
    if (h2) {
      close();
      current = { kind: kindOfHeading(h2[1] ?? ''), heading: h2[1] ?? '', lines: [] };
    } else {
      current.lines.push(line);
    }
  }
  close();
  return { sections, h1: null, fallback: reason };
}

function markdownSections(markdown: string): Omit<MarkdownBody, 'fallback'> {
  const tree = stripPositions(processor.runSync(processor.parse(markdown)) as Root);
  const sections: Section[] = [];
  let h1: string | null = null;
  let current: { kind: string; heading: string; nodes: RootContent[] } = { kind: BODY_KIND, heading: '', nodes: [] };
  const close = (): void => {
    const nodes = current.nodes.filter((n) => !(n.type === 'text' && n.value.trim() === ''));
    if (!nodes.length && !current.heading) return;
    const text = nodes.map((n) => toText(n, { whitespace: 'pre' }).trim()).filter(Boolean).join('\n\n');
    sections.push({ kind: current.kind, heading: current.heading, text, blocks: nodes.length ? [{ type: 'hast', nodes }] : [] });
  };
  for (const node of tree.children) {
    if (isElement(node, 'h2')) {
      close();
      const heading = toText(node).trim();
      current = { kind: kindOfHeading(heading), heading, nodes: [] };
      continue;
    }
    if (h1 === null && isElement(node, 'h1') && !sections.length && !current.nodes.some((n) => n.type === 'element')) {
      h1 = toText(node).trim();
      continue;
    }
    current.nodes.push(node);
  }
  close();
  return { sections, h1 };
}

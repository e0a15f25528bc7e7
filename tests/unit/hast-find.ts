/**
 * Tiny queries over rendered hast trees for the renderer tests: elements by tag, class and id, and
 * their text. (A selector engine would be a dependency for a handful of lookups.)
 */
import type { Element, ElementContent, Root } from 'hast';
import { toText } from 'hast-util-to-text';
import { visit } from 'unist-util-visit';

type Node = Root | Element | ElementContent;

/** `tag.class#id` (each part optional): every matching element below `tree`, in document order. */
export function findAll(tree: Node | Node[], selector: string): Element[] {
  const m = /^([a-z0-9]*)((?:\.[\w-]+)*)(?:#([\w-]+))?$/i.exec(selector);
  if (!m) throw new Error(`unsupported selector ${selector}`);
  const [, tag, classes = '', id] = m;
  const wanted = classes.split('.').filter(Boolean);
  const out: Element[] = [];
  for (const root of Array.isArray(tree) ? tree : [tree]) {
    visit(root as Root, 'element', (el: Element) => {
      if (tag && el.tagName !== tag) return;
      if (id && el.properties.id !== id) return;
      const has = (el.properties.className as string[] | undefined) ?? [];
      if (wanted.every((c) => has.includes(c))) out.push(el);
    });
  }
  return out;
}

/** The first match, or a thrown error naming the selector. */
export function find(tree: Node | Node[], selector: string): Element {
  const el = findAll(tree, selector)[0];
  if (!el) throw new Error(`no element matches ${selector}`);
  return el;
}

/** The text of an element (or of several), whitespace collapsed. */
export function text(node: Node | Node[]): string {
  const nodes = Array.isArray(node) ? node : [node];
  return nodes.map((n) => toText(n as Element, { whitespace: 'normal' })).join(' ').replace(/\s+/g, ' ').trim();
}

/**
 * Draws one element of the shared header and footer (lib/render/chrome.ts) in a React page: React
 * writes the element and sets its children as inner HTML (constant markup built by hastscript),
 * which it neither compares nor patches when it hydrates.
 */
import { createElement } from 'react';
import type { ChromePart } from '../lib/render/chrome';

/** The element of `part`, its children as inner HTML. */
export function Chrome({ part }: { part: ChromePart }) {
  return createElement(part.tagName, { ...part.props, dangerouslySetInnerHTML: { __html: part.html } });
}

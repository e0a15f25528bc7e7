/**
 * Plain text with highlighted ranges as React nodes: the text stays text (React escapes it) and the
 * ranges become <mark>. Never HTML strings, so article text cannot turn into markup.
 */
import type { ReactNode } from 'react';

/** Renders `text` with each [start, end) range of `ranges` (sorted, not overlapping) in a <mark>. */
export function Marked({ text, ranges }: { text: string; ranges: [number, number][] }) {
  const nodes: ReactNode[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start < at || end > text.length || start >= end) continue; // a bad range never breaks the text
    if (start > at) nodes.push(text.slice(at, start));
    nodes.push(<mark key={start}>{text.slice(start, end)}</mark>);
    at = end;
  }
  if (at < text.length) nodes.push(text.slice(at));
  return <>{nodes}</>;
}

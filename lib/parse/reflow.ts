/**
 * Turns the hard-wrapped plain-text lines of one section into blocks: prose is reflowed into
 * paragraphs, numbered and bulleted steps become lists, and anything whose layout carries meaning
 * (code, ASCII tables, diagrams, indented blocks) is kept exactly as preformatted text.
 */
import type { Block } from './types';

const LIST_ITEM = /^( {0,4})(\d{1,3}[.)]|[A-Za-z][.)]|[-*o\u2022])[ \t]+(?=\S)/;
const DASH_UNDERLINE = /^\s*-{2,}\s*$/;
const RULE = /^\s*([-=_*~+])\1{3,}\s*$/;
const CODE_START = /^\s*(#include|#define|#if|#ifdef|#endif|#pragma|\/\/|\/\*|\*\/|REM\b|'|DIM\b|DECLARE\b|SUB\b|END SUB\b|FUNCTION\b|mov\b|push\b|pop\b|MOV\b|PUSH\b|POP\b|C:\\|[A-Z]:\\>|>)/;

/** Lines that only occur in code: a brace alone, a preprocessor line, a C statement. */
function isStrongCode(line: string): boolean {
  return /^\s*[{}]\s*;?\s*$/.test(line) || /^\s*#(include|define|if|ifdef|endif|pragma)\b/.test(line)
    || (/[;{]\s*$/.test(line) && /[=(){}]/.test(line));
}

/** A line whose layout matters: tables, code, columns, rules. */
export function isLayoutLine(line: string): boolean {
  if (/^ {2,}\S/.test(line)) return true; // indented deeper than the paragraph
  if (RULE.test(line)) return true;
  if (/\||\+-{2,}|-{2,}\+/.test(line)) return true; // box drawing with | and +--
  if (/\S {3,}\S/.test(line)) return true; // columns
  if (/[^\s.?!:;,"')\]] {2}\S/.test(line)) return true; // two spaces mid-sentence: columns, not sentence spacing
  if (CODE_START.test(line)) return true;
  if (/^\s*[{}]\s*;?\s*$/.test(line)) return true;
  if (/[;{]\s*$/.test(line) && /[=(){}]/.test(line)) return true; // C-like statement
  return false;
}

interface Group { lines: string[]; blanksBefore: number }

/** Splits lines into groups separated by blank lines, remembering how many blanks preceded each. */
function groupLines(lines: string[]): Group[] {
  const groups: Group[] = [];
  let current: string[] = [];
  let blanks = 0;
  let pendingBlanks = 0;
  for (const raw of lines) {
    const line = raw.trimEnd();
    if (line === '') {
      if (current.length) { groups.push({ lines: current, blanksBefore: pendingBlanks }); current = []; blanks = 0; }
      blanks++;
      continue;
    }
    if (!current.length) pendingBlanks = blanks;
    current.push(line);
  }
  if (current.length) groups.push({ lines: current, blanksBefore: pendingBlanks });
  return groups;
}

function listMarker(line: string): { ordered: boolean; number: number | null; rest: string } | null {
  const m = LIST_ITEM.exec(line);
  if (!m) return null;
  const marker = m[2] ?? '';
  const ordered = !/^[-*o\u2022]$/.test(marker);
  const number = /^\d/.test(marker) ? Number.parseInt(marker, 10) : null;
  return { ordered, number, rest: line.slice(m[0].length).trim() };
}

/** Reflows the lines of a section into blocks; every word of the input ends up in a block. */
export function reflow(lines: string[]): Block[] {
  const blocks: Block[] = [];
  const push = (block: Block, blanksBefore: number): void => {
    const last = blocks[blocks.length - 1];
    // a code listing or table interrupted by blank lines is still one listing
    if (block.type === 'preformatted' && last?.type === 'preformatted' && blanksBefore > 0) {
      last.text += '\n'.repeat(blanksBefore + 1) + block.text;
      return;
    }
    // steps separated by blank lines are one list, but only when the numbering continues
    if (block.type === 'list' && last?.type === 'list' && last.ordered === block.ordered && blanksBefore > 0
      && (!block.ordered || (block.start ?? 1) === (last.start ?? 1) + last.items.length)) {
      last.items.push(...block.items);
      return;
    }
    blocks.push(block);
  };

  for (const group of groupLines(lines)) {
    let blanks = group.blanksBefore;
    const first = group.lines[0] ?? '';
    const marker = listMarker(first);
    if (marker && !(marker.ordered && marker.number === null && group.lines.length === 1 && marker.rest.length < 2)) {
      const items: string[] = [];
      for (const line of group.lines) {
        const m = listMarker(line);
        if (m && m.ordered === marker.ordered) items.push(m.rest);
        else if (items.length) items[items.length - 1] += ' ' + line.trim();
      }
      const block: Block = { type: 'list', ordered: marker.ordered, items };
      if (marker.number !== null && marker.number !== 1) block.start = marker.number;
      push(block, blanks);
      continue;
    }
    // A group holding code, or mostly layout lines, is one listing: `void main(void)` above a `{` is code too.
    const layoutFlags = group.lines.map(isLayoutLine);
    const layoutCount = layoutFlags.filter(Boolean).length;
    if (group.lines.length > 1 && !group.lines.some((l, i) => DASH_UNDERLINE.test(group.lines[i + 1] ?? ''))
      && (group.lines.some(isStrongCode) || layoutCount * 2 > group.lines.length)) {
      push({ type: 'preformatted', text: group.lines.join('\n') }, blanks);
      continue;
    }
    // Walk the group: sub-headings, then runs of prose lines and layout lines.
    let run: string[] = [];
    let runIsLayout = false;
    const flush = (): void => {
      if (!run.length) return;
      push(runIsLayout ? { type: 'preformatted', text: run.join('\n') } : { type: 'paragraph', text: run.map((l) => l.trim()).join(' ') }, blanks);
      blanks = 0;
      run = [];
    };
    for (let i = 0; i < group.lines.length; i++) {
      const line = group.lines[i] ?? '';
      const next = group.lines[i + 1];
      if (next !== undefined && DASH_UNDERLINE.test(next) && !RULE.test(line) && Math.abs(next.trim().length - line.trim().length) <= 3) {
        flush();
        push({ type: 'heading', text: line.trim() }, blanks);
        blanks = 0;
        i++;
        continue;
      }
      const layout = layoutFlags[i] ?? false;
      if (run.length && layout !== runIsLayout) flush();
      runIsLayout = layout;
      run.push(line);
    }
    flush();
  }
  return blocks;
}

/** The plain text of blocks, for search and snippets. */
export function blocksText(blocks: Block[]): string {
  return blocks
    .map((b) => (b.type === 'list' ? b.items.join('\n') : b.type === 'hast' ? '' : b.text))
    .filter((t) => t !== '')
    .join('\n\n');
}

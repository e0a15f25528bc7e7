/**
 * Small articles written for the pipeline tests (our own text, in the archive's formats), and a
 * helper that lays them out in a temporary content folder.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

export interface ArchiveArticle {
  id: string;
  title: string;
  permalink?: string;
  product?: string;
  modified?: string;
  body?: string;
}

/** An article in the published archive format (permalink with leading slash, raw tags). */
export function archiveArticle(a: ArchiveArticle): string {
  const num = a.id.replace(/\D/g, '').padStart(6, '0');
  const permalink = a.permalink ?? `/kb/${num.slice(0, 3)}/${a.id}/`;
  return [
    '---', 'layout: page', `title: "${a.id}: ${a.title}"`, `permalink: ${permalink}`, '---', '',
    `## ${a.id}: ${a.title}`, '', '{% raw %}', '',
    `\tArticle: ${a.id}`, `\tProduct(s): ${a.product ?? 'Contoso Widget'}`, '\tVersion(s): 1.0', '\tOperating System(s):',
    '\tKeyword(s): kbtest', `\tLast Modified: ${a.modified ?? '01-FEB-1999'}`, '\t',
    '\tSYMPTOMS', '\t========', '\t', `\t${a.body ?? 'The widget stops responding after it starts.'}`, '\t',
    '\tRESOLUTION', '\t==========', '\t', '\tRestart the widget.', '', '{% endraw %}', '',
  ].join('\n');
}

/** Writes `files` (relative path → text or bytes) into a new temp folder and returns it. */
export function contentFolder(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'kb-load-'));
  for (const [rel, text] of Object.entries(files)) {
    const file = path.join(dir, rel);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  return dir;
}

/**
 * Splits a file into front matter data and body, safely.
 *
 * gray-matter does the split, but never with its defaults: by default it evaluates `---js` front
 * matter (CVE-2022-25863 elsewhere), treats an unclosed block as front matter up to the end of the
 * file (swallowing the body), and reports no line numbers. So this module finds the fences itself
 * first (unclosed → the whole file is body; any language but YAML → refused, never run), then
 * hands gray-matter an engine table whose only working engine is our YAML reader: js-yaml's
 * FAILSAFE schema (strings, lists and mappings only: `version: 5.0` stays "5.0"; no custom types)
 * with a small alias limit against "billion laughs". Passing options also keeps gray-matter from
 * caching every file's text in its module-level cache (60,000 articles).
 */
import matter from 'gray-matter';
import { FAILSAFE_SCHEMA, YAMLException, load } from 'js-yaml';
import { readSimpleYaml } from './simple-yaml';

export interface FrontMatterProblem {
  line: number;
  code: 'yaml-syntax' | 'yaml-aliases' | 'front-matter-unclosed' | 'front-matter-language' | 'front-matter-not-mapping';
  message: string;
}

export interface SplitResult {
  /** the front matter mapping (null-prototype object), or null when there is none or it was refused */
  data: Record<string, unknown> | null;
  /** the body lines, without the front matter */
  body: string;
  /** 1-based line in the file where `body` starts */
  bodyLine: number;
  /** the YAML text between the fences ('' when there is none), for locating fields */
  frontMatterText: string;
  problems: FrontMatterProblem[];
  /** true when the file must not become a page (front matter in a language we never run) */
  refused: boolean;
}

/** Legitimate front matter never needs aliases; a few are tolerated, expansion bombs are not. */
const MAX_ALIASES = 8;
const OPEN = /^---([A-Za-z][\w-]*)?[ \t]*$/;
const CLOSE = /^---[ \t]*$/;

/** Any engine but YAML throws: front matter is data, never code. */
const refuse = {
  parse(): never {
    throw new Error('front matter language refused');
  },
};

/** Our YAML reader: the plain `key: value` fast path, else js-yaml FAILSAFE with an alias limit. */
function readYaml(yaml: string): object {
  // gray-matter hands over the text from the end of the opening fence, so it starts with its newline
  const simple = readSimpleYaml(yaml.startsWith('\n') ? yaml.slice(1) : yaml);
  if (simple) return simple;
  return (load(yaml, { schema: FAILSAFE_SCHEMA, maxAliases: MAX_ALIASES }) ?? null) as object;
}

const GRAY_MATTER_OPTIONS = {
  language: 'yaml',
  engines: { yaml: { parse: readYaml }, js: refuse, javascript: refuse, coffee: refuse, coffeescript: refuse, cson: refuse, json: refuse, toml: refuse },
};

/** Copies a YAML mapping into a null-prototype object so `__proto__` keys stay plain data. */
function toSafeRecord(value: unknown): Record<string, unknown> | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null;
  const out: Record<string, unknown> = Object.create(null);
  for (const key of Object.keys(value)) out[key] = (value as Record<string, unknown>)[key];
  return out;
}

/** Splits `text` (LF line ends) into front matter and body; never throws. */
export function splitFrontMatter(text: string): SplitResult {
  const firstEnd = text.indexOf('\n');
  const first = firstEnd === -1 ? text : text.slice(0, firstEnd);
  const open = OPEN.exec(first);
  if (!open) return { data: null, body: text, bodyLine: 1, frontMatterText: '', problems: [], refused: false };

  const language = (open[1] ?? '').toLowerCase();
  if (language && language !== 'yaml' && language !== 'yml') {
    return {
      data: null, body: text, bodyLine: 1, frontMatterText: '', refused: true,
      problems: [{ line: 1, code: 'front-matter-language', message: `front matter in "${open[1]}" is refused: only YAML is read, nothing is ever evaluated` }],
    };
  }

  // walk line starts with indexOf: splitting a large file into lines just to find a fence is wasteful
  let close = -1;
  let closeStart = -1;
  let closeEnd = text.length;
  for (let start = firstEnd + 1, index = 1; firstEnd !== -1 && start <= text.length; index++) {
    const end = text.indexOf('\n', start);
    const line = text.slice(start, end === -1 ? text.length : end);
    if (CLOSE.test(line)) { close = index; closeStart = start; closeEnd = end === -1 ? text.length : end + 1; break; }
    if (end === -1) break;
    start = end + 1;
  }
  if (close === -1) {
    // Keep the whole file as body: a missing fence must not make the article disappear.
    return {
      data: null, body: text, bodyLine: 1, frontMatterText: '', refused: false,
      problems: [{ line: 1, code: 'front-matter-unclosed', message: 'front matter opened with --- on line 1 is never closed; the whole file is read as body' }],
    };
  }

  const yaml = text.slice(firstEnd + 1, Math.max(firstEnd + 1, closeStart - 1));
  const body = text.slice(closeEnd);
  const bodyLine = close + 2;
  if (!yaml.trim()) return { data: Object.create(null), body, bodyLine, frontMatterText: yaml, problems: [], refused: false };
  try {
    // the file up to its closing fence only: gray-matter looks every input up in its cache by the
    // whole text first (hashing the article, ~5 % of a parse thread's time), and stops at the first
    // line starting with --- (at or before this fence), so the data is the same
    const value = matter(text.slice(0, closeEnd), GRAY_MATTER_OPTIONS).data as unknown;
    const data = toSafeRecord(value);
    if (!data) {
      return { data: null, body, bodyLine, frontMatterText: yaml, refused: false, problems: [{ line: 2, code: 'front-matter-not-mapping', message: 'front matter is not a mapping of fields; ignored' }] };
    }
    return { data, body, bodyLine, frontMatterText: yaml, problems: [], refused: false };
  } catch (error) {
    const mark = error instanceof YAMLException ? error.mark : undefined;
    // mark.line is 0-based from the opening fence's own line end (gray-matter keeps that newline): +1 for 1-based.
    const line = mark && typeof mark.line === 'number' ? mark.line + 1 : 2;
    const reason = error instanceof YAMLException ? error.reason : String(error);
    const aliases = /maxAliases/.test(reason);
    return {
      data: null, body, bodyLine, frontMatterText: yaml, refused: false,
      problems: [aliases
        ? { line, code: 'yaml-aliases', message: `front matter refused: more than ${MAX_ALIASES} YAML aliases (possible alias bomb)` }
        : { line, code: 'yaml-syntax', message: `front matter is not valid YAML: ${reason}` }],
    };
  }
}

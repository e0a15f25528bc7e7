/**
 * Front matter as written (RawFrontMatter, validated with zod) → normalized fields.
 * Each field is checked on its own: one bad field gives a warning naming it, the rest is kept.
 */
import { z } from 'zod';

const text = z.union([z.string(), z.number()]).transform((v) => String(v).trim());
const list = z
  .union([z.string(), z.number(), z.array(z.union([z.string(), z.number()]))])
  .transform((v) => (Array.isArray(v) ? v.map((x) => String(x).trim()) : splitList(String(v))).filter((x) => x !== ''));
const words = z
  .union([z.string(), z.array(z.union([z.string(), z.number()]))])
  .transform((v) => (Array.isArray(v) ? v.map((x) => String(x).trim()) : v.split(/[\s,]+/)).filter((x) => x !== ''));
const date = z.union([z.string(), z.date()]).transform((v) => (v instanceof Date ? v.toISOString().slice(0, 10) : v.trim()));

/** The fields we read; anything else in front matter (layout, …) is ignored. */
export const rawFrontMatterSchema = {
  id: text,
  title: text,
  permalink: z.string(),
  products: list,
  versions: list,
  operatingSystems: list,
  keywords: words,
  technology: words,
  appliesTo: list,
  lastModified: date,
} as const;

type Fields = typeof rawFrontMatterSchema;
export type FrontMatter = { [K in keyof Fields]?: z.output<Fields[K]> };

export interface FieldProblem {
  field: string;
  message: string;
}

/** `a, b, c` → [a, b, c]; a single value without commas is one item. */
function splitList(value: string): string[] {
  return value.split(',').map((s) => s.trim());
}

/** Validates each known field of a front matter mapping; bad fields are dropped with a problem. */
export function readFrontMatter(data: Record<string, unknown>): { fields: FrontMatter; problems: FieldProblem[] } {
  const fields: Record<string, unknown> = Object.create(null);
  const problems: FieldProblem[] = [];
  for (const [name, schema] of Object.entries(rawFrontMatterSchema)) {
    if (!Object.hasOwn(data, name)) continue;
    const value = data[name];
    if (value === null || value === undefined) continue;
    const parsed = schema.safeParse(value);
    if (parsed.success) fields[name] = parsed.data;
    else problems.push({ field: name, message: `front matter field "${name}" has the wrong type (${describe(value)}); ignored` });
  }
  return { fields: fields as FrontMatter, problems };
}

function describe(value: unknown): string {
  if (Array.isArray(value)) return 'a list of other things';
  return value === null ? 'null' : typeof value === 'object' ? 'a mapping' : typeof value;
}

/** Finds the 1-based file line of a top-level front matter key (front matter starts on line 2). */
export function fieldLine(frontMatterText: string, field: string): number {
  const lines = frontMatterText.split('\n');
  const index = lines.findIndex((l) => l.startsWith(`${field}:`) || l.startsWith(`"${field}":`) || l.startsWith(`'${field}':`));
  return index === -1 ? 1 : index + 2;
}

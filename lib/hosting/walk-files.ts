/**
 * Lists every file under a folder (the export), relative paths with `/`, sorted: one walker for the
 * offline manifest, the offline copy and the link checker.
 */
import { readdirSync } from 'node:fs';
import path from 'node:path';

/**
 * All files below `dir`, as sorted relative paths with `/` separators. A plain walk, one readdirSync
 * per folder: `fs.promises.readdir({ recursive: true })` took 9.5 s over the archive's export (72,580
 * files in 62,000 folders) where this takes 0.7 s.
 */
export async function listFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  const pending = [''];
  while (pending.length > 0) {
    const rel = pending.pop() as string;
    for (const entry of readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const name = rel ? `${rel}/${entry.name}` : entry.name;
      if (entry.isDirectory()) pending.push(name);
      else if (entry.isFile()) files.push(name);
    }
  }
  return files.sort();
}

/**
 * Lists every file under a folder (the export), relative paths with `/`, sorted: one walker for the
 * offline manifest, the offline copy and the link checker.
 */
import { readdir } from 'node:fs/promises';
import path from 'node:path';

/** All files below `dir`, as sorted relative paths with `/` separators. */
export async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const files: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    // Node 20 names the folder `parentPath` (older 20.x: `path`)
    const parent = (entry as { parentPath?: string; path?: string }).parentPath ?? (entry as { path?: string }).path ?? dir;
    files.push(path.relative(dir, path.join(parent, entry.name)).split(path.sep).join('/'));
  }
  return files.sort();
}

/**
 * Imports a module other parts of the project provide, or returns null while it does not exist yet,
 * so the build can say "skipped: X not available" instead of failing. Any other import error (a bug
 * inside the module) still throws.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const repoRoot = path.resolve(import.meta.dirname, '..', '..');

/** Imports `<repo>/<relative>.ts` when the file exists, else null. */
export async function importOptional<T>(relative: string): Promise<T | null> {
  const file = path.join(repoRoot, `${relative}.ts`);
  if (!existsSync(file)) return null;
  return (await import(pathToFileURL(file).href)) as T;
}

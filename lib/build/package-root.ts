/** The package's own folder, found from a module's folder (works from the sources and from the bundled CLI in dist/). */
import { existsSync } from 'node:fs';
import path from 'node:path';

/** The nearest folder at or above `from` holding package.json. */
export function packageRoot(from: string): string {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '..', '..');
  }
}

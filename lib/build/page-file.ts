/** Where the export keeps a static page. */
import path from 'node:path';

/** The file a site path is exported to: `/kb/155/Q155738/` → `<outDir>/kb/155/Q155738/index.html`. */
export function pageFile(outDir: string, sitePath: string): string {
  return path.join(outDir, ...sitePath.split('/').filter(Boolean), 'index.html');
}

/** The same file relative to outDir, with `/`: `/kb/155/Q155738/` → `kb/155/Q155738/index.html`. */
export function pageFileName(sitePath: string): string {
  return [...sitePath.split('/').filter(Boolean), 'index.html'].join('/');
}

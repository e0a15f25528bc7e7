/**
 * Reads index files from a folder (server side: the CLI and tests). The browser passes fetch instead.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { LoadFile } from './query';

/** A LoadFile over `dir` that counts what it read (bytes per query for the bench). */
export function fileLoader(dir: string): LoadFile & { bytesRead: number; filesRead: string[] } {
  const loader = Object.assign(
    async (name: string): Promise<unknown> => {
      const file = path.join(dir, name);
      const text = await readFile(file, 'utf8').catch((error: unknown) => {
        throw new Error(`search index: cannot read ${file}: ${error instanceof Error ? error.message : String(error)}`);
      });
      loader.bytesRead += Buffer.byteLength(text);
      loader.filesRead.push(name);
      return JSON.parse(text) as unknown;
    },
    { bytesRead: 0, filesRead: [] as string[] },
  );
  return loader;
}

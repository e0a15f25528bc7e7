/**
 * An append-only pack: texts written one after another into one file, each at a known byte offset
 * (the store's articles.pack, the record cache's records-*.pack). One file, not one per article:
 * creating and deleting 60,000 small files cost tens of seconds a build on this kind of disk.
 */
import { closeSync, fstatSync, openSync, writeSync } from 'node:fs';

export interface PackWriter {
  /** appends the bytes; returns [offset, length] where they are in the file */
  append(bytes: Buffer): [number, number];
  /** writes what is buffered and closes the file (again: nothing) */
  close(): void;
}

/**
 * Starts a pack at `file`: truncated, or with `append` kept and written on after its last byte (what
 * is there keeps its offsets). Writes go out in ~4 MB pieces.
 */
export function createPackWriter(file: string, { append = false }: { append?: boolean } = {}): PackWriter {
  const fd = openSync(file, append ? 'a' : 'w');
  let offset = append ? fstatSync(fd).size : 0;
  let chunk: Buffer[] = [];
  let chunkBytes = 0;
  let closed = false;
  const flush = (): void => {
    if (chunkBytes === 0) return;
    const data = Buffer.concat(chunk, chunkBytes);
    for (let done = 0; done < data.length;) done += writeSync(fd, data, done);
    chunk = [];
    chunkBytes = 0;
  };
  return {
    append(bytes) {
      const at: [number, number] = [offset, bytes.length];
      offset += bytes.length;
      chunk.push(bytes);
      chunkBytes += bytes.length;
      if (chunkBytes >= 4 << 20) flush();
      return at;
    },
    close() {
      if (closed) return;
      flush();
      closed = true;
      closeSync(fd);
    },
  };
}

/** Whether a process with this pid still runs (a writer whose leftovers must be kept). */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

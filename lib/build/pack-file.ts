/**
 * An append-only pack: texts written one after another into one file, each at a known byte offset
 * (the store's articles.pack, the record cache's records-*.pack). One file, not one per article:
 * creating and deleting 60,000 small files cost tens of seconds a build on this kind of disk.
 */
import { closeSync, fstatSync, openSync, writeSync } from 'node:fs';

export interface PackWriter {
  /** appends the bytes (copied: the caller may reuse them); returns [offset, length] where they are in the file */
  append(bytes: Uint8Array): [number, number];
  /** appends a text as UTF-8; returns [offset, length] where its bytes are in the file */
  appendText(text: string): [number, number];
  /** writes what is buffered and closes the file (again: nothing) */
  close(): void;
}

/** Bytes buffered before a write. */
const CHUNK = 4 << 20;

/**
 * Starts a pack at `file`: truncated, or with `append` kept and written on after its last byte (what
 * is there keeps its offsets). Appends are copied into one 4 MB buffer, written out when full: no
 * allocation per append (at 60,000 records and payloads, the small buffers held until a write
 * raised a cold build's peak memory).
 */
export function createPackWriter(file: string, { append = false }: { append?: boolean } = {}): PackWriter {
  const fd = openSync(file, append ? 'a' : 'w');
  let offset = append ? fstatSync(fd).size : 0;
  const chunk = Buffer.allocUnsafe(CHUNK);
  let used = 0;
  let closed = false;
  const flush = (): void => {
    for (let done = 0; done < used;) done += writeSync(fd, chunk, done, used - done);
    used = 0;
  };
  const write = (bytes: Uint8Array): void => {
    if (used + bytes.length > CHUNK) flush();
    if (bytes.length > CHUNK) {
      for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done, bytes.length - done);
      return;
    }
    chunk.set(bytes, used);
    used += bytes.length;
  };
  return {
    append(bytes) {
      const at: [number, number] = [offset, bytes.length];
      offset += bytes.length;
      write(bytes);
      return at;
    },
    appendText(text) {
      const length = Buffer.byteLength(text);
      const at: [number, number] = [offset, length];
      offset += length;
      if (used + length > CHUNK) flush();
      if (length > CHUNK) write(Buffer.from(text));
      else used += chunk.write(text, used);
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

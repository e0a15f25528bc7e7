/**
 * Reads many places of a file, in the order given, with few large positioned reads: places that follow
 * each other closely are read in one piece (the gaps between them too), so that 60,000 places of a pack
 * cost about a hundred reads, not 60,000. A warm build's load reads the hit payloads of the record
 * cache's pack this way (load.ts): they lie in path order, each after its record.
 */
import { closeSync, openSync, readSync } from 'node:fs';

/** Bytes read at most in one piece (unless one place is longer). */
const WINDOW = 4 << 20;
/** Bytes between two places read through rather than skipped with a read of their own. */
const MAX_GAP = 64 << 10;

export interface PackReadAhead {
  /**
   * the bytes of the next place, at a 4-byte boundary of their buffer; a view that the next call
   * overwrites (copy what is kept). Throws when the file is shorter than the place.
   */
  next(): Uint8Array;
  close(): void;
}

/** Reads `places` ([offset, length] each) of `file` one after another (next()). */
export function readAhead(file: string, places: readonly (readonly [number, number])[]): PackReadAhead {
  const fd = openSync(file, 'r');
  let window = Buffer.allocUnsafeSlow(WINDOW);
  // file offset of window[0] and how many bytes of it were read
  let windowStart = 0;
  let windowLength = 0;
  // for a place at an offset that is not a multiple of 4 in the window
  let aligned = Buffer.allocUnsafeSlow(64 << 10);
  let at = 0;
  /** Reads the run of places from `first` that fit one window, in order and close together. */
  const fill = (first: number): void => {
    const [start, length] = places[first]!;
    let end = start + length;
    for (let i = first + 1; i < places.length; i++) {
      const [offset, size] = places[i]!;
      if (offset < end || offset - end > MAX_GAP || offset + size - start > WINDOW) break;
      end = offset + size;
    }
    if (end - start > window.length) window = Buffer.allocUnsafeSlow(end - start);
    windowStart = start;
    windowLength = 0;
    while (windowLength < end - start) {
      const n = readSync(fd, window, windowLength, end - start - windowLength, start + windowLength);
      if (n === 0) throw new Error(`${file} is cut short: ${end - start} bytes at ${start} asked for, ${windowLength} there`);
      windowLength += n;
    }
  };
  return {
    next() {
      const place = places[at];
      if (!place) throw new Error(`readAhead: all ${places.length} places of ${file} have been read`);
      const [offset, length] = place;
      if (offset < windowStart || offset + length > windowStart + windowLength) fill(at);
      at++;
      const from = offset - windowStart;
      if (from % 4 === 0) return window.subarray(from, from + length);
      if (aligned.length < length) aligned = Buffer.allocUnsafeSlow(Math.max(length, aligned.length * 2));
      window.copy(aligned, 0, from, from + length);
      return aligned.subarray(0, length);
    },
    close() {
      closeSync(fd);
    },
  };
}

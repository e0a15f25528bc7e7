/**
 * Next's static-page workers (child processes) do not take a heap cap: Next strips
 * `--max-old-space-size` from their options. Left alone, V8 lets each worker's heap grow with the
 * garbage of the pages it renders (600-750 MB each over the whole archive), and two workers then
 * bring the build past 2 GB. The build runs next with `--expose-gc`, which Next passes on, and the
 * route handler calls this once per page: every `every` pages it runs a full collection (about
 * 100 ms), which keeps a worker near 300-400 MB. Without `--expose-gc` (next dev, tests) it does nothing.
 */
let pages = 0;

/** Counts a rendered page; runs a full garbage collection every `every` pages when the build exposed gc. */
export function pageRendered(every = 2000): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc === 'function' && ++pages % every === 0) gc();
}

/**
 * Full garbage collections between pages, for the processes and threads that draw many of them.
 *
 * Next's static-page workers (child processes) do not take a heap cap: Next strips
 * `--max-old-space-size` from their options. Left alone, V8 lets each worker's heap grow with the
 * garbage of the pages it renders (600-750 MB each over the whole archive), and two workers then
 * bring the build past 2 GB. The build runs next with `--expose-gc`, which Next passes on, and the
 * route handler calls pageRendered once per page: every `every` pages it runs a full collection
 * (about 100 ms), which keeps a worker near 300-400 MB. Without `--expose-gc` (next dev, tests) it
 * does nothing. exposedGc gives the collection to code that runs without the flag (the build's
 * processes: scripts/build-steps.ts).
 */
import v8 from 'node:v8';
import vm from 'node:vm';

let pages = 0;

/** Counts a rendered page; runs a full garbage collection every `every` pages when the build exposed gc. */
export function pageRendered(every = 2000): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (typeof gc === 'function' && ++pages % every === 0) gc();
}

/** V8's full collection for this thread, whatever its flags (the flag is set, and a new context has the function). */
export function exposedGc(): () => void {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
}

/**
 * The similar articles computed on a thread of the parse worker's bundle (load-worker.ts), so that the
 * build's main thread goes on meanwhile (with its search index step): ~2 s of the archive's rebuild.
 */
import { Worker } from 'node:worker_threads';
import type { SimilarInput } from '../related/similar';
import { youngGeneration } from './load-parse-pool';
import { similarWithMemo, type SimilarDone, type SimilarMemoFile } from './similar-memo';

/** A thread started ahead of its input (startSimilarThread). */
export interface SimilarThread {
  /** the similar articles of `input` on the thread (once: it ends after), with the memo of the last build's when there is one (similar-memo.ts) */
  run(input: SimilarInput, memo: SimilarMemoFile | null): Promise<SimilarDone>;
  /** ends the thread unused */
  cancel(): void;
}

/**
 * Starts a thread of the bundle `entry` for the similar articles before their input is known: its
 * modules load (~0.3 s on a busy core) while the build loads the content. `run` computes them in this
 * thread when there is no bundle.
 */
export function startSimilarThread(entry: string | null): SimilarThread {
  if (!entry) return { run: (input, memo) => Promise.resolve(similarWithMemo(input, memo)), cancel: () => undefined };
  const worker = new Worker(entry, { workerData: {}, resourceLimits: youngGeneration() });
  // an error before run() is reported by run(); cancel() ends the thread without a word
  let failed: Error | null = null;
  worker.on('error', (error) => { failed = error; });
  worker.on('exit', (code) => { failed ??= new Error(`the similar-articles thread exited with code ${code}`); });
  worker.unref();
  return {
    run(input, memo) {
      worker.ref();
      return new Promise<SimilarDone>((resolve, reject) => {
        if (failed) { reject(failed); return; }
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`the similar-articles thread exited with code ${code}`)));
        const { groups, starts, terms, titles } = input;
        worker.postMessage({ similar: input, memo }, [groups.buffer, starts.buffer, terms.buffer, titles.buffer] as ArrayBuffer[]);
      }).finally(() => worker.terminate());
    },
    cancel: () => { void worker.terminate(); },
  };
}

/** The similar articles of `input` on a new thread of the bundle `entry` (in this thread when there is none). */
export function similarOnThread(entry: string | null, input: SimilarInput, memo: SimilarMemoFile | null = null): Promise<SimilarDone> {
  return startSimilarThread(entry).run(input, memo);
}

/**
 * A thread of the parse worker's bundle (load-worker.ts) started ahead of the one job it will do: its
 * modules load while the build loads the content, and the job then runs beside the build's main
 * thread (the similar articles: similar-thread.ts; the search index step: index-thread.ts).
 */
import { Worker } from 'node:worker_threads';
import { youngGeneration } from './load-parse-pool';

export interface ThreadAhead<T> {
  /** posts the job (its buffers moved: `transfer`) and gives the thread's one answer; the thread ends after */
  run(message: unknown, transfer?: ArrayBuffer[]): Promise<T>;
  /** ends the thread unused */
  cancel(): void;
}

/** Starts a thread of the bundle `entry` that waits for its job (ThreadAhead.run). `what` names it in errors. */
export function startThreadAhead<T>(entry: string, what: string): ThreadAhead<T> {
  const worker = new Worker(entry, { workerData: {}, resourceLimits: youngGeneration() });
  // an error before run() is reported by run(); cancel() ends the thread without a word
  let failed: Error | null = null;
  worker.on('error', (error) => { failed = error; });
  worker.on('exit', (code) => { failed ??= new Error(`the ${what} thread exited with code ${code}`); });
  worker.unref();
  return {
    run(message, transfer = []) {
      worker.ref();
      return new Promise<T>((resolve, reject) => {
        if (failed) { reject(failed); return; }
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`the ${what} thread exited with code ${code}`)));
        worker.postMessage(message, transfer);
      }).finally(() => worker.terminate());
    },
    cancel: () => { void worker.terminate(); },
  };
}

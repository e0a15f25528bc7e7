/**
 * The search index's term and pair files made on worker threads (the parse worker's bundle, which also
 * runs lib/search/export-shard.ts): during the index step the build's one thread fed FlexSearch file
 * after file while the other core idled. Each thread takes the next file when it is done with one; the
 * index builder writes them in order (FinishOptions.exporter).
 */
import { Worker } from 'node:worker_threads';
import type { ShardExporter } from '../search/build-index';
import type { PairFileNote, PairJob, ShardPayload } from '../search/export-shard';
import { youngGeneration } from './load-parse-pool';

export interface ShardExportPool extends ShardExporter {
  exportPairs(job: PairJob): Promise<{ text: string; note: PairFileNote }>;
  close(): Promise<void>;
}

/** A file for a thread: the message (load-worker.ts reads `shard` or `pairs`) and the buffers it hands over. */
interface Job {
  message: { shard: ShardPayload } | { pairs: PairJob };
  transfer: ArrayBuffer[];
  resolve(result: unknown): void;
  reject(error: Error): void;
}

/** `threads` workers of the bundled parse worker `entry` (worker-build.ts parseWorker). */
export function createShardExportPool(entry: string, threads: number): ShardExportPool {
  const idle: Worker[] = [];
  const all: Worker[] = [];
  const waiting: Job[] = [];
  const run = (worker: Worker): void => {
    const job = waiting.shift();
    if (!job) { idle.push(worker); return; }
    const onMessage = (result: unknown): void => { done(); job.resolve(result); run(worker); };
    const onError = (error: Error): void => { done(); job.reject(error); };
    const onExit = (code: number): void => { done(); job.reject(new Error(`index worker exited with code ${code}`)); };
    const done = (): void => { worker.off('message', onMessage); worker.off('error', onError); worker.off('exit', onExit); };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    worker.postMessage(job.message, job.transfer);
  };
  // the threads start with the first file asked for: a rebuild that makes no file (or makes its
  // few on the main thread: `minimum`) starts none
  const start = (): void => {
    if (all.length > 0) return;
    for (let i = 0; i < threads; i++) {
      const worker = new Worker(entry, { workerData: { cacheDir: null, fingerprint: '' }, resourceLimits: youngGeneration() });
      all.push(worker);
      idle.push(worker);
    }
  };
  const submit = <T>(message: Job['message'], transfer: ArrayBuffer[]): Promise<T> => {
    start();
    return new Promise<T>((resolve, reject) => {
      waiting.push({ message, transfer, resolve: resolve as (result: unknown) => void, reject });
      const worker = idle.pop();
      if (worker) run(worker);
    });
  };
  return {
    // two files in hand per thread: one being made, one waiting
    ahead: threads * 2,
    // starting a thread takes ~0.5 s of a core (loading the bundle), making a term file ~5 ms: for
    // fewer files than this the index builder makes them itself
    minimum: 100,
    start,
    export(shard) {
      const { title, lead, rest } = shard;
      return submit<string>({ shard }, [title, lead, rest].flatMap((f) => [f.counts.buffer, f.docs.buffer]) as ArrayBuffer[]);
    },
    exportPairs(job) {
      return submit<{ text: string; note: PairFileNote }>({ pairs: job }, [job.hashes.buffer, job.docs.buffer] as ArrayBuffer[]);
    },
    async close() {
      await Promise.all(all.map((w) => w.terminate()));
    },
  };
}

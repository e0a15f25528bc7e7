/**
 * The search index's term files made on worker threads (the parse worker's bundle, which also runs
 * lib/search/export-shard.ts): during the index step the build's one thread fed FlexSearch file after
 * file while the other core idled. Each thread takes the next file when it is done with one; the
 * index builder writes them in order (BuildOptions.exporter).
 */
import { Worker } from 'node:worker_threads';
import type { ShardExporter } from '../search/build-index';
import type { ShardPayload } from '../search/export-shard';
import { youngGeneration } from './load-parse-pool';

export interface ShardExportPool extends ShardExporter {
  close(): Promise<void>;
}

/** `threads` workers of the bundled parse worker `entry` (worker-build.ts parseWorker). */
export function createShardExportPool(entry: string, threads: number): ShardExportPool {
  const idle: Worker[] = [];
  const all: Worker[] = [];
  const waiting: { shard: ShardPayload; resolve(text: string): void; reject(error: Error): void }[] = [];
  const run = (worker: Worker): void => {
    const job = waiting.shift();
    if (!job) { idle.push(worker); return; }
    const onMessage = (text: string): void => { done(); job.resolve(text); run(worker); };
    const onError = (error: Error): void => { done(); job.reject(error); };
    const onExit = (code: number): void => { done(); job.reject(new Error(`index worker exited with code ${code}`)); };
    const done = (): void => { worker.off('message', onMessage); worker.off('error', onError); worker.off('exit', onExit); };
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
    const { title, lead, rest } = job.shard;
    worker.postMessage({ shard: job.shard }, [title, lead, rest].flatMap((f) => [f.counts.buffer, f.docs.buffer]) as ArrayBuffer[]);
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
  return {
    // two files in hand per thread: one being made, one waiting
    ahead: threads * 2,
    // starting a thread takes ~0.5 s of a core (loading the bundle), making a term file ~5 ms: for
    // fewer files than this the index builder makes them itself
    minimum: 100,
    start,
    export(shard) {
      start();
      return new Promise((resolve, reject) => {
        waiting.push({ shard, resolve, reject });
        const worker = idle.pop();
        if (worker) run(worker);
      });
    },
    async close() {
      await Promise.all(all.map((w) => w.terminate()));
    },
  };
}

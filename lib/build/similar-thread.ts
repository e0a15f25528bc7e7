/**
 * The similar articles computed on a thread of the parse worker's bundle (load-worker.ts), so that the
 * build's main thread goes on meanwhile (with its search index step): ~2 s of the archive's rebuild.
 */
import { Worker } from 'node:worker_threads';
import { similarOfInput, type SimilarInput } from '../related/similar';
import { youngGeneration } from './load-parse-pool';

/** The similar articles of `input` on a new thread of the bundle `entry` (in this thread when there is none). */
export function similarOnThread(entry: string | null, input: SimilarInput): Promise<Record<string, string[]>> {
  if (!entry) return Promise.resolve(similarOfInput(input));
  const worker = new Worker(entry, { workerData: {}, resourceLimits: youngGeneration() });
  return new Promise<Record<string, string[]>>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the similar-articles thread exited with code ${code}`)));
    const { groups, starts, terms, titles } = input;
    worker.postMessage({ similar: input }, [groups.buffer, starts.buffer, terms.buffer, titles.buffer] as ArrayBuffer[]);
  }).finally(() => worker.terminate());
}

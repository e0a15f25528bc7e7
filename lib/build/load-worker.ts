/**
 * Worker-thread entry: parses batches of files sent by load-parse-pool and posts the results back.
 * Runs TypeScript through tsx (the pool starts it with `--import tsx`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseOne, type ParseJob, type ParseSettings } from './load-parse-one';

const settings = workerData as ParseSettings;

parentPort?.on('message', (batch: ParseJob[]) => {
  parentPort?.postMessage(batch.map((job) => parseOne(job, settings)));
});

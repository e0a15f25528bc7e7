/**
 * Worker-thread entry: parses batches of files sent by load-parse-pool and posts the results back;
 * also makes search-index term and pair files for the build's index step (shard-export.ts), and the similar
 * articles beside it (similar-thread.ts), the same bundle.
 * Runs TypeScript through tsx (the pool starts it with `--import tsx`).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { parseOne, type ParseJob, type ParseSettings } from './load-parse-one';
import { exportPairShard, exportShard, type PairJob, type ShardPayload } from '../search/export-shard';
import type { SimilarInput } from '../related/similar';
import { similarWithMemo, type SimilarMemoFile } from './similar-memo';

const settings = workerData as ParseSettings;

parentPort?.on('message', (message: ParseJob[] | { shard: ShardPayload } | { pairs: PairJob } | { similar: SimilarInput; memo: SimilarMemoFile | null }) => {
  if (Array.isArray(message)) {
    parentPort?.postMessage(message.map((job) => parseOne(job, settings)));
    return;
  }
  if ('similar' in message) {
    parentPort?.postMessage(similarWithMemo(message.similar, message.memo));
    return;
  }
  if ('pairs' in message) {
    parentPort?.postMessage(exportPairShard(message.pairs));
    return;
  }
  exportShard(message.shard).then((text) => parentPort?.postMessage(text), (error: unknown) => { throw error; });
});

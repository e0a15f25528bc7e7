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
import { finishIndex, type IndexJob } from './index-thread';
import type { SearchIndexState } from '../search/build-index';

const settings = workerData as ParseSettings;

type Message = ParseJob[] | { shard: ShardPayload } | { pairs: PairJob } | { similar: SimilarInput; memo: SimilarMemoFile | null } | { index: SearchIndexState; job: IndexJob };

parentPort?.on('message', (message: Message) => {
  if (Array.isArray(message)) {
    parentPort?.postMessage(message.map((job) => parseOne(job, settings)));
    return;
  }
  if ('similar' in message) {
    parentPort?.postMessage(similarWithMemo(message.similar, message.memo));
    return;
  }
  if ('index' in message) {
    // a failure is the answer (its message), so that the build reports it as the index step's
    finishIndex(message.index, message.job).then((done) => parentPort?.postMessage(done), (error: unknown) => parentPort?.postMessage({ failed: error instanceof Error ? error.message : String(error) }));
    return;
  }
  if ('pairs' in message) {
    parentPort?.postMessage(exportPairShard(message.pairs));
    return;
  }
  exportShard(message.shard).then((text) => parentPort?.postMessage(text), (error: unknown) => { throw error; });
});


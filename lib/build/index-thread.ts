/**
 * The search index step of a rebuild on a thread of its own (thread-ahead.ts), beside the site data
 * and the store on the build's main thread: the builder's articles cross to it once the load is done
 * (SearchIndexBuilder.detach: the postings' buffers are moved, not copied), and it writes the index
 * files there, with export threads of its own for the term and pair files it makes. A cold build keeps
 * the step on its main thread, after the store: beside it, the peak of its memory would grow.
 */
import { createSearchIndexBuilder, type IndexReuse, type SearchIndexState } from '../search/build-index';
import { exposedGc } from '../render/collect-garbage';
import { createShardExportPool } from './shard-export';
import { startThreadAhead } from './thread-ahead';

/** What the index step needs besides the builder's articles. */
export interface IndexJob {
  outDir: string;
  /** the parse worker's bundle: the export threads run it */
  entry: string;
  /** export threads (0: the files are made on the index thread) */
  threads: number;
  reuse: IndexReuse;
}

/** What the index step wrote (SearchIndexBuilder.finish). */
export interface IndexDone {
  files: number;
  bytes: number;
  written: number;
  made: number;
}

export interface IndexThread {
  /** finishes the index of `detached` on the thread (once: it ends after) */
  run(detached: { state: SearchIndexState; transfer: ArrayBuffer[] }, job: IndexJob): Promise<IndexDone>;
  cancel(): void;
}

/** Starts the index thread ahead of its articles (a thread of the parse worker's bundle `entry`). */
export function startIndexThread(entry: string): IndexThread {
  const thread = startThreadAhead<IndexDone | { failed: string }>(entry, 'search index');
  return {
    async run({ state, transfer }, job) {
      const done = await thread.run({ index: state, job }, transfer);
      if ('failed' in done) throw new Error(done.failed);
      return done;
    },
    cancel: () => thread.cancel(),
  };
}

/** On the index thread: the index of `state` written as the build's main thread would (scripts/build-prepare.ts). */
export async function finishIndex(state: SearchIndexState, job: IndexJob): Promise<IndexDone> {
  const builder = createSearchIndexBuilder({}, state);
  const exporter = job.threads > 0 ? createShardExportPool(job.entry, job.threads) : null;
  try {
    return await builder.finish(job.outDir, { exporter: exporter ?? undefined, collect: exposedGc(), reuse: job.reuse });
  } finally {
    await exporter?.close();
  }
}

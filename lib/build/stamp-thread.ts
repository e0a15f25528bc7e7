/**
 * The stamp of a folder taken on a thread of its own (stamp-worker.ts): the build stamps out/ (its
 * 130,000 files and folders for the whole archive: ~2 s of stats) while its main thread walks the
 * content, instead of after it. A build with nothing to do needs both and nothing else.
 */
import { Worker } from 'node:worker_threads';
import { pathStamp } from './build-state';
import { FolderListings } from './folder-listings';
import { STAMP_WORKER, worker } from './worker-build';

/** What the thread stamps: `target` (resolved), with the listings kept in `listings` (FolderListings). */
export interface StampJob {
  target: string;
  listings: string;
}

/**
 * The stamp of `job.target` (pathStamp with its listings, which are saved after), taken on a thread
 * when the worker can be bundled, else here once this thread is free.
 */
export async function stampOnThread(root: string, job: StampJob): Promise<string> {
  const here = (): string => {
    const listings = new FolderListings(job.listings, job.target);
    const stamp = pathStamp(job.target, { listings });
    listings.save();
    return stamp;
  };
  const bundle = await worker(root, STAMP_WORKER).catch(() => null);
  if (!bundle?.file) return here();
  const thread = new Worker(bundle.file, { workerData: job });
  return new Promise<string>((resolve, reject) => {
    thread.once('message', resolve);
    thread.once('error', reject);
    thread.once('exit', (code) => reject(new Error(`the stamp thread exited with code ${code}`)));
  }).finally(() => thread.terminate());
}

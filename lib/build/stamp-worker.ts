/**
 * Worker-thread entry: the stamp of one folder (build-state.ts pathStamp) with its folder listings
 * (folder-listings.ts), saved after; posts the stamp. The build stamps out/ on it while its main
 * thread walks the content (stamp-thread.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { pathStamp } from './build-state';
import { FolderListings } from './folder-listings';
import type { StampJob } from './stamp-thread';

const job = workerData as StampJob;
const listings = new FolderListings(job.listings, job.target);
const stamp = pathStamp(job.target, { listings });
listings.save();
parentPort?.postMessage(stamp);

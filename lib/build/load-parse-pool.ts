/**
 * Parses many files on worker threads (one per core) and hands the outcomes back in input order,
 * so that dedupe ("the first in path order wins") and the store never depend on thread timing.
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { ParseJob, ParseOutcome, ParseSettings } from './load-parse-one';

/** Files to parse per message: large enough to amortize messaging, small enough to keep both threads busy. */
const BATCH = 32;
/**
 * A file whose cache key is known (ParseJob.key: a hit, its payload read and sent) costs a small part
 * of a parse: up to this many go in a message in place of one parsed file. Fewer messages: each wakes
 * a thread, and on two cores the waking thread often waits for its core back.
 */
const KNOWN_PER_PARSE = 8;
/** Outcomes waiting for an earlier one before dispatch pauses (bounds memory if one batch is slow). */
const MAX_BUFFERED = BATCH * KNOWN_PER_PARSE * 8;

/** Where the batch starting at `from` ends (exclusive): BATCH files to parse, known files counted as 1/KNOWN_PER_PARSE. */
function batchEnd(jobs: readonly ParseJob[], from: number): number {
  let units = 0;
  let end = from;
  while (end < jobs.length && units < BATCH * KNOWN_PER_PARSE) units += jobs[end++]!.key ? 1 : KNOWN_PER_PARSE;
  return end;
}

/**
 * Fallback worker boot through tsx's API (when esbuild is absent): on Node 20 an `--import tsx` in a
 * worker's execArgv does not reach the worker's own entry module; registering from inside it does.
 */
function tsxAvailable(): boolean {
  try { import.meta.resolve('tsx/esm/api'); return true; } catch { return false; }
}

function tsxBoot(): string {
  return `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))})
  .then((tsx) => { tsx.register(); return import(${JSON.stringify(new URL('./load-worker.ts', import.meta.url).href)}); })
  .catch((error) => { console.error(error); process.exit(1); });`;
}

/**
 * The young generation of a worker's heap, MB (KB_WORKER_YOUNG_MB; default 48). Parsing and drawing pages make short-lived
 * garbage at a great rate; V8's default young generation fills many times a second, and each scavenge
 * moves what is live at the moment to the old generation, to be collected again there.
 */
export function youngGeneration(): { maxYoungGenerationSizeMb: number } | undefined {
  const mb = Number(process.env.KB_WORKER_YOUNG_MB ?? 48);
  return mb > 0 ? { maxYoungGenerationSizeMb: mb } : undefined;
}

/** Default thread count: every core (the main thread mostly writes files meanwhile). */
export function defaultWorkerCount(files: number): number {
  // starting a tsx worker costs ~0.3 s: not worth it for a handful of files
  return files < 200 ? 0 : Math.max(1, availableParallelism());
}

/**
 * Jobs the caller answers on this thread without the parser (load.ts: a hit whose payload it reads
 * from the pack itself), in job order, each between the outcomes of the jobs around it.
 */
export interface AnsweredHere {
  /** whether this thread answers the job (asked once per job, before any is dispatched) */
  takes(job: ParseJob): boolean;
  /** the job's outcome (asked in job order, only for jobs it takes) */
  outcome(job: ParseJob): ParseOutcome;
}

/**
 * Parses `jobs` (0 workers = in this thread) and calls onOutcome in job order; returns the threads used.
 * The jobs `here` takes are answered on this thread and never sent: with none left, no thread starts.
 */
export async function parseInOrder(
  jobs: ParseJob[],
  settings: ParseSettings,
  { workers, entry }: { workers: number; /** the bundled worker (worker-build.ts), else null: tsx runs the sources */ entry: string | null },
  onOutcome: (outcome: ParseOutcome, job: ParseJob) => void,
  here?: AnsweredHere,
): Promise<number> {
  const takenHere = new Uint8Array(jobs.length);
  const toParse = here ? jobs.filter((job, i) => !(takenHere[i] = here.takes(job) ? 1 : 0)) : jobs;
  if (toParse.length === 0 || workers <= 0 || (!entry && !tsxAvailable())) {
    // the parser (remark, gray-matter, zod: ~0.4 s of module loading) loads only when this thread parses
    const parseOne = toParse.length > 0 ? (await import('./load-parse-one')).parseOne : null;
    jobs.forEach((job, i) => onOutcome(takenHere[i] ? (here as AnsweredHere).outcome(job) : (parseOne as NonNullable<typeof parseOne>)(job, settings), job));
    return 0;
  }
  const buffered = new Map<number, ParseOutcome>();
  let nextOut = 0;
  // the next of toParse to dispatch
  let cursor = 0;
  const threads: Worker[] = [];
  const idle: Worker[] = [];

  await new Promise<void>((resolve, reject) => {
    let failed = false;
    const fail = (error: Error): void => {
      if (failed) return;
      failed = true;
      reject(error);
    };
    const dispatch = (): void => {
      while (idle.length > 0 && cursor < toParse.length && buffered.size < MAX_BUFFERED) {
        const worker = idle.pop() as Worker;
        const end = batchEnd(toParse, cursor);
        worker.postMessage(toParse.slice(cursor, end));
        cursor = end;
      }
    };
    /** Hands out every outcome that is next in job order: those answered here, those the threads sent. */
    const drain = (): void => {
      while (nextOut < jobs.length) {
        const job = jobs[nextOut] as ParseJob;
        let out: ParseOutcome | undefined;
        if (takenHere[nextOut]) {
          out = (here as AnsweredHere).outcome(job);
        } else {
          out = buffered.get(job.index);
          if (!out) return;
          buffered.delete(job.index);
        }
        onOutcome(out, job);
        nextOut++;
      }
    };
    for (let i = 0; i < Math.min(workers, Math.ceil(toParse.length / BATCH)); i++) {
      const options = { workerData: settings, resourceLimits: youngGeneration() };
      const worker = entry ? new Worker(entry, options) : new Worker(tsxBoot(), { eval: true, ...options });
      worker.on('message', (outcomes: ParseOutcome[]) => {
        for (const outcome of outcomes) buffered.set(outcome.index, outcome);
        idle.push(worker);
        dispatch(); // hand out the next batch first: the worker parses while this thread drains
        try { drain(); } catch (error) { fail(error instanceof Error ? error : new Error(String(error))); return; }
        if (nextOut >= jobs.length) resolve();
        else dispatch();
      });
      worker.on('error', fail);
      worker.on('exit', (code) => { if (code !== 0 && nextOut < jobs.length) fail(new Error(`parse worker exited with code ${code}`)); });
      threads.push(worker);
      idle.push(worker);
    }
    dispatch();
    // the outcomes answered here before the first job sent (the threads parse meanwhile)
    try { drain(); } catch (error) { fail(error instanceof Error ? error : new Error(String(error))); return; }
    if (nextOut >= jobs.length) resolve();
  }).finally(async () => {
    await Promise.all(threads.map((t) => t.terminate()));
  });
  return threads.length;
}

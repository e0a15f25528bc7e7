/**
 * Peak memory of a whole process tree (the build spawns next build, which spawns workers): every
 * 100 ms, find the root's descendants through /proc/<pid>/stat and sum their VmRSS. Linux only;
 * elsewhere it reports null rather than a wrong number.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';

export interface MemorySampler {
  /** stops sampling; returns the peak sum of RSS in bytes (null when /proc is unavailable) */
  stop(): number | null;
}

function parentOf(pid: string): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // the command name may hold spaces and parentheses: fields resume after the last ')'
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[1] ?? null;
  } catch {
    return null;
  }
}

function rssBytes(pid: string): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Sum of RSS over `root` and all its descendants right now. */
export function treeRss(root: number): number {
  const children = new Map<string, string[]>();
  for (const pid of readdirSync('/proc').filter((n) => /^\d+$/.test(n))) {
    const parent = parentOf(pid);
    if (parent) children.set(parent, [...(children.get(parent) ?? []), pid]);
  }
  let total = 0;
  const queue = [String(root)];
  for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
    total += rssBytes(pid);
    queue.push(...(children.get(pid) ?? []));
  }
  return total;
}

/** Starts sampling the tree under `root` every `everyMs`. */
export function sampleTreeMemory(root: number, everyMs = 100): MemorySampler {
  if (!existsSync('/proc/self/status')) return { stop: () => null };
  let peak = 0;
  const tick = (): void => { peak = Math.max(peak, treeRss(root)); };
  tick();
  const timer = setInterval(tick, everyMs);
  return {
    stop() {
      clearInterval(timer);
      return peak;
    },
  };
}

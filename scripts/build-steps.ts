/** The build's log line and step timer (scripts/build.ts and its prepare child, build-prepare.ts), and how the parent runs a child. */
import { spawn, type Serializable } from 'node:child_process';
import { exposedGc } from '../lib/render/collect-garbage';

export const log = (line: string): void => { process.stderr.write(`${line}\n`); };
export const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** Runs one step and logs its time. */
export async function step<T>(name: string, run: () => Promise<T> | T): Promise<T> {
  const started = performance.now();
  const value = await run();
  // maxRSS: this process's peak so far (KB), worker threads included
  log(`build: ${name} done in ${seconds(performance.now() - started)} (peak memory of this process so far ${(process.resourceUsage().maxRSS / 1048576).toFixed(2)} GB)`);
  return value;
}

/** Collects this process's garbage now (the walk, the stamps), so that V8 can hand the pages back while a child works. */
export function collectGarbage(): void {
  exposedGc()();
}

/**
 * The environment of a child of the build, its big buffers on transparent huge pages: on Linux with
 * glibc 2.35 or later, `glibc.malloc.hugetlb=1` has malloc advise huge pages (madvise) for the memory
 * it maps, which the kernel gives when its THP mode is `madvise` or `always`. Typed arrays and Buffers
 * (the search postings, the pack's read windows, the parse threads' files) come from malloc; V8's own
 * heap does not. On this 2-core VM a first write to a 4 KB page costs ~19 µs (228 MB of fresh typed
 * arrays: 1.1 s, with huge pages 0.05 s). Other systems ignore the variable; KB_HUGE_PAGES=0 leaves
 * the environment as it is. Tunables are read when a process starts: only children get it.
 */
export function hugePagesEnv<Env extends Record<string, string | undefined>>(env: Env): Env {
  if (process.platform !== 'linux' || env.KB_HUGE_PAGES === '0') return env;
  const tunables = env.GLIBC_TUNABLES ?? '';
  if (/(^|:)glibc\.malloc\.hugetlb=/.test(tunables)) return env;
  return { ...env, GLIBC_TUNABLES: tunables ? `${tunables}:glibc.malloc.hugetlb=1` : 'glibc.malloc.hugetlb=1' } as Env;
}

/**
 * A child process started with a message channel: `send` one message (resolves once it is written:
 * until then a long synchronous task of this process would hold back the rest of a large message),
 * `exited` its exit code (1 when killed).
 */
export interface Child {
  send(message: Serializable): Promise<void>;
  exited: Promise<number>;
}

/**
 * Starts a child process with this process's stdio and a message channel (structured clone: typed
 * arrays cross it as bytes). The caller sends it one message (build.ts: the walk, or "stop").
 */
export function startChild(args: string[], env: NodeJS.ProcessEnv, cwd: string): Child {
  const child = spawn(process.execPath, args, { cwd, stdio: ['inherit', 'inherit', 'inherit', 'ipc'], serialization: 'advanced', env: hugePagesEnv(env) });
  const exited = new Promise<number>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (signal) log(`build: ${args.join(' ')} killed by ${signal}`);
      resolve(code ?? 1);
    });
  });
  return {
    send(message) {
      return new Promise((resolve) => {
        if (!child.connected) { resolve(); return; }
        child.send(message, (error) => {
          if (error) child.kill();
          resolve();
        });
      });
    },
    exited,
  };
}

/**
 * Runs a child process to its end with this process's stdio; its exit code (1 when killed). Before
 * it starts, this process collects its garbage (the content's walk and the stamps: ~100 MB at 60k
 * articles), and it waits asynchronously so that V8 can hand the freed pages back meanwhile: the
 * build's peak memory is the sum over the process tree while the child works.
 */
export async function runChild(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<number> {
  collectGarbage();
  const child = spawn(process.execPath, args, { cwd, stdio: 'inherit', env: hugePagesEnv(env) });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      if (signal) log(`build: ${args.join(' ')} killed by ${signal}`);
      resolve(code ?? 1);
    });
  });
}

/** The build's log line and step timer (scripts/build.ts and its prepare child, build-prepare.ts). */

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

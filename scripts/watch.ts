/**
 * `npm run watch`: builds, then rebuilds whenever a file of the content folder changes (a save, an
 * added or deleted article), one build at a time; changes made during a build start another when it
 * ends. A rebuild after an edit skips what did not change (see scripts/build.ts and lib/build/).
 * `npm run dev` (`--dev`): the same with `--prepare-only` (store and search index), and `next dev`
 * running beside it: the routes re-read the store when it changes, so a reload shows the edit.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { watch } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { getSiteConfig } from '../lib/site-config';

const root = path.resolve(import.meta.dirname, '..');
const dev = process.argv.includes('--dev');
const log = (line: string): void => { process.stderr.write(`watch: ${line}\n`); };

function runBuild(): Promise<number> {
  return new Promise((resolve) => {
    // as `npm run build` runs it: the build's bundle (scripts/run-bundled.mjs), made again only when its code changed
    const args = [path.join(root, 'scripts', 'run-bundled.mjs'), 'scripts/build.ts', ...(dev ? ['--prepare-only'] : [])];
    const child = spawn(process.execPath, args, { cwd: root, stdio: 'inherit' });
    child.on('close', (code) => resolve(code ?? 1));
  });
}

let running = false;
let pending = false;
let timer: NodeJS.Timeout | undefined;

async function rebuild(): Promise<void> {
  if (running) { pending = true; return; }
  running = true;
  const started = performance.now();
  const code = await runBuild();
  log(`${code === 0 ? 'built' : `build failed (exit ${code})`} in ${((performance.now() - started) / 1000).toFixed(1)} s; watching for changes`);
  running = false;
  if (pending) { pending = false; void rebuild(); }
}

const { contentDir } = getSiteConfig();
// watch first: a save during the first build starts another when it ends
log(`watching ${contentDir}`);
watch(contentDir, { recursive: true }, (_event, name) => {
  const base = path.basename(String(name ?? ''));
  if (base.startsWith('.') || base.endsWith('~') || base.endsWith('.swp')) return; // editors' temp files
  clearTimeout(timer);
  timer = setTimeout(() => { void rebuild(); }, 200); // an editor's save is often several events
});
await rebuild();
let next: ChildProcess | undefined;
if (dev) {
  next = spawn(process.execPath, [createRequire(import.meta.url).resolve('next/dist/bin/next'), 'dev'], { cwd: root, stdio: 'inherit' });
  next.on('close', (code) => process.exit(code ?? 0));
}
process.on('SIGINT', () => { next?.kill('SIGINT'); process.exit(130); });

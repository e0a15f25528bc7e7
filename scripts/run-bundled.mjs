#!/usr/bin/env node
// `node scripts/run-bundled.mjs scripts/build.ts [args…]` (`npm run build`): runs a TypeScript entry as
// one esbuild bundle instead of through tsx. tsx starts a process of its own and compiles each of the
// hundreds of modules through loader hooks on every start, in the build's parent and again in its
// prepare child (~0.5 s and ~1.5 s on 2 busy cores), and keeps an esbuild service process per process.
//
// The bundle (`.cache/bundle/<name>-<fingerprint>/`, split so that a dynamic import loads its own
// chunk only when it runs; dependencies stay imports of node_modules) is named by a fingerprint of
// every file it was made from (esbuild's metafile inputs) and of the names in their folders (a new
// file could change what an import resolves to). A start hashes those files (a few ms) and runs the
// bundle of that fingerprint; only when there is none does esbuild run (~1 s) and record the inputs
// anew: any change to the import graph goes through a file already listed. Without esbuild (a dev
// dependency) it runs the entry through tsx, as before; KB_BUNDLE=0 does that always.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Bumped when the bundling options change: older bundles are then not used. */
const FORMAT = 'kb-bundle-1';
/** Bundles of one entry kept (a build running the previous code still needs its chunks). */
const KEEP = 2;

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const [entry, ...args] = process.argv.slice(2);
if (!entry) {
  console.error('usage: node scripts/run-bundled.mjs <entry.ts> [args…]');
  process.exit(2);
}
const name = path.basename(entry).replace(/\.[cm]?tsx?$/, '');
const dir = path.join(root, '.cache', 'bundle');
const manifest = path.join(dir, `${name}.inputs.json`);

/** The fingerprint of a bundle's inputs (paths relative to root), or null when one is missing. */
function fingerprint(inputs) {
  const hash = createHash('sha1').update(`${FORMAT}\n${entry}\n`);
  const folders = new Set();
  for (const input of [...inputs].sort()) {
    let bytes;
    try { bytes = readFileSync(path.join(root, input)); } catch { return null; }
    hash.update(`${input}\n`).update(bytes).update('\0');
    folders.add(path.dirname(input));
  }
  for (const folder of [...folders].sort()) {
    try { hash.update(`${folder}/\n${readdirSync(path.join(root, folder)).sort().join('\n')}\0`); } catch { return null; }
  }
  return hash.digest('hex').slice(0, 16);
}

function knownInputs() {
  try {
    const parsed = JSON.parse(readFileSync(manifest, 'utf8'));
    return parsed.entry === entry && Array.isArray(parsed.inputs) ? parsed.inputs : null;
  } catch {
    return null;
  }
}

const entryFile = (fp) => path.join(dir, `${name}-${fp}`, `${name}.mjs`);

/** Bundles the entry; the bundle's entry file, or null without esbuild. */
async function bundle() {
  let esbuild;
  try { esbuild = createRequire(path.join(root, 'package.json'))('esbuild'); } catch { return null; }
  const tmp = path.join(dir, `.${name}-${process.pid}.tmp`);
  rmSync(tmp, { recursive: true, force: true });
  const result = await esbuild.build({
    absWorkingDir: root, entryPoints: { [name]: entry }, outdir: tmp, outExtension: { '.js': '.mjs' },
    bundle: true, splitting: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external',
    chunkNames: 'chunk-[hash]', metafile: true, logLevel: 'error',
    // CommonJS dependencies inside an ESM bundle need a require
    banner: { js: "import { createRequire as __kbCreateRequire } from 'node:module'; const require = __kbCreateRequire(import.meta.url);" },
  });
  await esbuild.stop(); // its service process would stay up for the whole build
  const inputs = Object.keys(result.metafile.inputs).sort();
  const fp = fingerprint(inputs);
  if (!fp) throw new Error(`run-bundled: an input of ${entry} vanished while bundling`);
  const final = path.dirname(entryFile(fp));
  try { renameSync(tmp, final); } catch (error) {
    rmSync(tmp, { recursive: true, force: true });
    if (!existsSync(entryFile(fp))) throw error; // else another start made the same bundle meanwhile
  }
  writeFileSync(`${manifest}.${process.pid}.tmp`, `${JSON.stringify({ entry, inputs })}\n`);
  renameSync(`${manifest}.${process.pid}.tmp`, manifest);
  // older bundles of this entry go, but the newest few (a build running the previous code needs its chunks)
  const older = readdirSync(dir).filter((d) => d.startsWith(`${name}-`) && path.join(dir, d) !== final)
    .map((d) => ({ d, mtime: statSync(path.join(dir, d)).mtimeMs })).sort((a, b) => b.mtime - a.mtime);
  for (const { d } of older.slice(KEEP - 1)) rmSync(path.join(dir, d), { recursive: true, force: true });
  return entryFile(fp);
}

let file = null;
if (process.env.KB_BUNDLE !== '0') {
  const known = knownInputs();
  const fp = known && fingerprint(known);
  file = fp && existsSync(entryFile(fp)) ? entryFile(fp) : (mkdirSync(dir, { recursive: true }), await bundle());
}
if (file) {
  // the bundle runs as its own main module: it sees itself as process.argv[1], as under `node file`
  process.argv = [process.argv[0], file, ...args];
  await import(pathToFileURL(file).href);
} else {
  let tsx;
  try { tsx = import.meta.resolve('tsx'); } catch {
    console.error('run-bundled: neither esbuild nor tsx (dev dependencies) is here: run `npm install`');
    process.exit(1);
  }
  const run = spawnSync(process.execPath, ['--import', tsx, path.resolve(root, entry), ...args], { stdio: 'inherit' });
  process.exitCode = run.status ?? 1;
}

/**
 * `npm run bench:ssg [-- --content DIR] [--fraction 0.02] [--runs 3] [--work DIR]`: our cold build
 * side by side with Jekyll's and Hugo's over the same articles, in one sitting, in turn (ours, Jekyll,
 * Hugo, ours, Jekyll, Hugo, …), and the ratios ours/Jekyll and ours/Hugo taken round by round so
 * that a drift of the machine's speed moves all three. Content: --content, else KB_CONTENT_DIR, else
 * the real corpus (KB_CORPUS, else ../shared/corpus); --fraction takes the first share of it, as
 * `npm run bench` does. Needs `jekyll` and `hugo` on the PATH (`apt-get install -y jekyll hugo`);
 * it is a bench, not a test: nothing in `npm test` runs it.
 *
 * Prepared outside the repo, under --work (default <tmp>/kb-bench-ssg, emptied first):
 * - jekyll/: `_config.yml`, a `page` layout printing the title and the content (kramdown, Jekyll's
 *   default Markdown), and a symbolic link to each top-level folder of the content;
 * - hugo/: `hugo.yaml`, single and list layouts printing the same, and content/ holding a copy of
 *   each article with `permalink` mapped to Hugo's `url` and the Liquid raw tags removed
 *   (bench/ssg-pages.ts says why); only articles and the home page are built (no taxonomies, feeds,
 *   sitemap, section lists).
 * The content folder itself is only read (a --fraction below 1 reads a folder of hard links to it).
 *
 * Each build starts cold: ours with `out .kb .cache .next public/_kb` removed from the repo (so it
 * writes the repo's outputs, as `npm run build` does), Jekyll with no output and no `.jekyll-cache`,
 * Hugo with no output, no resources and an empty --cacheDir; then `sync`, so the last build's writes
 * are on disk before the next one starts. Wall time, the peak of the summed
 * memory of the build's whole process tree (bench/memory-sampler.ts), and, when /usr/bin/time
 * exists, CPU seconds (user + system of the build and the children it waited for). After each build
 * every article's page is looked for at its permalink: a run that misses one is reported and kept out
 * of the medians and ratios, so a broken configuration cannot give a fast time. Writes
 * bench/results/bench-ssg.json and .md (one entry per fraction); build logs stay under --work.
 */
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chooseArticles, median, option, saveResults, subsetFolder, validFraction } from '../bench/content-sample';
import { sampleTreeMemory } from '../bench/memory-sampler';
import { checkPages, permalinkOf, runIsValid, toHugoPage, type Article, type PageCheck } from '../bench/ssg-pages';
import { CORPUS_SKIP, corpusDir } from '../tests/corpus/corpus-path';

const root = path.resolve(import.meta.dirname, '..');
const resultsDir = path.join(root, 'bench', 'results');
const MB = 1024 * 1024;
const TIME = '/usr/bin/time';

/** The goals of issue 15: ours at most half of Jekyll's time and at most 3.5 times Hugo's. */
const GOALS = { jekyll: 0.5, hugo: 3.5 } as const;

type GeneratorName = 'ours' | 'jekyll' | 'hugo';

interface Generator {
  name: GeneratorName;
  cwd: string;
  command: string;
  args: string[];
  env: Record<string, string>;
  /** removed before each run: outputs and caches */
  clean: string[];
  /** where the pages land */
  outDir: string;
}

interface SsgRun {
  generator: GeneratorName;
  round: number;
  exitCode: number | null;
  wallMs: number;
  /** user + system seconds of the build and its waited-for children (/usr/bin/time), else null */
  cpuS: number | null;
  /** the peak of the summed RSS of the process tree */
  peakTreeMB: number | null;
  loadAverage: number[];
  pages: PageCheck;
  valid: boolean;
}

interface SsgBench {
  fraction: number;
  articles: number;
  withoutPermalink: number;
  inputMB: number;
  runs: number;
  results: SsgRun[];
  versions: Record<string, string>;
  /** the repository's commit, `+changes` when the work tree differed from it */
  commit?: string;
  commands: Record<GeneratorName, string>;
  machine: Record<string, unknown>;
  date: string;
}

const shellQuote = (s: string): string => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`);

/** The generator's run as one shell line, cleaning included (printed, for other timers). */
function commandLine(g: Generator): string {
  const env = Object.entries(g.env).map(([k, v]) => `${k}=${shellQuote(v)} `).join('');
  const clean = g.clean.map((p) => shellQuote(path.relative(g.cwd, p) || p)).join(' ');
  return `cd ${shellQuote(g.cwd)} && rm -rf ${clean} && ${env}${[g.command, ...g.args].map(shellQuote).join(' ')}`;
}

function version(command: string, args: string[]): string | null {
  const result = spawnSync(command, args, { encoding: 'utf8' });
  return result.status === 0 ? (result.stdout.trim().split('\n')[0] ?? '') : null;
}

/** One cold build: clean, run, time, sample the tree's memory, keep the log. */
function runOnce(g: Generator, logFile: string): Promise<Omit<SsgRun, 'round' | 'pages' | 'valid'>> {
  for (const p of g.clean) rmSync(p, { recursive: true, force: true });
  // the last build's output still being written back to disk must not slow this one
  spawnSync('sync');
  const timeFile = `${logFile}.time`;
  const useTime = existsSync(TIME);
  const [command, args] = useTime
    ? [TIME, ['-f', '%e %U %S %M', '-o', timeFile, g.command, ...g.args]]
    : [g.command, g.args];
  return new Promise((resolve, reject) => {
    const loadAverage = os.loadavg();
    const started = performance.now();
    const child = spawn(command, args, { cwd: g.cwd, env: { ...process.env, ...g.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    const sampler = sampleTreeMemory(child.pid as number);
    const log = createWriteStream(logFile);
    child.stdout.pipe(log, { end: false });
    child.stderr.pipe(log, { end: false });
    child.on('error', reject);
    child.on('close', (code) => {
      const wallMs = Math.round(performance.now() - started);
      const peak = sampler.stop();
      log.end();
      let cpuS: number | null = null;
      if (useTime && existsSync(timeFile)) {
        // the last line: a failed command adds "Command exited with non-zero status N" before it
        const last = readFileSync(timeFile, 'utf8').trim().split('\n').pop() ?? '';
        const [, user, system] = last.split(' ').map(Number);
        if (user !== undefined && system !== undefined && Number.isFinite(user + system)) cpuS = Math.round((user + system) * 10) / 10;
      }
      resolve({ generator: g.name, exitCode: code, wallMs, cpuS, peakTreeMB: peak === null ? null : Math.round(peak / MB), loadAverage });
    });
  });
}

const LAYOUT_HEAD = '<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>';

/** The Jekyll site: config, one layout, links to the content's top-level folders. */
function prepareJekyll(site: string, contentDir: string): void {
  mkdirSync(path.join(site, '_layouts'), { recursive: true });
  writeFileSync(path.join(site, '_config.yml'), [
    'title: KB archive (bench)',
    'markdown: kramdown',
    '# every article names layout: page; any that does not gets it too',
    'defaults:',
    '  - scope: { path: "" }',
    '    values: { layout: page }',
    '',
  ].join('\n'));
  writeFileSync(path.join(site, '_layouts', 'page.html'), `${LAYOUT_HEAD}{{ page.title }}</title></head>\n<body><h1>{{ page.title }}</h1>\n{{ content }}\n</body></html>\n`);
  for (const entry of readdirSync(contentDir)) {
    if (entry.startsWith('.') || entry.startsWith('_')) continue; // Jekyll skips these itself
    symlinkSync(path.join(contentDir, entry), path.join(site, entry));
  }
}

/** The Hugo site: config, single and list layouts, content copies mapped for Hugo. */
function prepareHugo(site: string): void {
  mkdirSync(path.join(site, 'layouts', '_default'), { recursive: true });
  writeFileSync(path.join(site, 'hugo.yaml'), [
    'baseURL: "http://localhost/"',
    'title: KB archive (bench)',
    '# keep Q in /kb/155/Q155738/: Hugo lowercases paths by default',
    'disablePathToLower: true',
    '# articles and the home page only, like the Jekyll site',
    'disableKinds: [taxonomy, term, section, RSS, sitemap, robotsTXT, "404"]',
    '# kramdown passes HTML in Markdown through; so does Goldmark with this',
    'markup:',
    '  goldmark:',
    '    renderer:',
    '      unsafe: true',
    '',
  ].join('\n'));
  const page = (title: string, content: string): string => `${LAYOUT_HEAD}${title}</title></head>\n<body><h1>${title}</h1>\n${content}\n</body></html>\n`;
  writeFileSync(path.join(site, 'layouts', '_default', 'single.html'), page('{{ .Title }}', '{{ .Content }}'));
  writeFileSync(path.join(site, 'layouts', '_default', 'list.html'), page('{{ .Title }}', ''));
}

const s1 = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;
const ratio = (x: number): string => x.toFixed(2);
const nf = (x: number): string => x.toLocaleString('en-US');
const LABEL: Record<GeneratorName, string> = { ours: 'ours (`npm run build`, cold)', jekyll: 'Jekyll', hugo: 'Hugo' };

/** Pairwise ratios of round r: ours over the other, when both runs are valid. */
function pairRatios(results: SsgRun[], other: GeneratorName): number[] {
  const out: number[] = [];
  const rounds = new Set(results.map((r) => r.round));
  for (const round of rounds) {
    const a = results.find((r) => r.round === round && r.generator === 'ours');
    const b = results.find((r) => r.round === round && r.generator === other);
    if (a?.valid && b?.valid) out.push(a.wallMs / b.wallMs);
  }
  return out;
}

function ssgMarkdown(benches: SsgBench[]): string {
  const lines = ['# Our cold build beside Jekyll and Hugo', '',
    'Written by `npm run bench:ssg` (scripts/bench-ssg.ts). Each round runs ours, Jekyll, Hugo in turn, each cold; ratios are taken round by round, then the median. Peak memory: the summed RSS of the build\'s whole process tree. CPU: user + system of the build and its children. Load average: the machine\'s at each build\'s start.', ''];
  for (const b of [...benches].sort((x, y) => x.fraction - y.fraction)) {
    lines.push(`## Share ${b.fraction}: ${nf(b.articles)} articles (${b.inputMB} MB), ${b.runs} round${b.runs === 1 ? '' : 's'}, ${b.date.slice(0, 16).replace('T', ' ')} UTC`, '');
    if (b.commit) lines.push(`Code: ${b.commit}.`, '');
    lines.push(`Machine: ${String(b.machine.cpus)} cores (${String(b.machine.cpuModel)}), ${String(b.machine.memoryGB)} GB. ${Object.entries(b.versions).map(([k, v]) => `${k}: ${v}`).join('; ')}.`, '');
    if (b.withoutPermalink) lines.push(`${nf(b.withoutPermalink)} articles have no permalink and are not checked.`, '');
    lines.push('| generator | valid runs | wall (median) | wall (min–max) | CPU (median) | peak memory, tree (max) | pages at their permalink | HTML files |', '|---|---|---|---|---|---|---|---|');
    for (const name of ['ours', 'jekyll', 'hugo'] as const) {
      const runs = b.results.filter((r) => r.generator === name);
      const valid = runs.filter((r) => r.valid);
      const walls = valid.map((r) => r.wallMs);
      const cpus = valid.map((r) => r.cpuS).filter((x): x is number => x !== null);
      const peaks = runs.map((r) => r.peakTreeMB).filter((x): x is number => x !== null);
      const pages = runs.map((r) => `${nf(r.pages.found)}/${nf(r.pages.expected)}${r.pages.thin ? ` (${nf(r.pages.thin)} thin)` : ''}`);
      lines.push(`| ${LABEL[name]} | ${valid.length}/${runs.length} | ${walls.length ? `**${s1(median(walls))}**` : '–'} | ${walls.length ? `${s1(Math.min(...walls))}–${s1(Math.max(...walls))}` : '–'} | ${cpus.length ? `${median(cpus).toFixed(1)} s` : '–'} | ${peaks.length ? `${nf(Math.max(...peaks))} MB` : '–'} | ${[...new Set(pages)].join(', ')} | ${[...new Set(runs.map((r) => nf(r.pages.htmlFiles)))].join(', ')} |`);
    }
    lines.push('', '| round | ours | Jekyll | Hugo | ours/Jekyll | ours/Hugo | load average at each start |', '|---|---|---|---|---|---|---|');
    for (const round of [...new Set(b.results.map((r) => r.round))]) {
      const get = (g: GeneratorName): SsgRun | undefined => b.results.find((r) => r.round === round && r.generator === g);
      const cell = (r: SsgRun | undefined): string => (!r ? '–' : `${s1(r.wallMs)}${r.valid ? '' : ` (invalid: exit ${r.exitCode}, ${nf(r.pages.found)}/${nf(r.pages.expected)} pages)`}, ${r.peakTreeMB ?? '–'} MB`);
      const [o, j, h] = [get('ours'), get('jekyll'), get('hugo')];
      const rj = o?.valid && j?.valid ? ratio(o.wallMs / j.wallMs) : '–';
      const rh = o?.valid && h?.valid ? ratio(o.wallMs / h.wallMs) : '–';
      lines.push(`| ${round} | ${cell(o)} | ${cell(j)} | ${cell(h)} | ${rj} | ${rh} | ${[o, j, h].map((r) => (r ? r.loadAverage[0]?.toFixed(1) : '–')).join(' / ')} |`);
    }
    const rj = pairRatios(b.results, 'jekyll');
    const rh = pairRatios(b.results, 'hugo');
    lines.push('');
    lines.push(`- ours/Jekyll, median of ${rj.length} pair${rj.length === 1 ? '' : 's'}: ${rj.length ? `**${ratio(median(rj))}**` : '–'} (goal ≤ ${GOALS.jekyll}: ${rj.length ? (median(rj) <= GOALS.jekyll ? 'met' : 'not met') : 'not measured'})`);
    lines.push(`- ours/Hugo, median of ${rh.length} pair${rh.length === 1 ? '' : 's'}: ${rh.length ? `**${ratio(median(rh))}**` : '–'} (goal ≤ ${GOALS.hugo}: ${rh.length ? (median(rh) <= GOALS.hugo ? 'met' : 'not met') : 'not measured'})`);
    lines.push('', 'Commands (each run starts with the clean shown):', '', '```sh', ...(['ours', 'jekyll', 'hugo'] as const).map((g) => b.commands[g]), '```', '');
  }
  return lines.join('\n');
}

async function main(args: string[]): Promise<number> {
  const fraction = Number(option(args, '--fraction', '1'));
  const runs = Math.max(1, Math.floor(Number(option(args, '--runs', '3'))));
  if (!validFraction(fraction)) {
    console.error('bench:ssg: --fraction must be in (0, 1], e.g. 0.02 or 1');
    return 2;
  }
  const given = option(args, '--content', process.env.KB_CONTENT_DIR ?? '');
  const content = given ? path.resolve(given) : corpusDir();
  if (!content || !existsSync(content)) {
    console.error(`bench:ssg: ${given ? `content folder ${given} not found` : CORPUS_SKIP}`);
    return 1;
  }
  const versions: Record<string, string> = { node: process.version };
  for (const [name, cmd, vargs] of [['Jekyll', 'jekyll', ['--version']], ['Hugo', 'hugo', ['version']], ['Ruby', 'ruby', ['--version']]] as const) {
    const v = version(cmd, [...vargs]);
    if (v === null && name !== 'Ruby') {
      console.error(`bench:ssg: \`${cmd}\` not found on the PATH: install it (apt-get install -y jekyll hugo)`);
      return 1;
    }
    if (v !== null) versions[name] = v;
  }
  const work = path.resolve(option(args, '--work', path.join(os.tmpdir(), 'kb-bench-ssg')));
  const inside = (dir: string, parent: string): boolean => !path.relative(parent, dir).startsWith('..');
  if (inside(work, root) || inside(work, content) || inside(content, work)) {
    console.error('bench:ssg: --work must lie outside the repository and the content folder');
    return 2;
  }
  rmSync(work, { recursive: true, force: true });
  mkdirSync(path.join(work, 'logs'), { recursive: true });

  const chosen = chooseArticles(content, fraction);
  const contentDir = fraction >= 1 ? content : subsetFolder(chosen, path.join(work, 'content'));
  const jekyllSite = path.join(work, 'jekyll');
  const hugoSite = path.join(work, 'hugo');
  prepareJekyll(jekyllSite, contentDir);
  prepareHugo(hugoSite);
  const articles: Article[] = [];
  let bytes = 0;
  let withoutPermalink = 0;
  for (const f of chosen) {
    const text = readFileSync(f.file, 'utf8');
    bytes += Buffer.byteLength(text);
    const target = path.join(hugoSite, 'content', f.source);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, toHugoPage(text));
    const permalink = permalinkOf(text);
    if (permalink) articles.push({ source: f.source, permalink, bytes: Buffer.byteLength(text) });
    else withoutPermalink++;
  }

  const generators: Generator[] = [
    { name: 'ours', cwd: root, command: 'npm', args: ['run', 'build'], env: { KB_CONTENT_DIR: contentDir },
      clean: ['out', '.kb', '.cache', '.next', path.join('public', '_kb')].map((p) => path.join(root, p)), outDir: path.join(root, 'out') },
    { name: 'jekyll', cwd: jekyllSite, command: 'jekyll', args: ['build', '--source', jekyllSite, '--destination', path.join(work, 'jekyll-site')], env: {},
      clean: [path.join(work, 'jekyll-site'), path.join(jekyllSite, '.jekyll-cache'), path.join(jekyllSite, '.jekyll-metadata')], outDir: path.join(work, 'jekyll-site') },
    { name: 'hugo', cwd: hugoSite, command: 'hugo', args: ['--source', hugoSite, '--destination', path.join(work, 'hugo-site'), '--cacheDir', path.join(work, 'hugo-cache')], env: {},
      clean: [path.join(work, 'hugo-site'), path.join(work, 'hugo-cache'), path.join(hugoSite, 'resources')], outDir: path.join(work, 'hugo-site') },
  ];
  const head = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' });
  const dirty = spawnSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' });
  const commit = head.status === 0 ? `${head.stdout.trim()}${dirty.stdout.trim() ? '+changes' : ''}` : undefined;
  const commands = Object.fromEntries(generators.map((g) => [g.name, commandLine(g)])) as Record<GeneratorName, string>;
  const machine = { cpus: os.availableParallelism(), cpuModel: os.cpus()[0]?.model ?? 'unknown', memoryGB: Math.round(os.totalmem() / 1024 ** 3) };
  console.error(`bench:ssg: ${nf(chosen.length)} articles (fraction ${fraction}) from ${content}, ${runs} round(s); work folder ${work}; load average ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  for (const g of generators) console.error(`  ${g.name}: ${commands[g.name]}`);

  const results: SsgRun[] = [];
  for (let round = 1; round <= runs; round++) {
    for (const g of generators) {
      const run = await runOnce(g, path.join(work, 'logs', `${g.name}-${round}.log`));
      const pages = checkPages(g.outDir, articles);
      const valid = runIsValid(run.exitCode, pages);
      results.push({ ...run, round, pages, valid });
      console.error(`  round ${round} ${g.name}: ${s1(run.wallMs)}, CPU ${run.cpuS ?? '–'} s, peak ${run.peakTreeMB ?? '–'} MB (tree), exit ${run.exitCode}, ${nf(pages.found)}/${nf(pages.expected)} pages at their permalink, ${nf(pages.thin)} thin, ${nf(pages.htmlFiles)} HTML files, load ${run.loadAverage.map((x) => x.toFixed(1)).join(' ')}${valid ? '' : ` INVALID (log: ${path.join(work, 'logs', `${g.name}-${round}.log`)}; missing e.g. ${pages.missingExamples.join(', ')})`}`);
    }
  }

  const bench: SsgBench = {
    fraction, articles: chosen.length, withoutPermalink, inputMB: Math.round((bytes / MB) * 10) / 10, runs, results,
    versions, commit, commands, machine, date: new Date().toISOString(),
  };
  console.log(saveResults(resultsDir, 'bench-ssg', fraction, bench, ssgMarkdown));
  return results.every((r) => r.valid) ? 0 : 1;
}

main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, (error: unknown) => {
  console.error(`bench:ssg: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  process.exitCode = 1;
});

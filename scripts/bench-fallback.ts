/**
 * `npm run bench:fallback [-- --runs 15] [--site out]`: the GitHub Pages fallback's speed goal, an old
 * address within 100 ms of the permalink's own first contentful paint on a throttled phone. Serves
 * the export like GitHub Pages (scripts/pages-like-host.ts: the 404 page for any unknown path, no
 * redirects), and in headless Chromium with the CPU throttled (KB_CPU_RATE, default 4x; no network
 * throttling), each in a fresh context, times from the request to the first contentful paint:
 * the permalink, an old address (the 404 page's script writes the permalink's page in place), and
 * the same old address with the script's fast way turned off (a second navigation, `location.replace`,
 * as before). The three alternate, in rotating order, so the machine's load falls on all alike;
 * prints the medians and the median of the paired differences. Wrap it in `flock /tmp/kb-heavy.lock`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { startPagesLikeHost } from './pages-like-host';

const args = process.argv.slice(2);
const option = (name: string) => { const at = args.indexOf(name); return at >= 0 ? args[at + 1] : undefined; };
const runs = Number(option('--runs') ?? 15);
const site = path.resolve(option('--site') ?? process.env.KB_OUT_DIR ?? 'out');
const cpuRate = Number(process.env.KB_CPU_RATE ?? 4);
const PERMALINK = '/kb/155/Q155738/';
const OLD_ADDRESS = option('--address') ?? '/support/kb/articles/Q155/7/38.asp';
const GOAL_MS = 100;

// the same 404 page with the script's fast way off: it takes its plain way, `location.replace`
const page404 = readFileSync(path.join(site, '404.html'), 'utf8');
const fastWay = "typeof XMLHttpRequest==='function'";
if (!page404.includes(fastWay)) throw new Error(`${site}/404.html has no address script with a fast way (rebuild: npm run build)`);
const tmp = mkdtempSync(path.join(tmpdir(), 'kb-bench-fallback-'));
const navigating404 = path.join(tmp, '404.html');
writeFileSync(navigating404, page404.replace(fastWay, 'false'));

const fast = await startPagesLikeHost(site);
const navigating = await startPagesLikeHost(site, { notFoundPage: navigating404 });
const browser: Browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});

/** ms from the request of `url` to the first contentful paint of the page it ends on (the permalink). */
async function firstContentfulPaint(origin: string, url: string): Promise<number> {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send('Emulation.setCPUThrottlingRate', { rate: cpuRate });
    const started = Date.now();
    await page.goto(origin + url);
    await page.waitForURL(origin + PERMALINK);
    const fcp = await page.evaluate(() => new Promise<number>((resolve) => {
      new PerformanceObserver((list) => {
        const entry = list.getEntries().find((e) => e.name === 'first-contentful-paint');
        if (entry) resolve(performance.timeOrigin + entry.startTime);
      }).observe({ type: 'paint', buffered: true });
    }));
    return fcp - started;
  } finally {
    await context.close();
  }
}

const kinds = [
  { name: 'permalink', origin: fast.origin, url: PERMALINK },
  { name: 'old address', origin: fast.origin, url: OLD_ADDRESS },
  { name: 'old address, navigating', origin: navigating.origin, url: OLD_ADDRESS },
] as const;
const times = kinds.map(() => [] as number[]);
const load = [loadavg()[0]!];
await firstContentfulPaint(fast.origin, PERMALINK); // warm the disk cache and the browser
for (let run = 0; run < runs; run++) {
  for (let k = 0; k < kinds.length; k++) {
    const i = (run + k) % kinds.length;
    const kind = kinds[i]!;
    times[i]!.push(await firstContentfulPaint(kind.origin, kind.url));
  }
}
load.push(loadavg()[0]!);
await browser.close();
await fast.close();
await navigating.close();
rmSync(tmp, { recursive: true, force: true });

const signed = (ms: number) => `${ms >= 0 ? '+' : '−'}${Math.abs(ms).toFixed(0)}`;
const median = (xs: readonly number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2; };
const direct = times[0]!;
console.log(`fallback: CPU ${cpuRate}x, ${runs} runs each, alternating; load average ${load.map((l) => l.toFixed(1)).join(' → ')} on ${availableParallelism()} cores`);
console.log(`fallback: ${PERMALINK} vs ${OLD_ADDRESS}, first contentful paint from the request (ms)`);
for (const [i, kind] of kinds.entries()) {
  const own = times[i]!;
  const line = `  ${kind.name.padEnd(24)} median ${median(own).toFixed(0).padStart(5)}`;
  if (i === 0) { console.log(`${line}   runs ${own.map(Math.round).join(' ')}`); continue; }
  const paired = own.map((t, r) => t - direct[r]!);
  console.log(`${line}   vs permalink: ${signed(median(own) - median(direct))} (median of paired differences ${signed(median(paired))})   runs ${own.map(Math.round).join(' ')}`);
}
const added = median(times[1]!.map((t, r) => t - direct[r]!));
console.log(`fallback: goal ≤ ${GOAL_MS} ms after the permalink: ${added <= GOAL_MS ? 'met' : 'NOT met'} (${signed(added)} ms, median of paired differences)`);

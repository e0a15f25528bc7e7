/**
 * Part of `<base>/assets/kb.js` (client/page.ts), on every page: registers the service worker (`<base>/sw.js`, scope
 * `<base>/`) and adds a "Make available offline" button that caches every page and search-index file
 * listed in `<base>/_kb/offline-manifest.json`, with progress. Does nothing on file:// (the offline copy).
 */
import type { OfflineManifest } from '../lib/hosting/sw-routes';
import { basePath } from './base-path';

const CONCURRENCY = 6;
const DONE_KEY = 'kb-offline-version';

function formatMb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(bytes < 1e7 ? 1 : 0)} MB`;
}

/** Caches every file of the manifest that is not cached yet, reporting progress. */
async function saveAll(base: string, report: (done: number, total: number) => void): Promise<OfflineManifest> {
  const res = await fetch(`${base}/_kb/offline-manifest.json`, { cache: 'no-store' });
  if (!res.ok) throw new Error(`offline manifest: HTTP ${res.status}`);
  const manifest = (await res.json()) as OfflineManifest;
  const cache = await caches.open(manifest.cache);
  const queue = manifest.files.slice();
  const total = queue.length;
  let done = 0;
  async function worker(): Promise<void> {
    for (let path = queue.shift(); path !== undefined; path = queue.shift()) {
      const url = base + path;
      if (!(await cache.match(url))) {
        const response = await fetch(url);
        if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
        await cache.put(url, response);
      }
      done++;
      if (done % 25 === 0 || done === total) report(done, total);
    }
  }
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  return manifest;
}

/** The control, made here (not repeated in every page's markup); article text never reaches it. */
function offlineBox(): { box: HTMLElement; button: HTMLButtonElement; progress: HTMLProgressElement; status: HTMLElement } {
  const box = document.createElement('div');
  box.className = 'kb-offline';
  const button = document.createElement('button');
  button.className = 'kb-offline-button';
  button.type = 'button';
  button.textContent = 'Make available offline';
  const progress = document.createElement('progress');
  progress.hidden = true;
  progress.setAttribute('aria-label', 'Saving for offline use');
  const status = document.createElement('span');
  status.className = 'kb-offline-status';
  status.setAttribute('role', 'status');
  box.append(button, ' ', progress, ' ', status);
  return { box, button, progress, status };
}

/**
 * Adds the offline control at the end of the footer (below everything else, so nothing moves) and
 * wires it; once per page.
 */
function addButton(base: string): void {
  const footer = document.querySelector<HTMLElement>('body > footer');
  if (!footer || footer.querySelector('.kb-offline')) return;
  const { box, button, progress, status } = offlineBox();
  footer.append(box);
  if (localStorage.getItem(DONE_KEY)) button.title = 'Saved before: this fetches only what changed';

  button.addEventListener('click', () => {
    button.disabled = true;
    progress.hidden = false;
    progress.value = 0;
    status.textContent = 'Preparing…';
    void navigator.storage?.persist?.().catch(() => false);
    saveAll(base, (done, total) => {
      progress.max = total;
      progress.value = done;
      status.textContent = `Saved ${done.toLocaleString()} of ${total.toLocaleString()} files`;
    })
      .then((manifest) => {
        localStorage.setItem(DONE_KEY, manifest.version);
        status.textContent = `The whole archive is available offline (${manifest.files.length.toLocaleString()} files, ${formatMb(manifest.bytes)}).`;
        button.textContent = 'Update offline copy';
      })
      .catch((error: unknown) => {
        status.textContent = `Could not save everything: ${error instanceof Error ? error.message : String(error)}. Try again to continue.`;
      })
      .finally(() => {
        button.disabled = false;
        progress.hidden = true;
      });
  });
}

function main(): void {
  if (!/^https?:$/.test(location.protocol) || !('serviceWorker' in navigator) || !('caches' in window)) return;
  const base = basePath();
  navigator.serviceWorker.register(`${base}/sw.js`, { scope: `${base}/` }).catch(() => undefined);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => addButton(base));
  else addButton(base);
}

main();

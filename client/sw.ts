/**
 * The service worker (`<base>/sw.js`, scope `<base>/`): keeps what a person visits so the site goes on
 * working with no network. Pages: network-first with the cached copy as fallback; hashed Next assets
 * and search-index parts: cache-first; other assets: network-first. The cache is named after the build,
 * so a new deployment starts clean and the old cache is deleted on activation.
 * The "make all available offline" button (client/offline.ts) fills the same cache from the manifest.
 */
import { cacheName, strategyFor } from '../lib/hosting/sw-routes';

declare const __KB_BUILD__: string;

// the DOM lib is in scope for the whole project, so the worker's globals are typed here by hand
interface ExtendableEventLike extends Event {
  waitUntil(promise: Promise<unknown>): void;
}
interface FetchEventLike extends ExtendableEventLike {
  request: Request;
  respondWith(response: Promise<Response>): void;
}
interface WorkerScope {
  registration: { scope: string };
  skipWaiting(): Promise<void>;
  clients: { claim(): Promise<void> };
  addEventListener(type: 'install' | 'activate', fn: (e: ExtendableEventLike) => void): void;
  addEventListener(type: 'fetch', fn: (e: FetchEventLike) => void): void;
}

const worker = self as unknown as WorkerScope;
const CACHE = cacheName(__KB_BUILD__);
const scope = new URL(worker.registration.scope);

async function putIfOk(request: Request | string, response: Response): Promise<void> {
  // error responses are never cached: a 404 must not shadow the page later;
  // a redirected response may not answer a navigation later (the browser rejects it)
  if (!response.ok || response.type === 'opaque' || response.redirected) return;
  const cache = await caches.open(CACHE);
  await cache.put(request, response);
}

async function page(request: Request): Promise<Response> {
  try {
    const response = await fetch(request);
    if (response.ok) void putIfOk(request, response.clone());
    return response;
  } catch {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(request, { ignoreSearch: true });
    if (hit) return hit;
    // not saved: the 404 page (its script says so), with a status that is not a success
    const notFound = await cache.match(new URL('404.html', scope).href);
    const body = notFound ? await notFound.text() : 'You are offline and this page was not saved for offline use.';
    return new Response(body, {
      status: 503,
      headers: { 'content-type': notFound ? 'text/html; charset=utf-8' : 'text/plain; charset=utf-8' },
    });
  }
}

async function cacheFirst(request: Request): Promise<Response> {
  const cache = await caches.open(CACHE);
  const hit = await cache.match(request);
  if (hit) return hit;
  const response = await fetch(request);
  void putIfOk(request, response.clone());
  return response;
}

async function networkFirst(request: Request): Promise<Response> {
  try {
    const response = await fetch(request);
    void putIfOk(request, response.clone());
    return response;
  } catch (error) {
    const hit = await (await caches.open(CACHE)).match(request);
    if (hit) return hit;
    throw error;
  }
}

worker.addEventListener('install', (event) => {
  // the 404 page doubles as the offline fallback; best effort, install must not fail offline
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) => cache.add(new URL('404.html', scope).href))
      .catch(() => undefined)
      .then(() => worker.skipWaiting()),
  );
});

worker.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('kb-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => worker.clients.claim()),
  );
});

worker.addEventListener('fetch', (event) => {
  const { request } = event;
  if (request.method !== 'GET') return;
  const strategy = strategyFor(new URL(request.url), scope, request.mode === 'navigate');
  if (strategy === 'page') event.respondWith(page(request));
  else if (strategy === 'cache-first') event.respondWith(cacheFirst(request));
  else if (strategy === 'network-first') event.respondWith(networkFirst(request));
});

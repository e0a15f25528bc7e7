/**
 * The 404 page's script (not React: it runs before hydration and weighs ~1 KB): a hand-typed article
 * address such as /kb/Q155738/ or /q155738 is looked up in the alias map and replaced by the article's
 * permalink; anything else gets a "search for what you typed" link. Bundled by lib/hosting/bundle.ts.
 */
import { parseAliasPath, resolveAlias, stripBase, type AliasData } from '../lib/hosting/alias-path';

interface Slot {
  text: string;
  href?: string;
}

/** What the page should show, by element id; re-applied when React replaces the nodes. */
const slots = new Map<string, Slot>();

function apply(): void {
  for (const [id, slot] of slots) {
    const el = document.getElementById(id);
    if (!el || el.dataset.kbApplied === slot.text) continue;
    el.textContent = slot.text; // textContent: what was typed is shown, never parsed as markup
    if (slot.href && el instanceof HTMLAnchorElement) el.href = slot.href;
    el.dataset.kbApplied = slot.text;
    el.closest<HTMLElement>('[hidden]')?.removeAttribute('hidden');
  }
}

function show(id: string, text: string, href?: string): void {
  slots.set(id, { text, href });
  apply();
}

async function main(): Promise<void> {
  const root = document.getElementById('kb-not-found');
  if (!root) return;
  const base = root.dataset.base ?? '';
  const rest = stripBase(location.pathname, base);
  if (rest === null) return;
  // if hydration fails, React renders the page again from scratch: put our text back each time
  new MutationObserver(apply).observe(document.documentElement, { childList: true, subtree: true });
  const parsed = parseAliasPath(rest, location.search);
  if (parsed.query) show('kb-alias-search', `Search for “${parsed.query}”`, `${base}/search/?q=${encodeURIComponent(parsed.query)}`);
  if (parsed.number === null && !parsed.key) return;
  try {
    const res = await fetch(`${base}/_kb/aliases.json`);
    if (!res.ok) throw new Error(`HTTP ${res.status}`);
    const data = (await res.json()) as AliasData;
    const permalink = resolveAlias(parsed, data);
    if (permalink) {
      const target = base + permalink + location.search + location.hash;
      show('kb-alias-canonical', `${location.origin}${base}${permalink}`, target);
      // the article's own address answered 404: offline and not saved (the worker's fallback), never loop
      if (base + permalink === location.pathname) {
        show('kb-alias-status', 'This article is not saved for offline use. Connect to the network to read it.');
        return;
      }
      location.replace(target);
      return;
    }
    if (parsed.number !== null) show('kb-alias-status', `The archive has no article Q${parsed.number}.`);
  } catch {
    show('kb-alias-status', 'The list of article numbers could not be loaded; try the search.');
  }
}

// React 19 hoists the page's `<script async>` into <head>: a cached copy can run before the body is
// parsed, when #kb-not-found does not exist yet, so wait for the document when it is still loading
if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void main(), { once: true });
else void main();

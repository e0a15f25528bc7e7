/**
 * Part of `<base>/assets/kb.js` (client/page.ts), acting on article pages only (about 1 KB): the "Copy ID" / "Copy link"
 * controls, the link beside each section heading copying that section's address, and the contents
 * column marking the section being read (aria-current). The controls and the heading links are made
 * here rather than repeated in the markup of every page (about 600 bytes a page): the page works
 * without them, and the stylesheet keeps their room from the first paint, so adding them moves
 * nothing (the heading's right padding holds the link; the ID row has the controls' height).
 */
const root = document.querySelector('article.article');
const clipboard = navigator.clipboard as Clipboard | undefined;

/** One polite live region for all copy messages, shown briefly as a toast. */
function announcer(): (message: string) => void {
  const toast = document.createElement('div');
  toast.className = 'kb-toast';
  toast.setAttribute('role', 'status');
  document.body.append(toast);
  let timer: ReturnType<typeof setTimeout> | undefined;
  return (message) => {
    toast.textContent = message;
    toast.classList.add('kb-toast-shown');
    clearTimeout(timer);
    timer = setTimeout(() => {
      toast.classList.remove('kb-toast-shown');
      toast.textContent = '';
    }, 2000);
  };
}

function copy(text: string, done: string, say: (message: string) => void): void {
  clipboard!.writeText(text).then(() => say(done), () => say('Copying failed: your browser did not allow it'));
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, className: string, text = ''): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  node.className = className;
  node.textContent = text;
  return node;
}

/** A link to each headed section of the article, after its heading (plain `#id` links; a click copies the address). */
function addHeadingLinks(article: Element): void {
  article.querySelectorAll<HTMLElement>('.article-content > section[id] > header').forEach((heading) => {
    if (heading.querySelector('a.heading-link')) return;
    const section = heading.parentElement as HTMLElement;
    const link = element('a', 'heading-link');
    link.href = `#${section.id}`;
    link.setAttribute('aria-label', `Link to this section: ${heading.querySelector('h2')?.textContent ?? section.id}`);
    link.title = 'Copy the link to this section';
    heading.append(link);
  });
}

/** "Copy ID" and "Copy link" after the ID (the ID is the page's own text, set as textContent). */
function addCopyControls(article: Element): void {
  const id = article.querySelector('.article-id');
  if (!id || article.querySelector('.copy-controls')) return;
  const controls = element('span', 'copy-controls');
  const copyId = element('button', 'copy-control', 'Copy ID');
  copyId.type = 'button';
  copyId.dataset.copy = id.textContent ?? '';
  copyId.dataset.copied = 'ID copied';
  const copyLink = element('button', 'copy-control', 'Copy link');
  copyLink.type = 'button';
  copyLink.dataset.copyLink = '';
  copyLink.dataset.copied = 'Link copied';
  controls.append(copyId, copyLink);
  id.after(controls);
}

if (root) addHeadingLinks(root);

if (root && clipboard && window.isSecureContext) {
  const say = announcer();
  addCopyControls(root);
  root.addEventListener('click', (event: Event) => {
    if (!(event instanceof MouseEvent)) return;
    const target = event.target instanceof Element ? event.target : null;
    const control = target?.closest<HTMLButtonElement>('button[data-copy], button[data-copy-link]');
    if (control) {
      // the link control copies the address the reader is on, minus any #section
      const value = control.dataset.copyLink !== undefined ? location.href.replace(/#.*$/, '') : (control.dataset.copy ?? '');
      copy(value, control.dataset.copied ?? 'Copied', say);
      return;
    }
    const link = target?.closest<HTMLAnchorElement>('a.heading-link');
    if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    event.preventDefault();
    // the address bar shows the section's address too, without a jump or a history entry
    history.replaceState(history.state, '', link.hash);
    copy(link.href, 'Link to this section copied', say);
  });
}

// the contents column: the last section whose top has passed the upper third of the window is current
const tocLinks = [...document.querySelectorAll<HTMLAnchorElement>('nav.toc a[href^="#"]')];
const targets = tocLinks.map((a) => document.getElementById(decodeURIComponent(a.hash.slice(1))));
let queued = false;
function markCurrent(): void {
  queued = false;
  const line = window.innerHeight / 3;
  let current = -1;
  targets.forEach((t, i) => { if (t && t.getBoundingClientRect().top <= line) current = i; });
  tocLinks.forEach((a, i) => {
    if (i === current) a.setAttribute('aria-current', 'true');
    else a.removeAttribute('aria-current');
  });
}
if (tocLinks.length) {
  addEventListener('scroll', () => { if (!queued) { queued = true; requestAnimationFrame(markCurrent); } }, { passive: true });
  addEventListener('resize', markCurrent, { passive: true });
  markCurrent();
}

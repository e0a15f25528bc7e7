/**
 * `<base>/assets/article-page.js`, on article pages only (about 1 KB): the "Copy ID" / "Copy link"
 * controls, the link beside each section heading copying that section's address, and the contents
 * column marking the section being read (aria-current). The page works without it: the heading
 * links are plain `#id` links and the controls stay hidden.
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

if (root && clipboard && window.isSecureContext) {
  const say = announcer();
  root.querySelectorAll<HTMLElement>('.copy-controls').forEach((controls) => { controls.hidden = false; });
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

/**
 * The theme toggle and the copy buttons on preformatted blocks, on every page (part of kb.js, see
 * client/page.ts). Pages work without it; it only adds interaction. The boot script in <head>
 * (lib/render/theme-script.ts) applies a saved theme before the first paint.
 */
const root = document.documentElement;
const media = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;

function isDark(): boolean {
  const theme = root.getAttribute('data-theme');
  return theme ? theme === 'dark' : !!media?.matches;
}

// the button holds both labels and the stylesheet shows the right one: the text is never rewritten
document.querySelectorAll('.theme-toggle').forEach((button) => {
  button.addEventListener('click', () => {
    const next = isDark() ? 'light' : 'dark';
    root.setAttribute('data-theme', next);
    try { localStorage.setItem('kb-theme', next); } catch { /* private mode */ }
  });
});

// a copy button on each preformatted block (the clipboard needs a secure context; none otherwise)
const clipboard = navigator.clipboard as Clipboard | undefined;
if (clipboard) {
  document.querySelectorAll<HTMLElement>('main pre').forEach((pre) => {
    const wrap = document.createElement('div');
    wrap.className = 'code-block';
    pre.parentNode?.insertBefore(wrap, pre);
    wrap.appendChild(pre);
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy-button';
    button.textContent = 'Copy';
    button.setAttribute('aria-label', 'Copy this block');
    button.addEventListener('click', () => {
      clipboard.writeText(pre.innerText).then(() => {
        button.textContent = 'Copied';
        setTimeout(() => { button.textContent = 'Copy'; }, 1500);
      }, () => { button.textContent = 'Copy failed'; });
    });
    wrap.appendChild(button);
  });
}

export {};

// kbarchive-web page helpers (plain JS, no build step): the theme toggle and copy buttons on code.
// Pages work without it; it only adds interaction. The boot script in <head> applies a saved theme.
(function () {
  var root = document.documentElement;
  var media = window.matchMedia ? window.matchMedia('(prefers-color-scheme: dark)') : null;
  function isDark() {
    var t = root.getAttribute('data-theme');
    return t ? t === 'dark' : !!(media && media.matches);
  }
  // the button holds both labels and the stylesheet shows the right one: the text is never rewritten
  document.querySelectorAll('.theme-toggle').forEach(function (button) {
    button.addEventListener('click', function () {
      var next = isDark() ? 'light' : 'dark';
      root.setAttribute('data-theme', next);
      try { localStorage.setItem('kb-theme', next); } catch (e) { /* private mode */ }
    });
  });

  // a copy button on each preformatted block (clipboard needs a secure context; skip it otherwise)
  if (!navigator.clipboard) return;
  document.querySelectorAll('main pre').forEach(function (pre) {
    var wrap = document.createElement('div');
    wrap.className = 'code-block';
    pre.parentNode.insertBefore(wrap, pre);
    wrap.appendChild(pre);
    var button = document.createElement('button');
    button.type = 'button';
    button.className = 'copy-button';
    button.textContent = 'Copy';
    button.setAttribute('aria-label', 'Copy this block');
    button.addEventListener('click', function () {
      navigator.clipboard.writeText(pre.innerText).then(function () {
        button.textContent = 'Copied';
        setTimeout(function () { button.textContent = 'Copy'; }, 1500);
      }, function () { button.textContent = 'Copy failed'; });
    });
    wrap.appendChild(button);
  });
})();

/**
 * The header and footer every page shares. The React pages render the same markup from
 * components/site-header.tsx and components/site-footer.tsx: keep the class names in step.
 */
import { h } from 'hastscript';
import type { Element } from 'hast';
import { href, type RenderContext } from './context';

/** The site header: skip link target is #main; the search form works without JavaScript (GET /search/). */
export function siteHeader(ctx: RenderContext): Element {
  return h('header.site-header', [
    h('div.site-header-inner', [
      h('a.site-name', { href: href(ctx, '/') }, ctx.siteName),
      h('form.kb-search', { role: 'search', action: href(ctx, '/search/'), method: 'get' }, [
        h('input', {
          type: 'search',
          name: 'q',
          placeholder: 'Search: 10038, WSAENOTSOCK, Q155738…',
          ariaLabel: 'Search articles',
          autoComplete: 'off',
        }),
        h('button.kb-search-submit', { type: 'submit' }, 'Search'),
      ]),
      h('button.theme-toggle', { type: 'button', title: 'Switch between light and dark' }, 'Dark mode'),
    ]),
  ]);
}

/** The site footer with the links that help a reader find their way on. */
export function siteFooter(ctx: RenderContext): Element {
  return h('footer.site-footer', [
    h('nav', { ariaLabel: 'Site' }, [
      h('ul', [
        h('li', h('a', { href: href(ctx, '/') }, 'Home')),
        h('li', h('a', { href: href(ctx, '/search/') }, 'Search')),
        h('li', h('a', { href: href(ctx, '/error/') }, 'Error codes')),
      ]),
    ]),
    h('p', 'An archive of knowledge-base articles, as static pages. Article text is shown as published.'),
    offlineBox(),
  ]);
}

/**
 * The "Make available offline" control, hidden until offline.js finds a service worker to use.
 * It is in the markup (not added by the script) so that React pages hydrate without a mismatch.
 */
export function offlineBox(): Element {
  return h('div.kb-offline', { hidden: true }, [
    h('button.kb-offline-button', { type: 'button' }, 'Make available offline'),
    ' ',
    h('progress', { hidden: true, ariaLabel: 'Saving for offline use' }),
    ' ',
    h('span.kb-offline-status', { role: 'status' }),
  ]);
}

/** The skip link, first focusable element of every page. */
export function skipLink(): Element {
  return h('a.skip-link', { href: '#main' }, 'Skip to content');
}

/**
 * The header and footer every page shares, written once, here, as hast. The static pages put these
 * trees in their document (lib/render/layout.ts); the React layout (app/layout.tsx) renders the very
 * same trees through `chromeHtml`, as inner HTML React never hydrates, so scripts that enhance the
 * header (kb.js adds the suggestion list, its offline part the control) can never make a React page
 * fail hydration.
 */
import { h } from 'hastscript';
import { toHtml } from 'hast-util-to-html';
import type { Element } from 'hast';
import { find, html } from 'property-information';
import { href, type RenderContext } from './context';

/** What the chrome needs of the render context. */
export type ChromeContext = Pick<RenderContext, 'basePath' | 'siteName'>;

/**
 * The theme toggle. It holds both labels (first the one switching to dark, then to light) and the
 * stylesheet shows the one that fits the theme in force (the saved one or the system's), so the
 * label is right from the first paint and no script ever rewrites its text; client/page-controls.ts
 * (in kb.js) only handles the click. The label says what a click does: no tooltip repeats it.
 */
export function themeToggle(): Element {
  return h('button.theme-toggle', { type: 'button' }, [h('span', 'Dark mode'), h('span', 'Light mode')]);
}

/**
 * The site header: skip link target is #main; the search form works without JavaScript (a GET, the
 * form's default, to /search/). Every page carries it, so it says nothing the browser assumes: no
 * method, no submit type on the form's button, no class the stylesheet can do without (it finds the
 * header and footer as `body > header`, `body > footer`).
 */
export function siteHeader(ctx: ChromeContext): Element {
  return h('header', [
    h('div.site-header-inner', [
      h('a.site-name', { href: href(ctx, '/') }, ctx.siteName),
      h('form.kb-search', { role: 'search', ariaLabel: 'Site search', action: href(ctx, '/search/') }, [
        h('input', {
          type: 'search',
          name: 'q',
          placeholder: 'Search: 10038, WSAENOTSOCK, Q155738…',
          ariaLabel: 'Search articles',
          autoComplete: 'off',
        }),
        h('button', 'Search'),
      ]),
      themeToggle(),
    ]),
  ]);
}

/**
 * The site footer with the links that help a reader find their way on. The "Make available offline"
 * control is not in the markup: kb.js (client/offline.ts) adds it at the footer's end when there is a service
 * worker to use (nothing below it moves), so the ~250 bytes it took are not repeated on every page.
 */
export function siteFooter(ctx: ChromeContext): Element {
  return h('footer', [
    h('nav', { ariaLabel: 'Site' }, [
      h('ul', [
        h('li', h('a', { href: href(ctx, '/') }, 'Home')),
        h('li', h('a', { href: href(ctx, '/search/') }, 'Search')),
        h('li', h('a', { href: href(ctx, '/error/') }, 'Error codes')),
      ]),
    ]),
    h('p', 'An archive of knowledge-base articles, as static pages. Article text is shown as published.'),
  ]);
}

/** The skip link, first focusable element of every page. */
export function skipLink(): Element {
  return h('a.skip-link', { href: '#main' }, 'Skip to content');
}

/**
 * One element of the chrome for the React layout: its tag, its attributes as React props and its
 * children serialized. React writes the element and sets the children as inner HTML, which it
 * neither compares nor patches when it hydrates.
 */
export interface ChromePart {
  tagName: string;
  props: Record<string, string | boolean>;
  html: string;
}

function part(element: Element): ChromePart {
  const props: Record<string, string | boolean> = {};
  for (const [name, value] of Object.entries(element.properties)) {
    if (value === null || value === undefined || value === false) continue;
    const key = name === 'className' ? 'className' : find(html, name).attribute;
    props[key] = Array.isArray(value) ? value.join(' ') : typeof value === 'boolean' ? value : String(value);
  }
  return { tagName: element.tagName, props, html: toHtml(element.children) };
}

/** The skip link, header and footer (`skipLink`, `siteHeader`, `siteFooter`) for the React layout. */
export function chromeParts(ctx: ChromeContext): { skipLink: ChromePart; header: ChromePart; footer: ChromePart } {
  return { skipLink: part(skipLink()), header: part(siteHeader(ctx)), footer: part(siteFooter(ctx)) };
}

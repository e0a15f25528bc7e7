/**
 * The search page's fixed words (isomorphic): the static shell (lib/render/search-page.ts) and the
 * browser, which opens the same page in place from an article's header box (client/search-page.ts).
 */
export const SEARCH_PATH = '/search/';
export const SEARCH_TITLE = 'Search';
export const SEARCH_PLACEHOLDER = '10038, WSAENOTSOCK, Q155738, or words from the message';
/** What the page says before a query. */
export const SEARCH_HINT = 'Type an article number (Q155738), an error code (10038, 0x80004005, STOP 0xA) or words from a message.';
/** The accessible name of the search page's own form (the header's is "Site search"): two search landmarks, two names. */
export const SEARCH_FORM_LABEL = 'Search the archive';

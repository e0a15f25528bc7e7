/**
 * `<base>/assets/kb.js`, the one script of every page (deferred): the search box (client/kb.ts), the
 * service worker and the offline control (client/offline.ts), the theme toggle and copy buttons
 * (client/page-controls.ts), and on article pages the copy controls, heading links and contents
 * marker (client/article-page.ts, which does nothing on other pages). One file instead of four: one
 * tag and one request per page, cached once for the whole site. In this order, as the four ran.
 */
import './kb';
import './offline';
import './page-controls';
import './article-page';

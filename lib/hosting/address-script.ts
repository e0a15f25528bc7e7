/**
 * The GitHub Pages fallback, made instant: a small inline script (2.1 KB, 0.9 KB gzip) for the top of `<head>` of the 404
 * page and the home page. It reads the address with the rules of lib/routes.ts and calls
 * `location.replace` with the permalink before anything paints; nothing is fetched. It cannot know
 * whether the article exists (the bitset is 26 KB gzip for the archive), so it goes to the
 * permalink the number has by the scheme (or by the site's exceptions, inlined when there are at
 * most EXCEPTION_LIMIT); a number that names no article then lands on the 404 page at that
 * permalink, whose script says the archive has no such article. A server that applies the rules
 * itself marks its 404 page with a `Server-Timing: kb-rules` metric; the script then does nothing. Before leaving it stops the page's
 * loading (`window.stop()`), so nothing after it in the page is parsed, fetched or run. Pure and isomorphic.
 */
import { ADDRESS_RULES, BUCKET_BY_DIGITS, articlePath, articlePathOf, queryPattern } from '../routes';
import { RULES_APPLIED_METRIC } from './redirects';

/** Past this many numbered articles off the scheme, the inline script is left out (alias.js still resolves them). */
export const EXCEPTION_LIMIT = 200;

/** JSON safe inside an HTML `<script>`: no `</script>`, `<!--`, or line separators. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The numbered articles whose permalink is not the scheme's, as number → permalink. */
export function addressExceptions(articles: ReadonlyArray<{ number: number | null; permalink: string }>): Record<string, string> {
  const exceptions: Record<string, string> = {};
  const seen = new Set<number>();
  for (const a of articles) {
    if (a.number === null || a.number <= 0 || seen.has(a.number)) continue;
    seen.add(a.number);
    if (a.permalink !== articlePath(a.number)) exceptions[String(a.number)] = a.permalink;
  }
  return exceptions;
}

/** The inline script's text, or '' when the site has too many exceptions for it. */
export function addressRedirectScript(basePath: string, exceptions: Readonly<Record<string, string>>): string {
  if (Object.keys(exceptions).length > EXCEPTION_LIMIT) return '';
  const rules = ADDRESS_RULES.map((r) => [r.path, r.query ? queryPattern(r.query) : 0, r.number]);
  const buckets = BUCKET_BY_DIGITS.map((b) => [b.digits, b.prefix, b.group ? 1 : 0]);
  // the permalink template around its two parts: `/kb/` + bucket + `/Q` + number + `/`
  const [head = '', middle = '', tail = ''] = articlePathOf('\u0000', '\u0000').split('\u0000');
  return '(function(){try{' +
    `var B=${scriptJson(basePath)},L=location,P=L.pathname,S=L.search.replace(/^\\?/,''),R=${scriptJson(rules)},` +
    `E=${scriptJson(exceptions)},K=${scriptJson(buckets)},T=${scriptJson([head, middle, tail])},i,m,n=0,d,t;` +
    // a server that applies the rules answered this 404 already: the address names no article
    `var N=typeof performance!=='undefined'&&performance.getEntriesByType&&performance.getEntriesByType('navigation')[0];if(N&&N.serverTiming&&N.serverTiming.some(function(x){return x.name===${scriptJson(RULES_APPLIED_METRIC)}}))return;` +
    // the offline copy opened from disk has file paths, not addresses
    "if(L.protocol==='file:'||(P!==B&&P.indexOf(B+'/')!==0))return;P=P.slice(B.length)||'/';try{P=decodeURIComponent(P)}catch(e){}" +
    "P=P.trim().replace(/\\/{2,}/g,'/').replace(/\\/index\\.html?$/i,'/');" +
    "for(i=0;i<R.length&&!n;i++){m=new RegExp(R[i][0],'i').exec(P);if(m&&R[i][1])m=new RegExp(R[i][1],'i').exec(S);" +
    "if(m)n=+R[i][2].map(function(g){return m[g]||''}).join('')}" +
    'if(!(n>0))return;d=String(n);t=E[d];' +
    'for(i=0;!t&&i<K.length;i++){m=new RegExp(K[i][0]).exec(d);if(m)t=T[0]+K[i][1]+(K[i][2]?m[1]:\'\')+T[1]+d+T[2]}' +
    // stop the parser first: the rest of this page (and its scripts) never load, run or paint
    "if(t&&B+t!==L.pathname){if(typeof stop==='function')stop();L.replace(B+t+L.hash)}" +
    '}catch(e){}})();';
}

/**
 * The GitHub Pages fallback, made instant: a small inline script (2.6 KB, 1.2 KB gzip) for the top
 * of `<head>` of the 404 page and the home page. It reads the address with the rules of lib/routes.ts
 * and, before anything of the page is built or paints, puts the permalink's page in its place: it
 * reads the permalink's HTML with a synchronous request (the parser waits for it, as it would for a
 * navigation), sets the address to the permalink (`history.replaceState`) and writes that HTML into
 * the running parser, the rest of the 404 page becoming hidden text (`<plaintext hidden>`). That
 * saves the second navigation, which costs about 200 ms on a throttled phone (a new document and
 * frame), and keeps the CSS and scripts the 404 page's preload scanner already requested. With a
 * `#fragment`, without XMLHttpRequest, or when the permalink does not answer 200 with HTML (an
 * article that does not exist), it stops the page (`window.stop()`) and calls `location.replace`:
 * the permalink's own 404 page then says the archive has no such article.
 * It cannot know whether the article exists before asking (the bitset is 26 KB gzip for the
 * archive), so it asks for the permalink the number has by the scheme (or by the site's exceptions,
 * inlined when there are at most EXCEPTION_LIMIT). A server that applies the rules itself marks its
 * 404 page with a `Server-Timing: kb-rules` metric; the script then does nothing. Pure and isomorphic.
 */
import { ADDRESS_RULES, BUCKET_BY_DIGITS, articlePath, articlePathOf, idAddressPath, idPattern, queryPattern } from '../routes';
import { RULES_APPLIED_METRIC } from './redirects';

/** Past this many numbered articles off the scheme and articles without a number, the inline script is left out (alias.js still resolves them). */
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
export function addressRedirectScript(basePath: string, exceptions: Readonly<Record<string, string>>, ids: Readonly<Record<string, string>> = {}): string {
  if (Object.keys(exceptions).length + Object.keys(ids).length > EXCEPTION_LIMIT) return '';
  // the articles without a number: the pattern of their addresses (`idAddressPath`) and their permalink
  const idRules = Object.entries(ids).map(([id, permalink]) => [idAddressPath(idPattern(id)), permalink]);
  const rules = ADDRESS_RULES.map((r) => [r.path, r.query ? queryPattern(r.query) : 0, r.number]);
  const buckets = BUCKET_BY_DIGITS.map((b) => [b.digits, b.prefix, b.group ? 1 : 0]);
  // the permalink template around its two parts: `/kb/` + bucket + `/Q` + number + `/`
  const [head = '', middle = '', tail = ''] = articlePathOf('\u0000', '\u0000').split('\u0000');
  return '(function(){try{' +
    `var B=${scriptJson(basePath)},L=location,P=L.pathname,S=L.search.replace(/^\\?/,''),R=${scriptJson(rules)},` +
    `E=${scriptJson(exceptions)},I=${scriptJson(idRules)},K=${scriptJson(buckets)},T=${scriptJson([head, middle, tail])},i,m,n=0,d,t,u,x,a;` +
    // a server that applies the rules answered this 404 already: the address names no article
    `var N=typeof performance!=='undefined'&&performance.getEntriesByType&&performance.getEntriesByType('navigation')[0];if(N&&N.serverTiming&&N.serverTiming.some(function(x){return x.name===${scriptJson(RULES_APPLIED_METRIC)}}))return;` +
    // the offline copy opened from disk has file paths, not addresses
    "if(L.protocol==='file:'||(P!==B&&P.indexOf(B+'/')!==0))return;P=P.slice(B.length)||'/';try{P=decodeURIComponent(P)}catch(e){}" +
    "P=P.trim().replace(/\\/{2,}/g,'/').replace(/\\/index\\.html?$/i,'/');" +
    "for(i=0;i<R.length&&!n;i++){m=new RegExp(R[i][0],'i').exec(P);if(m&&R[i][1])m=new RegExp(R[i][1],'i').exec(S);" +
    "if(m)n=+R[i][2].map(function(g){return m[g]||''}).join('')}" +
    "if(n>0){d=String(n);t=Object.prototype.hasOwnProperty.call(E,d)?E[d]:0;" +
    'for(i=0;!t&&i<K.length;i++){m=new RegExp(K[i][0]).exec(d);if(m)t=T[0]+K[i][1]+(K[i][2]?m[1]:\'\')+T[1]+d+T[2]}}' +
    // no number: an article without one, by its ID
    "else for(i=0;!t&&i<I.length;i++)if(new RegExp(I[i][0],'i').test(P))t=I[i][1];" +
    "if(!t||B+t===L.pathname)return;u=B+t;" +
    // the fast way: no second navigation (a new document costs ~200 ms on a throttled phone). The
    // permalink's HTML is read (synchronously: the parser waits here, before anything of this page
    // is built or painted), the address becomes the permalink's, and its HTML is written into this
    // parser; `<plaintext hidden>` turns the rest of this page into hidden text, so none of it runs.
    // The files this page's preload scanner already requested (the shared CSS and scripts) are reused.
    "if(!L.hash&&typeof XMLHttpRequest==='function'&&typeof history==='object'&&history.replaceState){" +
    "x=new XMLHttpRequest();x.open('GET',u,false);x.send();" +
    "if(x.status===200&&/^text\\/html/i.test(x.getResponseHeader('content-type')||'')){" +
    "history.replaceState(history.state,'',x.responseURL||u);" +
    // `<html …>` in the written text only adds attributes this element lacks: it must lack them all
    'for(a=document.documentElement;a.attributes.length;)a.removeAttribute(a.attributes[0].name);' +
    "document.write(x.responseText+'<plaintext hidden>');return}}" +
    // the plain way (a fragment, no XMLHttpRequest, any failure): stop the parser (the rest of this
    // page never loads, runs or paints) and navigate
    "if(typeof stop==='function')stop();L.replace(u+L.hash)" +
    "}catch(e){if(u){try{stop()}catch(f){}L.replace(u+L.hash)}}})();";
}

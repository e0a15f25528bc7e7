/**
 * The one inline script of every page: applies the remembered theme before the first paint, so a
 * reader who chose dark does not see a white flash. Constant text, never built from content.
 */
export const THEME_BOOT_SCRIPT =
  "try{var t=localStorage.getItem('kb-theme');if(t==='dark'||t==='light')document.documentElement.setAttribute('data-theme',t)}catch(e){}";

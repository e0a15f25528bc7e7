/**
 * The one inline script of every page: applies the remembered theme before the first paint, so a
 * reader who chose dark does not see a white flash. Constant text, never built from content; kept short,
 * since every page carries it (the storage throws in some private modes, hence the try).
 */
export const THEME_BOOT_SCRIPT =
  "try{var t=localStorage['kb-theme'];if(t=='dark'||t=='light')document.documentElement.dataset.theme=t}catch(e){}";

/**
 * Search's view of error codes: the browser-safe half of lib/error-codes (no big table), so the same
 * normalizer reads codes in the index builder, the CLI and the browser.
 */
export { parseCodeQuery, canonicalTerm, type CodeQuery } from '../error-codes/parse-query';
export { lookupCitedCode, type CitedCodeLike } from '../error-codes/cited-lookup';

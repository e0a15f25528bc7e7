/**
 * Error codes: the table (generated from mingw-w64 headers), the normalizer (any spelling → every
 * reading), extraction from article text, and the small table of cited codes for the browser.
 * Browser code imports `lib/error-codes/parse-query` only: this module loads the whole table.
 */
export { extractErrorCodes, type ExtractInput } from './extract';
export { lookupCode, toMatch, type CodeMatch } from './normalize';
export { parseCodeQuery, canonicalTerm, toHex, type CodeQuery, type CodeReading } from './parse-query';
export { allEntries, entryByKey, entriesByName, entriesByValue, descriptionOf, facilityName, FAMILIES, type CodeEntry } from './table';
export { decomposeHresult, hresultFromWin32 } from './hresult';
export { buildCitedCodeTable, type CitedCode } from './cited-table';
export { lookupCitedCode, type CitedCodeLike } from './cited-lookup';
export type { CodeIdentity, ErrorCodeMention, ErrorFamily } from './types';

/**
 * Decodes HTML character references in a title exactly once: `&quot;` → `"`, `&#36;` → `$`,
 * and `&amp;lt;` → `&lt;` (shown as that text, never decoded a second time).
 */
import { decodeNamedCharacterReference } from 'decode-named-character-reference';
import { decodeNumericCharacterReference } from 'micromark-util-decode-numeric-character-reference';

const REFERENCE = /&(#[xX][0-9a-fA-F]{1,8}|#[0-9]{1,8}|[A-Za-z][A-Za-z0-9]{1,31});/g;

/** Replaces each character reference with its character, in one left-to-right pass. */
export function decodeEntities(text: string): string {
  if (!text.includes('&')) return text;
  return text.replace(REFERENCE, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const hex = ref[1] === 'x' || ref[1] === 'X';
      // micromark's decoder maps NUL, surrogates and out-of-range values to U+FFFD like HTML does
      return decodeNumericCharacterReference(hex ? ref.slice(2) : ref.slice(1), hex ? 16 : 10);
    }
    const named = decodeNamedCharacterReference(ref);
    return named === false ? whole : named;
  });
}

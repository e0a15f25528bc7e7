// STUB (to be replaced by the error-codes work): the public surface other modules rely on.
import type { ErrorCodeMention } from '../content/types';

/** Finds the error codes an article mentions (title and section texts), in any spelling. */
export function extractErrorCodes(_input: { title: string; sections: { kind: string; text: string }[] }): ErrorCodeMention[] {
  return [];
}

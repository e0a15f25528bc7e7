/**
 * The one home of a code's shape. Every other code type (the table's entry, a reading, an article's
 * mention, a cited code, a page's input, the search card) is derived from `CodeIdentity`.
 * Types only: safe for browser code to import.
 */

export type ErrorFamily = 'win32' | 'winsock' | 'hresult' | 'ntstatus' | 'bugcheck' | 'netapi';

/** What names a code: its key (`winsock/wsaenotsock`, the page path under /error/), name, family and value. */
export interface CodeIdentity {
  /** `family/name-lower`, also the page path under /error/ */
  key: string;
  name: string;
  family: ErrorFamily;
  value: number;
}

/** A code an article mentions, resolved through lib/error-codes. */
export interface ErrorCodeMention extends CodeIdentity {
  /** the spellings as written in the article (`error 10038`, `WSAENOTSOCK`), first seen first */
  spellings: string[];
  /** where it was found: `title` or section kinds */
  where: string[];
}

/**
 * JSON for a `<script type="application/ld+json">` element. Script content is raw text in HTML, so
 * nothing in it is escaped by the serializer: characters that could close the element or start
 * markup (`<`, `>`, `&`) and the JavaScript line separators are written as \uXXXX escapes instead,
 * which JSON parsers read back as the same characters.
 */

const UNSAFE = /[<>&\u2028\u2029]/g;

/** Serializes a value as JSON that is safe to place inside a script element. */
export function safeJsonForScript(value: unknown): string {
  return JSON.stringify(value).replace(UNSAFE, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

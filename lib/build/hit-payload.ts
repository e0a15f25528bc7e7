/**
 * What a warm build needs of an unchanged article, kept in the record cache's pack after its record
 * (cache.ts): the record's summary and its search terms as numbers of the cache's term dictionary, in
 * one binary piece. A hit is then read without its record (a tenth of the bytes), parsed without
 * JSON of its terms, and sent without numbering one word: that was most of the parse threads' time in
 * a warm build (parsing every record and its terms, and a map lookup per term).
 *
 * Layout (this machine's byte order: the cache is local): u32 length of the header, the header
 * (JSON: summary, doc row, the similar signature's other fields), padding to 4 bytes, six u32 counts
 * (title, lead, rest, pairs, similar title, similar lead), then those lists of u32.
 */
import type { RecordSummary } from '../parse/types';
import type { DocEntry } from '../search/format';
import type { NumberedSignature } from '../related/similar';

/** An article's search terms, every list in one numbering (load-parse-one.ts SearchTerms without thread). */
export interface PayloadTerms {
  title: Uint32Array;
  lead: Uint32Array;
  rest: Uint32Array;
  pairs: Uint32Array;
  doc: DocEntry;
  similar: NumberedSignature;
}

/** SearchTerms.thread of terms taken from a hit's payload: numbers of the cache's term dictionary (cache.ts). */
export const DICTIONARY_NUMBERS = -2;

const LISTS = 6;

/** The payload of a summary (as JSON text) and its terms (in a pooled buffer: copy it to keep it). */
export function encodePayload(summaryText: string, terms: PayloadTerms): Buffer {
  const { title: simTitle, lead: simLead, ...signature } = terms.similar;
  const header = `{"summary":${summaryText},"doc":${JSON.stringify(terms.doc)},"similar":${JSON.stringify(signature)}}`;
  const headerLength = Buffer.byteLength(header);
  const lists = [terms.title, terms.lead, terms.rest, terms.pairs, simTitle, simLead];
  const start = (4 + headerLength + 3) & ~3;
  let words = LISTS;
  for (const list of lists) words += list.length;
  // Node's pool hands out small buffers at 8-byte boundaries: the lists can be written as u32 in place
  let out = Buffer.allocUnsafe(start + words * 4);
  if (out.byteOffset % 4 !== 0) out = Buffer.alloc(start + words * 4);
  out.writeUInt32LE(headerLength, 0);
  out.write(header, 4);
  out.fill(0, 4 + headerLength, start);
  const u32 = new Uint32Array(out.buffer, out.byteOffset + start, words);
  let at = LISTS;
  lists.forEach((list, i) => {
    u32[i] = list.length;
    u32.set(list, at);
    at += list.length;
  });
  return out;
}

/** A payload back: the summary and the terms (views into `bytes`, which must start at a 4-byte boundary). */
export function decodePayload(bytes: Uint8Array): { summary: RecordSummary; terms: PayloadTerms } {
  if (bytes.byteOffset % 4 !== 0) throw new Error('decodePayload: the bytes must start at a 4-byte boundary');
  // (a Buffer as read from the pack is used as it is: one object less per hit)
  const view = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  const headerLength = view.readUInt32LE(0);
  const header = JSON.parse(view.toString('utf8', 4, 4 + headerLength)) as { summary: RecordSummary; doc: DocEntry; similar: Omit<NumberedSignature, 'title' | 'lead'> };
  const start = (4 + headerLength + 3) & ~3;
  const counts = new Uint32Array(bytes.buffer, bytes.byteOffset + start, LISTS);
  const lists: Uint32Array[] = [];
  let at = bytes.byteOffset + start + LISTS * 4;
  for (let i = 0; i < LISTS; i++) {
    const n = counts[i]!;
    if (at + n * 4 > bytes.byteOffset + bytes.length) throw new Error('decodePayload: the payload is cut short');
    lists.push(new Uint32Array(bytes.buffer, at, n));
    at += n * 4;
  }
  const [title, lead, rest, pairs, simTitle, simLead] = lists as [Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array, Uint32Array];
  return { summary: header.summary, terms: { title, lead, rest, pairs, doc: header.doc, similar: { ...header.similar, title: simTitle, lead: simLead } } };
}

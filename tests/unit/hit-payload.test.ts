import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodePayload, encodePayload, type PayloadTerms } from '../../lib/build/hit-payload';
import type { RecordSummary } from '../../lib/parse/types';

const summary = { id: 'Q155738', title: 'Error 10038 — “WSAENOTSOCK”', sections: [{ kind: 'symptoms' }] } as unknown as RecordSummary;
const terms: PayloadTerms = {
  title: Uint32Array.of(0, 1, 2), lead: Uint32Array.of(3), rest: new Uint32Array(0), pairs: Uint32Array.of(0xffffffff, 7),
  doc: ['Q155738', 'Error 10038', '/kb/155/Q155738/', -1, '1999-01-01', []],
  similar: { id: 'Q155738', group: 'Winsock', title: Uint32Array.of(1, 2), lead: Uint32Array.of(3) },
};

test('a hit payload gives back the summary and every list of terms', () => {
  const bytes = encodePayload(JSON.stringify(summary), terms);
  const copy = new Uint8Array(new ArrayBuffer(bytes.length));
  copy.set(bytes);
  const back = decodePayload(copy);
  assert.deepEqual(back.summary, summary);
  assert.deepEqual(back.terms, terms);
});

test('a payload cut short or off a 4-byte boundary is refused, not read wrong', () => {
  const bytes = encodePayload(JSON.stringify(summary), terms);
  const short = new Uint8Array(new ArrayBuffer(bytes.length - 4));
  short.set(bytes.subarray(0, bytes.length - 4));
  assert.throws(() => decodePayload(short), /cut short/);
  const shifted = new Uint8Array(new ArrayBuffer(bytes.length + 1), 1);
  shifted.set(bytes);
  assert.throws(() => decodePayload(shifted), /4-byte boundary/);
});

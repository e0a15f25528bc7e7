import assert from 'node:assert/strict';
import { test } from 'node:test';
import { idTerm, isIdTerm, phraseWords, tokenize, tokenizeQuery, tokenizeWithWords } from '../../lib/search/tokenize';
import { hashString, pairHash } from '../../lib/search/format';

test('tokenize lower-cases and keeps numbers whole', () => {
  assert.deepEqual(tokenize('Error 10038 (WSAENOTSOCK) on socket 1003'), ['error', '10038', 'wsaenotsock', 'on', 'socket', '1003']);
});

test('hex codes lose their zero padding, so 0xA and 0x0000000A are one term', () => {
  assert.deepEqual(tokenize('STOP 0x0000000A'), ['stop', '0xa']);
  assert.deepEqual(tokenize('Stop 0xA'), ['stop', '0xa']);
  assert.deepEqual(tokenize('0x80004005'), ['0x80004005']);
  assert.deepEqual(tokenize('0x0'), ['0x0']);
});

test('article numbers in any spelling become the ID term', () => {
  assert.deepEqual(tokenize('see Q155738 and KB155738 and q0155738'), ['see', 'q155738', 'and', 'q155738', 'and', 'q155738']);
  assert.deepEqual(tokenizeQuery('kb 155738'), ['q155738']);
  assert.deepEqual(tokenizeQuery('Q 155738'), ['q155738']);
  assert.equal(idTerm(155738), 'q155738');
  assert.ok(isIdTerm('q155738'));
  assert.ok(!isIdTerm('qwerty'));
});

test('identifiers with underscores give the name and its parts when indexed, only the name when queried', () => {
  assert.deepEqual(tokenize('ERROR_ACCESS_DENIED'), ['error_access_denied', 'error', 'access', 'denied']);
  assert.deepEqual(tokenizeQuery('ERROR_ACCESS_DENIED'), ['error_access_denied']);
});

test('versions stay one term; single letters are dropped, single digits kept', () => {
  assert.deepEqual(tokenize('Windows NT 3.51, error 5, a b'), ['windows', 'nt', '3.51', 'error', '5']);
});

test('stop words are dropped from queries unless the query is only stop words', () => {
  assert.deepEqual(tokenizeQuery('how to fix the setup error'), ['fix', 'setup', 'error']);
  assert.deepEqual(tokenizeQuery('to be or not to be'), ['to', 'be', 'or', 'not', 'to', 'be']);
});

test('overlong tokens (encoded data) are not terms', () => {
  assert.deepEqual(tokenize(`x ${'a'.repeat(41)} ok`), ['ok']);
});

test('tokenizeWithWords: tokenize() and phraseWords() of a text in one pass', () => {
  for (const text of ['Error 0x2736 (WSAENOTSOCK) on SOCKET_ERROR, code 00002736h', 'Q155738: KB 155738 and 1.2.3 é ü — a b c', '']) {
    const words: string[] = ['left over'];
    words.length = 0;
    assert.deepEqual(tokenizeWithWords(text, words), tokenize(text));
    assert.deepEqual(words, phraseWords(text));
  }
});

test('pairHash is hashString of the two words joined by a space, without making the string', () => {
  for (const [a, b] of [['error', '10038'], ['', ''], ['é', '😀x'], ['socket_error', '0x2736']] as const) {
    assert.equal(pairHash(a, b), hashString(`${a} ${b}`));
  }
});

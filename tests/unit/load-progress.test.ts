import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createProgress } from '../../lib/build/progress';

function capture(isTTY: boolean): { stream: { isTTY: boolean; write(t: string): boolean }; text: () => string } {
  let out = '';
  return { stream: { isTTY, write: (t: string) => { out += t; return true; } }, text: () => out };
}

test('not a terminal: one line per 5% step and a final line, no carriage returns', () => {
  const { stream, text } = capture(false);
  let clock = 0;
  const p = createProgress(60_335, 'parsed', stream, () => clock);
  for (let done = 1; done <= 60_335; done += 7) { clock = done / 10; p.tick(done); }
  p.end(60_335);
  const lines = text().trimEnd().split('\n');
  assert.equal(lines.length, 20, lines.join('\n')); // 5% … 95%, then the end line
  assert.match(lines[3] ?? '', /^parsed 12,06\d\/60,335 files \(20%\) [\d.]+ s$/);
  assert.match(lines.at(-1) ?? '', /^parsed 60,335\/60,335 files \(100%\)/);
  assert.ok(!text().includes('\r'));
});

test('a terminal: one redrawn line with a bar', () => {
  const { stream, text } = capture(true);
  let clock = 0;
  const p = createProgress(100, 'parsed', stream, () => clock);
  clock = 500;
  p.tick(50);
  p.end(100);
  assert.match(text(), /^\r\[#{15}\.{15}\] parsed 50\/100 files \(50%\)/);
  assert.equal(text().split('\n').length, 2);
});

test('short runs print only the final line when not on a terminal', () => {
  const { stream, text } = capture(false);
  const p = createProgress(36, 'parsed', stream, () => 0);
  for (let i = 1; i <= 36; i++) p.tick(i);
  p.end(36);
  assert.equal(text(), 'parsed 36/36 files (100%) 0.0 s\n');
});

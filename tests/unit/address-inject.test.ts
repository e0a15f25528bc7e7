/** A rebuild leaves unchanged pages in place: injecting the address script again replaces the old one. */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, test } from 'node:test';
import { injectAddressScript } from '../../lib/hosting/index';

const dir = mkdtempSync(path.join(tmpdir(), 'kb-inject-'));
after(() => rmSync(dir, { recursive: true, force: true }));

test('the address script is injected once, replaced by the next build\'s, removed when there is none', async () => {
  const file = path.join(dir, 'index.html');
  writeFileSync(file, '<!DOCTYPE html><html><head><title>x</title></head><body></body></html>');
  await injectAddressScript(dir, 'var a=1;');
  const once = readFileSync(file, 'utf8');
  assert.equal(once, '<!DOCTYPE html><html><head><script data-kb-address="">var a=1;</script><title>x</title></head><body></body></html>');
  await injectAddressScript(dir, 'var a=1;');
  assert.equal(readFileSync(file, 'utf8'), once, 'same script: same bytes');
  await injectAddressScript(dir, 'var a=2;');
  assert.equal(readFileSync(file, 'utf8'), once.replace('a=1', 'a=2'), 'a new script replaces the old one');
  await injectAddressScript(dir, '');
  assert.equal(readFileSync(file, 'utf8'), '<!DOCTYPE html><html><head><title>x</title></head><body></body></html>');
});

test('the address script goes after a leading <meta charset>, so the encoding is known before it writes the permalink\'s page', async () => {
  const file = path.join(dir, '404.html');
  writeFileSync(file, '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>x</title></head><body></body></html>');
  await injectAddressScript(dir, 'var a=1;');
  assert.equal(readFileSync(file, 'utf8'), '<!doctype html><html lang="en"><head><meta charset="utf-8"><script data-kb-address="">var a=1;</script><title>x</title></head><body></body></html>');
});

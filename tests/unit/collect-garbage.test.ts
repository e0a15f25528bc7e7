/**
 * The render workers' periodic garbage collection (lib/render/collect-garbage.ts): a full collection
 * every N pages when the build exposed gc, nothing otherwise.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { exposedGc, pageRendered } from '../../lib/render/collect-garbage';

test('collects every N pages when gc is exposed, and does nothing without it', () => {
  const page = globalThis as { gc?: () => void };
  const saved = page.gc;
  try {
    page.gc = undefined;
    for (let i = 0; i < 10; i++) pageRendered(3); // no gc: nothing to call, nothing counted
    let calls = 0;
    page.gc = () => { calls++; };
    for (let i = 0; i < 10; i++) pageRendered(3);
    assert.equal(calls, 3);
  } finally {
    page.gc = saved;
  }
});

test('exposedGc gives V8\'s full collection without --expose-gc on the command line', () => {
  const gc = exposedGc();
  assert.equal(typeof gc, 'function');
  gc(); // a real full collection: throws if it is not one
});

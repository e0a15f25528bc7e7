#!/usr/bin/env node
// Entry for `npx kb`. In a checkout with dev dependencies it runs the TypeScript sources through tsx
// (always the code as it is now); without them (an install from the package) it runs dist/kb.mjs,
// the bundle `npm run prepare` made with esbuild, on Node alone.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const bundled = fileURLToPath(new URL('../dist/kb.mjs', import.meta.url));
let tsx = null;
try { tsx = await import('tsx/esm/api'); } catch { /* no dev dependencies */ }
if (tsx && process.env.KB_CLI_BUNDLE !== '1') {
  tsx.register();
  await import(fileURLToPath(new URL('../scripts/kb.ts', import.meta.url)));
} else if (existsSync(bundled)) {
  await import(bundled);
} else {
  console.error('kb: neither tsx (a dev dependency) nor dist/kb.mjs (made by `npm run prepare`) is here: run `npm install`');
  process.exitCode = 1;
}

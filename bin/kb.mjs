#!/usr/bin/env node
// Entry for `npx kb`: runs the TypeScript CLI through tsx so no compile step is needed.
import { register } from 'tsx/esm/api';
import { fileURLToPath } from 'node:url';
register();
await import(fileURLToPath(new URL('../scripts/kb.ts', import.meta.url)));

#!/usr/bin/env bash
# The whole test suite: `npm test`. Unit and fixture tests, then the site built from content/ and
# tested in headless Chromium, then the real-corpus tests (skipped with a message when the corpus is absent).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "== typecheck"
npx tsc --noEmit

echo "== build the sample site (content/)"
npm run build --silent

echo "== tests: unit, e2e, corpus"
node --import tsx --test --test-concurrency=1 --test-reporter=spec \
  tests/unit/*.test.ts tests/e2e/*.test.ts tests/corpus/*.test.ts

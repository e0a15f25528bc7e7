/**
 * The address rules for a local server (`npm run serve`): reads the export's `_kb/aliases.json`
 * (again when the build rewrites it) and answers with lib/hosting/redirects.ts's pure decision.
 * Server-only (fs).
 */
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { AliasData } from './alias-path';
import { answerAddress, permalinkOfId, permalinkOfNumber, type AddressAnswer, type AddressRequest } from './redirects';

/** Answers one request (see lib/hosting/redirects.ts); null to serve it as usual. */
export type AddressResponder = (request: AddressRequest) => AddressAnswer | null;

/** A responder for the export in `root`; it answers nothing when the export has no alias data. */
export function createAddressResponder(root: string, basePath: string): AddressResponder {
  const file = path.join(root, '_kb', 'aliases.json');
  let cached: { mtimeMs: number; data: AliasData } | null = null;
  const load = (): AliasData | null => {
    try {
      const { mtimeMs } = statSync(file);
      if (cached?.mtimeMs !== mtimeMs) cached = { mtimeMs, data: JSON.parse(readFileSync(file, 'utf8')) as AliasData };
      return cached.data;
    } catch {
      return null;
    }
  };
  return (request) => {
    const data = load();
    return data ? answerAddress(request, (n) => permalinkOfNumber(data, n), basePath, (id) => permalinkOfId(data, id)) : null;
  };
}

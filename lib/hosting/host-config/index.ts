/**
 * `kb host-config <server>`: the configuration of a web server for the export, generated from the
 * address rules of lib/routes.ts and the export's alias data. Server-only (reads `_kb/aliases.json`).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AliasData } from '../alias-path';
import { apacheConfig } from './apache';
import { caddyConfig } from './caddy';
import { cloudfrontFunction } from './cloudfront';
import type { HostConfigInput } from './common';
import { nginxConfig } from './nginx';
import { numberedArticles, redirectsFile } from './netlify';

export const HOSTS = ['nginx', 'apache', 'caddy', 'netlify', 'cloudfront'] as const;
export type Host = (typeof HOSTS)[number];

/** Reads the export's alias data; a clear error when the folder is not a build. */
export function readAliasData(root: string): AliasData {
  const file = path.join(root, '_kb', 'aliases.json');
  if (!existsSync(file)) throw new Error(`${file} does not exist: --root must be a built export (run \`npm run build\`)`);
  return JSON.parse(readFileSync(file, 'utf8')) as AliasData;
}

/** The configuration text for one host. */
export function hostConfig(host: Host, options: { root: string; port: number; basePath: string }): string {
  const root = path.resolve(options.root);
  const data = readAliasData(root);
  const input: HostConfigInput = { root, port: options.port, basePath: options.basePath, exceptions: data.exceptions, ids: data.ids };
  switch (host) {
    case 'nginx': return nginxConfig(input);
    case 'apache': return apacheConfig(input);
    case 'caddy': return caddyConfig(input);
    case 'cloudfront': return cloudfrontFunction(input);
    case 'netlify': return redirectsFile({ basePath: options.basePath, articles: numberedArticles(data), ids: data.ids }).text;
  }
}

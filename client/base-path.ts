/**
 * The site's base path in the browser: from `<meta name="kb-base-path">` (every page has it),
 * else NEXT_PUBLIC_KB_BASE_PATH baked in at build time.
 */
declare const process: { env: Record<string, string | undefined> } | undefined;

/** '' or `/sub/path`, without a trailing slash. */
export function basePath(): string {
  const meta = document.querySelector<HTMLMetaElement>('meta[name="kb-base-path"]');
  const raw = meta?.content ?? (typeof process !== 'undefined' ? process.env.NEXT_PUBLIC_KB_BASE_PATH : '') ?? '';
  const trimmed = raw.trim().replace(/^\/+|\/+$/g, '');
  return trimmed ? `/${trimmed}` : '';
}

/** Prefixes a site path with the base path. */
export function withBase(path: string): string {
  return basePath() + path;
}

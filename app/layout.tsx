/**
 * The layout of the React pages (the error-code index; Next's own not-found fallback). The header and
 * footer are lib/render/chrome.ts's, the very trees the static pages use: React writes each outer
 * element and sets its children as inner HTML, which it does not hydrate, so the scripts that enhance
 * them (the suggestion list, the offline control) never make React re-render the page.
 */
import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { Chrome } from '../components/chrome';
import { chromeParts } from '../lib/render/chrome';
import { THEME_BOOT_SCRIPT } from '../lib/render/theme-script';
import { getSiteConfig } from '../lib/site-config';

const config = getSiteConfig();

export const metadata: Metadata = {
  metadataBase: new URL(`${config.siteUrl}/`),
  title: { default: 'KB Archive', template: '%s · KB Archive' },
  description: 'Knowledge-base articles as a fast static site: read, search, and look up error codes.',
};

export const viewport: Viewport = { width: 'device-width', initialScale: 1 };

export default function RootLayout({ children }: { children: ReactNode }) {
  const { withBase, basePath } = config;
  const chrome = chromeParts({ basePath, siteName: 'KB Archive' });
  return (
    <html lang="en" data-kb-page="react" suppressHydrationWarning>
      <head>
        <meta name="kb-base-path" content={basePath} />
        <link rel="stylesheet" href={withBase('/assets/kb.css')} />
        <link rel="icon" type="image/svg+xml" href={withBase('/assets/icon.svg')} />
        <link rel="search" type="application/opensearchdescription+xml" href={withBase('/opensearch.xml')} title="KB Archive" />
        {/* constant text, never built from content: applies the saved theme before first paint */}
        <script dangerouslySetInnerHTML={{ __html: THEME_BOOT_SCRIPT }} />
        <script src={withBase('/assets/kb.js')} defer />
      </head>
      <body>
        <Chrome part={chrome.skipLink} />
        <Chrome part={chrome.header} />
        <main id="main" tabIndex={-1}>{children}</main>
        <Chrome part={chrome.footer} />
      </body>
    </html>
  );
}

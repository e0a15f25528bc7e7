/**
 * The layout of the React pages (home, search, error-code index, 404). The static HTML pages build
 * the same shell in lib/render/layout.ts: same stylesheet, header, footer and scripts.
 */
import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import { SiteFooter } from '../components/site-footer';
import { SiteHeader } from '../components/site-header';
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
        <script src={withBase('/assets/offline.js')} defer />
        <script src={withBase('/assets/article.js')} defer />
      </head>
      <body>
        <SiteHeader />
        <main id="main" tabIndex={-1}>{children}</main>
        <SiteFooter />
      </body>
    </html>
  );
}

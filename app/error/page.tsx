/**
 * The error-code index: the families of codes and the codes the archive mentions most, each
 * linking to its page (drawn by lib/render/error-page.ts).
 */
import type { Metadata } from 'next';
import { getReactPageData } from '../../lib/build/store';
import { errorPath, FAMILY_NAMES } from '../../lib/render/error-page';
import { formatCount, plural } from '../../lib/render/format';
import { getSiteConfig } from '../../lib/site-config';

export const metadata: Metadata = { title: 'Error codes', description: 'Error codes the archive mentions, with the articles about each.' };

const MOST_CITED = 100;

export default async function ErrorIndexPage() {
  const { withBase } = getSiteConfig();
  const codes = getReactPageData().errorCodes;
  const families = new Map<string, typeof codes>();
  for (const code of codes) families.set(code.family, [...(families.get(code.family) ?? []), code]);
  const byCount = (a: (typeof codes)[number], b: (typeof codes)[number]) => b.count - a.count || a.name.localeCompare(b.name);
  const top = [...codes].sort(byCount).slice(0, MOST_CITED);
  return (
    <div className="reading">
      <nav className="breadcrumbs" aria-label="Breadcrumb">
        <ol><li><a href={withBase('/')}>Home</a></li><li><span aria-current="page">Error codes</span></li></ol>
      </nav>
      <h1>Error codes</h1>
      <p className="lead">
        {plural(codes.length, 'code')} mentioned in the articles, in whatever spelling they used: <code>10038</code>,{' '}
        <code>0x2736</code> and <code>WSAENOTSOCK</code> are one Windows Sockets error. Search for any spelling.
      </p>
      <h2>Families</h2>
      <ul className="family-list">
        {[...families.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([family, list]) => (
          <li key={family}>
            <a href={`#family-${family}`}>{FAMILY_NAMES[family] ?? family}</a> <span className="count">({formatCount(list.length)} codes)</span>
          </li>
        ))}
      </ul>
      <h2>Most mentioned</h2>
      <ol className="article-list">
        {top.map((c) => (
          <li key={c.key}>
            <a href={withBase(errorPath(c.key))}>{c.name}</a> <span className="code-family">{FAMILY_NAMES[c.family] ?? c.family} {c.value}</span>{' '}
            <span className="count">{plural(c.count, 'article')}</span>
          </li>
        ))}
      </ol>
      {[...families.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([family, list]) => (
        <section key={family} id={`family-${family}`} aria-labelledby={`family-${family}-heading`}>
          <h2 id={`family-${family}-heading`}>{FAMILY_NAMES[family] ?? family}</h2>
          <ul className="product-grid">
            {[...list].sort(byCount).map((c) => (
              <li key={c.key}><a href={withBase(errorPath(c.key))}>{c.name}</a> <span className="count">({formatCount(c.count)})</span></li>
            ))}
          </ul>
        </section>
      ))}
    </div>
  );
}

/**
 * Home: what the archive holds, a picture of it (articles per year, the largest products) and
 * every product to browse. A server component: no client JavaScript.
 */
import { ProductChart } from '../components/product-chart';
import { ProductList } from '../components/product-list';
import { YearChart } from '../components/year-chart';
import { getSiteData } from '../lib/build/store';
import { formatCount } from '../lib/render/format';
import { productPath } from '../lib/render/product-page';
import { getSiteConfig } from '../lib/site-config';

const TOP_PRODUCTS = 15;

export default async function HomePage() {
  const site = getSiteData();
  const { withBase } = getSiteConfig();
  const products = [...site.products].sort((a, b) => b.count - a.count || a.name.localeCompare(b.name));
  const codes = Object.keys(site.errorIndex).length;
  const years = Object.keys(site.years).filter((y) => /^\d{4}$/.test(y)).sort();
  const span = years.length ? `${years[0]}–${years[years.length - 1]}` : '';
  return (
    <>
      <h1>Knowledge-base archive</h1>
      <p className="lead">
        {formatCount(site.articles.length)} articles{span ? ` last modified ${span}` : ''}, each with its symptoms,
        cause and resolution as sections you can link to. Search by article number, error code or words.
      </p>
      <ul className="stats">
        <li><strong>{formatCount(site.articles.length)}</strong><span>articles</span></li>
        <li><strong>{formatCount(site.products.length)}</strong><span>products</span></li>
        <li><strong>{formatCount(codes)}</strong><span><a href={withBase('/error/')}>error codes</a> mentioned</span></li>
      </ul>
      <h2>The archive at a glance</h2>
      <div className="charts">
        <YearChart years={site.years} />
        <ProductChart products={products.slice(0, TOP_PRODUCTS).map((p) => ({ name: p.name, count: p.count, href: withBase(productPath(p.slug)) }))} />
      </div>
      <h2 id="products">Browse by product</h2>
      <ProductList products={products.map((p) => ({ name: p.name, count: p.count, href: withBase(productPath(p.slug)) }))} />
    </>
  );
}

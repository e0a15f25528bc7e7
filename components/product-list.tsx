/** Every product with its article count, in columns, each linking to its page. */
import { formatCount } from '../lib/render/format';
import type { ProductBar } from './product-chart';

/** The list of products (sorted by the caller). */
export function ProductList({ products }: { products: ProductBar[] }) {
  return (
    <ul className="product-grid" aria-labelledby="products">
      {products.map((p) => (
        <li key={p.href}>
          <a href={p.href}>{p.name}</a> <span className="count">({formatCount(p.count)})</span>
        </li>
      ))}
    </ul>
  );
}

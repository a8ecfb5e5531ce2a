import { Layout, type PageMeta } from '../../views/layout.js'
import type { CatalogPage as CatalogData } from '../catalog.js'
import { ProductCard } from './ProductCard.js'

// /shop and /shop/c/<category>: the categories as a nav, the products as cards.

export function CatalogPage({ data, meta }: { data: CatalogData; meta: PageMeta }) {
  const current = data.category
  return (
    <Layout meta={meta} wide>
      <header class="shop-header">
        <p class="eyebrow">Shop</p>
        <h1>{current ? current.name : 'Shop'}</h1>
        {current?.description
          ? <p class="lead">{current.description}</p>
          : current ? null : <p class="lead">Derma rollers, minoxidil and scalp care, sent from Germany. Each page says what the product is and how to use it safely.</p>}
      </header>
      {data.categories.length ? (
        <nav class="shop-categories" aria-label="Shop categories">
          <ul>
            <li><a href="/shop" aria-current={current ? undefined : 'page'}>All products</a></li>
            {data.categories.map((c) => (
              <li><a href={`/shop/c/${c.slug}`} aria-current={current?.id === c.id ? 'page' : undefined}>{c.name}</a></li>
            ))}
          </ul>
        </nav>
      ) : null}
      {data.products.length ? (
        <div class="product-grid">
          {data.products.map((p) => <ProductCard card={p} currency={data.currency} />)}
        </div>
      ) : <p class="empty">No products here yet.</p>}
    </Layout>
  )
}

import { decimalString } from './money.js'
import type { ShownProduct, StockState } from './catalog.js'
import { pictureSources } from '../content/index.js'

// schema.org Product data for a product page: one Offer per variant with its
// SKU, price (a plain decimal), currency and availability. It names no
// ratings, reviews or outcomes (the health-claims rule).

const AVAILABILITY: Record<StockState['kind'], string> = {
  'in-stock': 'https://schema.org/InStock',
  low: 'https://schema.org/LimitedAvailability',
  'sold-out': 'https://schema.org/OutOfStock',
}

export function productJsonLd(site: { title: string; url: string }, p: ShownProduct, currency: string) {
  const url = `${site.url}/shop/p/${p.slug}`
  const images = [p.featured, ...p.gallery].flatMap((m) => (m ? [`${site.url}${pictureSources(m).largestSrc}`] : []))
  return {
    '@context': 'https://schema.org',
    '@type': 'Product',
    name: p.name,
    description: p.summary || undefined,
    url,
    image: images.length ? images : undefined,
    category: p.category?.name,
    brand: { '@type': 'Brand', name: site.title },
    offers: p.variants.map((v) => ({
      '@type': 'Offer',
      name: v.name,
      sku: v.sku,
      price: decimalString(v.priceCents, currency),
      priceCurrency: currency,
      availability: AVAILABILITY[v.stock.kind],
      itemCondition: 'https://schema.org/NewCondition',
      url: `${url}?sku=${encodeURIComponent(v.sku)}`,
      seller: { '@type': 'Organization', name: site.title },
    })),
  }
}

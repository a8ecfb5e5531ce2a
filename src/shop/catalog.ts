import type { Deps } from '../deps.js'
import { hasRole, ROLES, type Actor } from '../accounts/index.js'
import { mediaInfoByIds, type MediaInfo } from '../content/index.js'
import { readShopSettings } from './queries/pricing.js'
import * as q from './queries/catalog.js'
import type { ProductClass, ProductStatus } from './tables.js'

// The catalog as shoppers see it: the category listing, product pages and
// the cards articles embed. Readers see active products only; shop staff may
// preview drafts and archived ones. Prices and stock are read fresh each time.

export type Image = MediaInfo & { alt: string }

export type StockState = { kind: 'in-stock' } | { kind: 'low'; left: number } | { kind: 'sold-out' }

export interface ShownVariant {
  sku: string
  name: string
  priceCents: number
  /** Only when higher than the price. */
  compareAtCents: number | null
  weightGrams: number
  supplyMonths: number | null
  stock: StockState
}

export interface ShownProduct {
  id: number
  slug: string
  name: string
  summary: string
  descriptionHtml: string
  productClass: ProductClass
  status: ProductStatus
  evidencePath: string
  category: { slug: string; name: string } | null
  featured: Image | null
  gallery: Image[]
  variants: ShownVariant[]
}

export interface ProductCardData {
  slug: string
  name: string
  summary: string
  productClass: ProductClass
  featured: Image | null
  /** The lowest price, or null when nothing can be bought. */
  priceCents: number | null
  /** More than one price: shown as "from €x". */
  fromPrice: boolean
  compareAtCents: number | null
  stock: StockState
}

export function stockState(v: { stock: number | null; low_stock_threshold: number }): StockState {
  if (v.stock === null) return { kind: 'in-stock' }
  if (v.stock <= 0) return { kind: 'sold-out' }
  if (v.stock <= v.low_stock_threshold) return { kind: 'low', left: v.stock }
  return { kind: 'in-stock' }
}

function shownVariant(v: q.VariantRow): ShownVariant {
  return {
    sku: v.sku, name: v.name, priceCents: v.price_cents,
    compareAtCents: v.compare_at_cents !== null && v.compare_at_cents > v.price_cents ? v.compare_at_cents : null,
    weightGrams: v.weight_grams, supplyMonths: v.supply_months, stock: stockState(v),
  }
}

/** A card's price and stock from the product's buyable variants. */
export function cardOf(p: q.ProductRow, variants: ShownVariant[], featured: Image | null): ProductCardData {
  const prices = [...new Set(variants.map((v) => v.priceCents))]
  const cheapest = variants.length ? variants.reduce((a, b) => (b.priceCents < a.priceCents ? b : a)) : null
  let stock: StockState = { kind: 'sold-out' }
  if (variants.some((v) => v.stock.kind !== 'sold-out')) {
    const open = variants.filter((v) => v.stock.kind !== 'sold-out')
    stock = open.length === 1 && open[0].stock.kind === 'low' ? open[0].stock : { kind: 'in-stock' }
  }
  return {
    slug: p.slug, name: p.name, summary: p.summary, productClass: p.product_class, featured,
    priceCents: cheapest?.priceCents ?? null, fromPrice: prices.length > 1,
    compareAtCents: prices.length === 1 ? cheapest?.compareAtCents ?? null : null, stock,
  }
}

async function cardsFor(deps: Pick<Deps, 'db'>, products: q.ProductRow[]): Promise<ProductCardData[]> {
  const [variants, media] = await Promise.all([
    q.variantsOf(deps.db, products.map((p) => p.id)),
    mediaInfoByIds(deps, products.flatMap((p) => (p.featured_media_id ? [p.featured_media_id] : []))),
  ])
  return products.map((p) => cardOf(p, variants.filter((v) => v.product_id === p.id).map(shownVariant), p.featured_media_id ? media.get(p.featured_media_id) ?? null : null))
}

export interface CatalogPage {
  currency: string
  categories: q.CategoryRow[]
  /** Set on a category's page. */
  category: q.CategoryRow | null
  products: ProductCardData[]
}

/** /shop (every active product) or /shop/c/<slug> (one category's); null for an unknown category. */
export async function catalogPage(deps: Pick<Deps, 'db'>, categorySlug?: string): Promise<CatalogPage | null> {
  const category = categorySlug === undefined ? null : await q.categoryBySlug(deps.db, categorySlug)
  if (category === undefined) return null
  const [settings, categories, products] = await Promise.all([
    readShopSettings(deps.db),
    q.listCategories(deps.db),
    q.listProducts(deps.db, { statuses: ['active'], categoryId: category?.id }),
  ])
  return { currency: settings.currency, categories, category, products: await cardsFor(deps, products) }
}

/** The shop's pages for the sitemap: the catalog, categories with an active product, and every active product. */
export async function sitemapPaths(deps: Pick<Deps, 'db'>): Promise<{ path: string; lastmod?: string }[]> {
  const [categories, products] = await Promise.all([q.listCategories(deps.db), q.listProducts(deps.db, { statuses: ['active'] })])
  if (!products.length) return []
  const used = new Set(products.map((p) => p.category_id))
  return [
    { path: '/shop', lastmod: products.reduce((a, p) => (p.updated_at > a ? p.updated_at : a), products[0].updated_at) },
    ...categories.filter((c) => used.has(c.id)).map((c) => ({ path: `/shop/c/${c.slug}` })),
    ...products.map((p) => ({ path: `/shop/p/${p.slug}`, lastmod: p.updated_at })),
  ]
}

export type ProductLookup =
  | { kind: 'not-found' }
  | { kind: 'visible' | 'preview'; product: ShownProduct; currency: string }

/** A product page: active for everyone; a draft or archived one only for shop staff (a preview). */
export async function findProductFor(deps: Pick<Deps, 'db'>, actor: Actor, slug: string): Promise<ProductLookup> {
  const p = await q.productBySlug(deps.db, slug)
  if (!p) return { kind: 'not-found' }
  const staff = hasRole(actor, ...ROLES.shop)
  if (p.status !== 'active' && !staff) return { kind: 'not-found' }
  const [settings, variants, galleryIds, category] = await Promise.all([
    readShopSettings(deps.db),
    q.variantsOf(deps.db, [p.id]),
    q.galleryMediaIds(deps.db, p.id),
    p.category_id ? q.categoryById(deps.db, p.category_id) : Promise.resolve(undefined),
  ])
  const media = await mediaInfoByIds(deps, [...(p.featured_media_id ? [p.featured_media_id] : []), ...galleryIds])
  const product: ShownProduct = {
    id: p.id, slug: p.slug, name: p.name, summary: p.summary, descriptionHtml: p.description_html, productClass: p.product_class,
    status: p.status, evidencePath: p.evidence_path, category: category ? { slug: category.slug, name: category.name } : null,
    featured: p.featured_media_id ? media.get(p.featured_media_id) ?? null : null,
    gallery: galleryIds.flatMap((id) => (id !== p.featured_media_id && media.has(id) ? [media.get(id)!] : [])),
    variants: variants.map(shownVariant),
  }
  return { kind: p.status === 'active' ? 'visible' : 'preview', product, currency: settings.currency }
}

export type EmbeddedCard = { kind: 'card'; card: ProductCardData } | { kind: 'unavailable'; slug: string; reason: string }

/**
 * The cards an article embeds, by slug. Readers get cards for active products
 * only; staff also learn why a slug shows nothing (unknown, or not active).
 */
export async function embeddedCards(deps: Pick<Deps, 'db'>, slugs: string[], o: { staff: boolean }): Promise<{ currency: string; cards: Map<string, EmbeddedCard> }> {
  const rows = await q.productsBySlugs(deps.db, slugs)
  const active = rows.filter((r) => r.status === 'active')
  const [settings, cards] = await Promise.all([readShopSettings(deps.db), cardsFor(deps, active)])
  const out = new Map<string, EmbeddedCard>()
  for (const c of cards) out.set(c.slug, { kind: 'card', card: c })
  if (o.staff) {
    for (const slug of slugs) {
      if (out.has(slug)) continue
      const row = rows.find((r) => r.slug === slug)
      out.set(slug, { kind: 'unavailable', slug, reason: row ? `the product is ${row.status}, so readers see nothing here` : 'no product has this slug, so readers see nothing here' })
    }
  }
  return { currency: settings.currency, cards: out }
}

import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { indexDocument, plainTextFromHtml, removeDocument, replaceKind, type SearchDocument } from '../search/index.js'
import * as q from './queries/catalog.js'

// What site search knows about the shop: every active product, under its
// name, summary, description and option names, linked to its page. Drafts
// and archived products are not found. Products carry no category in the
// index: the shop's categories are not the articles' topics the search
// page filters by.

function toDocument(p: q.ProductRow, variants: q.VariantRow[]): SearchDocument {
  return {
    kind: 'product',
    ref: p.slug,
    url: `/shop/p/${p.slug}`,
    title: p.name,
    body: [p.summary, plainTextFromHtml(p.description_html), ...variants.map((v) => v.name)].join(' '),
    category: null,
    publishedAt: p.created_at,
    updatedAt: p.updated_at,
  }
}

/**
 * Brings the index in line with the product as saved: indexed when active,
 * removed otherwise. Runs in the save's transaction; a changed slug drops the
 * entry under the old one.
 */
export async function syncProductSearch(db: Db, productId: number, previousSlug?: string): Promise<void> {
  const p = await q.productById(db, productId)
  if (previousSlug && previousSlug !== p?.slug) await removeDocument(db, 'product', previousSlug)
  if (!p) return
  if (p.status !== 'active') return removeDocument(db, 'product', p.slug)
  await indexDocument(db, toDocument(p, await q.variantsOf(db, [p.id])))
}

/** Rebuilds the shop's part of the search index from the products table. */
export async function reindexProducts(deps: Pick<Deps, 'db'>): Promise<number> {
  const products = await q.listProducts(deps.db, { statuses: ['active'] })
  const variants = await q.variantsOf(deps.db, products.map((p) => p.id))
  return replaceKind(deps, 'product', products.map((p) => toDocument(p, variants.filter((v) => v.product_id === p.id))))
}

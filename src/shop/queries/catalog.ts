import type { Selectable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { ProductClass, ProductStatus, ShopProductsTable, ShopVariantsTable } from '../tables.js'

// The catalog's SQL: categories, products and their variants, for the shop's
// pages and cards and for the staff editor (catalog.ts, product-admin.ts).

export type ProductRow = Selectable<ShopProductsTable>
export type VariantRow = Selectable<ShopVariantsTable>

export interface CategoryRow { id: number; slug: string; name: string; description: string; position: number }

export async function listCategories(db: Db): Promise<CategoryRow[]> {
  return db.selectFrom('shop_categories').select(['id', 'slug', 'name', 'description', 'position']).orderBy('position').orderBy('name').execute()
}

export async function categoryBySlug(db: Db, slug: string): Promise<CategoryRow | undefined> {
  return db.selectFrom('shop_categories').select(['id', 'slug', 'name', 'description', 'position']).where('slug', '=', slug).executeTakeFirst()
}

export async function categoryById(db: Db, id: number): Promise<CategoryRow | undefined> {
  return db.selectFrom('shop_categories').select(['id', 'slug', 'name', 'description', 'position']).where('id', '=', id).executeTakeFirst()
}

export async function insertCategory(db: Db, c: { slug: string; name: string; description: string; position: number; at: string }): Promise<number> {
  const row = await db.insertInto('shop_categories')
    .values({ slug: c.slug, name: c.name, description: c.description, position: c.position, created_at: c.at })
    .returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function updateCategory(db: Db, id: number, c: { slug: string; name: string; description: string; position: number }): Promise<boolean> {
  const r = await db.updateTable('shop_categories').set(c).where('id', '=', id).executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function categorySlugOwner(db: Db, slug: string): Promise<number | undefined> {
  return (await db.selectFrom('shop_categories').select('id').where('slug', '=', slug).executeTakeFirst())?.id
}

/** Products in the given statuses, optionally of one category, in shop order. */
export async function listProducts(db: Db, o: { statuses: ProductStatus[]; categoryId?: number }): Promise<ProductRow[]> {
  let q = db.selectFrom('shop_products').selectAll().where('status', 'in', o.statuses)
  if (o.categoryId !== undefined) q = q.where('category_id', '=', o.categoryId)
  return q.orderBy('position').orderBy('name').orderBy('id').execute()
}

export async function productsBySlugs(db: Db, slugs: string[]): Promise<ProductRow[]> {
  if (!slugs.length) return []
  return db.selectFrom('shop_products').selectAll().where('slug', 'in', slugs).execute()
}

export async function productBySlug(db: Db, slug: string): Promise<ProductRow | undefined> {
  return db.selectFrom('shop_products').selectAll().where('slug', '=', slug).executeTakeFirst()
}

export async function productById(db: Db, id: number): Promise<ProductRow | undefined> {
  return db.selectFrom('shop_products').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function productSlugOwner(db: Db, slug: string): Promise<number | undefined> {
  return (await db.selectFrom('shop_products').select('id').where('slug', '=', slug).executeTakeFirst())?.id
}

/** Variants of these products, in each product's order; inactive ones only when asked. */
export async function variantsOf(db: Db, productIds: number[], o: { includeInactive?: boolean } = {}): Promise<VariantRow[]> {
  if (!productIds.length) return []
  let q = db.selectFrom('shop_variants').selectAll().where('product_id', 'in', [...new Set(productIds)])
  if (!o.includeInactive) q = q.where('active', '=', 1)
  return q.orderBy('product_id').orderBy('position').orderBy('id').execute()
}

export async function variantById(db: Db, id: number): Promise<VariantRow | undefined> {
  return db.selectFrom('shop_variants').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function skuOwner(db: Db, sku: string): Promise<number | undefined> {
  return (await db.selectFrom('shop_variants').select('id').where('sku', '=', sku).executeTakeFirst())?.id
}

/** Gallery images (beyond the featured one) of a product, in order. */
export async function galleryMediaIds(db: Db, productId: number): Promise<number[]> {
  const rows = await db.selectFrom('shop_product_media').select('media_id').where('product_id', '=', productId).orderBy('position').orderBy('media_id').execute()
  return rows.map((r) => r.media_id)
}

export async function addGalleryMedia(db: Db, productId: number, mediaId: number, position: number) {
  await db.insertInto('shop_product_media').values({ product_id: productId, media_id: mediaId, position }).onConflict((oc) => oc.doNothing()).execute()
}

/** Appends a picture after the product's last one. */
export async function appendGalleryMedia(db: Db, productId: number, mediaId: number) {
  const last = await db.selectFrom('shop_product_media').select((eb) => eb.fn.max('position').as('p')).where('product_id', '=', productId).executeTakeFirst()
  await addGalleryMedia(db, productId, mediaId, last?.p === null || last?.p === undefined ? 0 : Number(last.p) + 1)
}

/** Takes a picture off the product's gallery (the media item itself stays in the library); false when it was not there. */
export async function removeGalleryMedia(db: Db, productId: number, mediaId: number): Promise<boolean> {
  const r = await db.deleteFrom('shop_product_media').where('product_id', '=', productId).where('media_id', '=', mediaId).executeTakeFirst()
  return Number(r.numDeletedRows) > 0
}

export interface ProductValues {
  slug: string
  name: string
  summary: string
  descriptionMd: string
  descriptionHtml: string
  productClass: ProductClass
  categoryId: number | null
  status: ProductStatus
  evidencePath: string
  featuredMediaId: number | null
  position: number
}

const productColumns = (p: ProductValues) => ({
  slug: p.slug, name: p.name, summary: p.summary, description_md: p.descriptionMd, description_html: p.descriptionHtml,
  product_class: p.productClass, category_id: p.categoryId, status: p.status, evidence_path: p.evidencePath,
  featured_media_id: p.featuredMediaId, position: p.position,
})

export async function insertProduct(db: Db, p: ProductValues, at: string): Promise<number> {
  const row = await db.insertInto('shop_products').values({ ...productColumns(p), created_at: at, updated_at: at }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function updateProduct(db: Db, id: number, p: ProductValues, at: string): Promise<boolean> {
  const r = await db.updateTable('shop_products').set({ ...productColumns(p), updated_at: at }).where('id', '=', id).executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export interface VariantValues {
  sku: string
  name: string
  priceCents: number
  compareAtCents: number | null
  weightGrams: number
  stock: number | null
  lowStockThreshold: number
  supplyMonths: number | null
  active: boolean
  position: number
}

const variantColumns = (v: VariantValues) => ({
  sku: v.sku, name: v.name, price_cents: v.priceCents, compare_at_cents: v.compareAtCents, weight_grams: v.weightGrams,
  stock: v.stock, low_stock_threshold: v.lowStockThreshold, supply_months: v.supplyMonths, active: v.active ? 1 : 0, position: v.position,
})

export async function insertVariant(db: Db, productId: number, v: VariantValues, at: string): Promise<number> {
  const row = await db.insertInto('shop_variants')
    .values({ product_id: productId, ...variantColumns(v), low_stock_mailed_at: null, created_at: at, updated_at: at })
    .returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function updateVariant(db: Db, id: number, productId: number, v: VariantValues, at: string): Promise<boolean> {
  const r = await db.updateTable('shop_variants').set({ ...variantColumns(v), updated_at: at }).where('id', '=', id).where('product_id', '=', productId).executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

/**
 * Sets a variant's stock (null: not tracked). Rising above the low-stock
 * threshold clears the low-stock mail mark, so the next fall mails again.
 */
export async function setVariantStock(db: Db, id: number, productId: number, stock: number | null, at: string): Promise<boolean> {
  const r = await db.updateTable('shop_variants')
    .set((eb) => ({
      stock,
      updated_at: at,
      low_stock_mailed_at: stock === null ? null : eb.case().when('low_stock_threshold', '<', stock).then(null).else(eb.ref('low_stock_mailed_at')).end(),
    }))
    .where('id', '=', id).where('product_id', '=', productId).executeTakeFirst()
  return Number(r.numUpdatedRows) === 1
}

export async function countProducts(db: Db): Promise<number> {
  return Number((await db.selectFrom('shop_products').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
}

/** Staff list: every product with its variant count and total tracked stock. */
export async function listProductsForStaff(db: Db) {
  const rows = await db.selectFrom('shop_products as p')
    .leftJoin('shop_categories as c', 'c.id', 'p.category_id')
    .select(['p.id', 'p.slug', 'p.name', 'p.status', 'p.product_class', 'c.name as category'])
    .orderBy('p.position').orderBy('p.name').orderBy('p.id')
    .execute()
  const variants = await variantsOf(db, rows.map((r) => r.id), { includeInactive: true })
  return rows.map((r) => {
    const own = variants.filter((v) => v.product_id === r.id)
    return { ...r, variants: own.length, stock: own.some((v) => v.stock !== null) ? own.reduce((n, v) => n + (v.stock ?? 0), 0) : null }
  })
}

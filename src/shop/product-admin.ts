import { z } from 'zod'
import { staffText } from './form-text.js'
import type { Deps } from '../deps.js'
import { iso } from '../clock.js'
import { recordAudit } from '../db/audit.js'
import { slugify } from '../http/slug.js'
import { mediaInfoByIds, renderSanitizedMarkdown } from '../content/index.js'
import { claimProblems } from './claims.js'
import { parseMoney } from './money.js'
import { readShopSettings } from './queries/pricing.js'
import { syncProductSearch } from './search-documents.js'
import * as q from './queries/catalog.js'
import type { ProductClass, ProductStatus } from './tables.js'

// The staff product editor's use cases: products, their variants and stock,
// and categories. Every change is one transaction with its audit entry; a
// slug or SKU that is taken is a field error, never a 500 (checked first, and
// again if the insert loses a race to the unique index).

const text = (max: number, message: string) => staffText(max, message).optional().default('')
const SLUG = /^[a-z0-9](?:[a-z0-9-]{0,118}[a-z0-9])?$/

/** The gallery's upload form (the file itself is read by the route). */
export const GalleryFields = z.object({
  gallery_alt: staffText(300, 'Keep the picture description under 300 characters.').min(1, 'Describe the picture for people who cannot see it.'),
})

export const ProductFields = z.object({
  name: staffText(160, 'Keep the name under 160 characters.').min(1, 'Give the product a name.'),
  slug: z.string().trim().toLowerCase().max(120, 'Keep the slug under 120 characters.').refine((s) => s === '' || SLUG.test(s), 'Use lower-case letters, digits and hyphens in the slug.').optional().default(''),
  summary: text(300, 'Keep the summary under 300 characters: it is the line on the product card.'),
  description: staffText(50_000, 'Keep the description under 50,000 characters.').optional().default(''),
  product_class: z.enum(['medicine', 'device', 'accessory'], 'Choose what kind of product this is.'),
  category_id: z.string().regex(/^\d{0,9}$/, 'Choose a category from the list.').optional().default(''),
  status: z.enum(['draft', 'active', 'archived'], 'Choose a status.').optional().default('draft'),
  evidence_path: z.string().trim().max(200, 'Keep the evidence path under 200 characters.')
    .refine((s) => s === '' || /^\/[a-z0-9][a-z0-9\-/]*$/.test(s), 'Enter a path on this site, like /minoxidil-evidence.').optional().default(''),
  featured_media_id: z.string().regex(/^\d{0,9}$/).optional().default(''),
  featured_alt: text(300, 'Keep the picture description under 300 characters.'),
  position: z.string().trim().regex(/^(-?\d{1,6})?$/, 'Enter a whole number for the position.').optional().default(''),
  _csrf: z.string().optional(),
})
export type ProductInput = z.output<typeof ProductFields>

const wholeNumber = (max: number, message: string) => z.string().trim().regex(/^\d{1,9}$/, message).refine((s) => Number(s) <= max, message)

export const VariantFields = z.object({
  sku: z.string().trim().toUpperCase().min(1, 'Give the variant a SKU.').max(64, 'Keep the SKU under 64 characters.')
    .regex(/^[A-Z0-9][A-Z0-9._-]*$/, 'Use letters, digits, dots, hyphens and underscores in the SKU.'),
  name: staffText(120, 'Keep the name under 120 characters.').min(1, 'Name the variant (e.g. 1.0 mm, or 3 months).'),
  price: z.string().trim().min(1, 'Enter a price.').max(20, 'Enter a price like 14.90.'),
  compare_at: z.string().trim().max(20, 'Enter a price like 19.90.').optional().default(''),
  weight_grams: wholeNumber(100_000, 'Enter the weight in grams, a whole number up to 100000.'),
  stock: z.string().trim().refine((s) => s === '' || (/^\d{1,7}$/.test(s)), 'Enter the stock as a whole number, or leave it empty for not tracked.').optional().default(''),
  low_stock_threshold: wholeNumber(100_000, 'Enter the low-stock threshold as a whole number.').optional().default('3'),
  supply_months: z.string().trim().refine((s) => s === '' || (/^\d{1,2}$/.test(s) && Number(s) >= 1 && Number(s) <= 24), 'Enter 1 to 24 months, or leave it empty.').optional().default(''),
  active: z.string().optional(),
  position: z.string().trim().regex(/^(-?\d{1,6})?$/, 'Enter a whole number for the position.').optional().default(''),
  _csrf: z.string().optional(),
})
export type VariantInput = z.output<typeof VariantFields>

export const StockFields = z.object({
  stock: z.string().trim().refine((s) => s === '' || /^\d{1,7}$/.test(s), 'Enter the stock as a whole number, or leave it empty for not tracked.').optional().default(''),
  _csrf: z.string().optional(),
})

export const CategoryFields = z.object({
  name: staffText(80, 'Keep the name under 80 characters.').min(1, 'Give the category a name.'),
  slug: z.string().trim().toLowerCase().max(80, 'Keep the slug under 80 characters.').refine((s) => s === '' || SLUG.test(s), 'Use lower-case letters, digits and hyphens in the slug.').optional().default(''),
  description: text(400, 'Keep the description under 400 characters.'),
  position: z.string().trim().regex(/^(-?\d{1,6})?$/, 'Enter a whole number for the position.').optional().default(''),
  _csrf: z.string().optional(),
})
export type CategoryInput = z.output<typeof CategoryFields>

export type SaveOutcome = { kind: 'saved'; id: number } | { kind: 'invalid'; errors: Record<string, string> } | { kind: 'not-found' }

/** Runs the insert or update; a unique-index race on the named column becomes the field error. */
async function guardUnique<T>(work: () => Promise<T>, clash: () => Promise<boolean>, field: string, message: string): Promise<T | { kind: 'invalid'; errors: Record<string, string> }> {
  try {
    return await work()
  } catch (err) {
    if (await clash()) return { kind: 'invalid', errors: { [field]: message } }
    throw err
  }
}

export interface ProductSave {
  /** Undefined creates a product. */
  id?: number
  input: ProductInput
  /** A picture stored in this request (it wins over featured_media_id). */
  uploadedMediaId?: number | null
  actorUserId: number
}

/** Checks and saves a product: claims refused, description rendered and sanitized, slug unique. */
export async function saveProduct(deps: Pick<Deps, 'db' | 'clock'>, s: ProductSave): Promise<SaveOutcome> {
  const { input } = s
  const existing = s.id === undefined ? undefined : await q.productById(deps.db, s.id)
  if (s.id !== undefined && !existing) return { kind: 'not-found' }
  const errors: Record<string, string> = { ...claimProblems({ name: input.name, summary: input.summary, description: input.description }) }
  const slug = input.slug || slugify(input.name, 120)
  if (!SLUG.test(slug)) errors.slug = 'Give the product a slug: lower-case letters, digits and hyphens.'
  else {
    const owner = await q.productSlugOwner(deps.db, slug)
    if (owner !== undefined && owner !== s.id) errors.slug = `Another product already uses the address /shop/p/${slug}. Choose another slug.`
  }
  const categoryId = input.category_id ? Number(input.category_id) : null
  if (categoryId !== null && !(await q.categoryById(deps.db, categoryId))) errors.category_id = 'Choose a category from the list.'
  const rendered = await renderSanitizedMarkdown(deps, input.description)
  if (rendered.problems.length) errors.description = [errors.description, ...rendered.problems].filter(Boolean).join(' ')
  if (rendered.citations) errors.description = [errors.description, 'Citations belong in the evidence article; link it with the evidence path instead.'].filter(Boolean).join(' ')
  const chosenMedia = input.featured_media_id ? Number(input.featured_media_id) : null
  if (s.uploadedMediaId == null && chosenMedia !== null && chosenMedia !== existing?.featured_media_id && !(await mediaInfoByIds(deps, [chosenMedia])).has(chosenMedia)) {
    errors.featured_file = 'That picture no longer exists. Upload it again.'
  }
  if (input.product_class === 'medicine' && input.status === 'active' && !input.evidence_path) {
    errors.evidence_path = 'A medicine on sale links the article on its evidence: enter its path.'
  }
  if (Object.keys(errors).length) return { kind: 'invalid', errors }

  const featuredMediaId = s.uploadedMediaId ?? (input.featured_media_id ? Number(input.featured_media_id) : existing?.featured_media_id ?? null)
  const values: q.ProductValues = {
    slug, name: input.name, summary: input.summary, descriptionMd: input.description, descriptionHtml: rendered.html,
    productClass: input.product_class as ProductClass, categoryId, status: input.status as ProductStatus, evidencePath: input.evidence_path,
    featuredMediaId, position: input.position ? Number(input.position) : existing?.position ?? 0,
  }
  const at = iso(deps.clock.now())
  return guardUnique(
    () => deps.db.transaction().execute(async (trx) => {
      let id = s.id
      if (id === undefined) id = await q.insertProduct(trx, values, at)
      else if (!(await q.updateProduct(trx, id, values, at))) return { kind: 'not-found' as const }
      await syncProductSearch(trx, id, existing?.slug)
      await recordAudit(trx, {
        actorUserId: s.actorUserId, action: s.id === undefined ? 'shop.product.create' : 'shop.product.update',
        subjectType: 'shop_product', subjectId: String(id), detail: `${values.name} (${values.status})`, at,
      })
      return { kind: 'saved' as const, id }
    }),
    async () => { const o = await q.productSlugOwner(deps.db, slug); return o !== undefined && o !== s.id },
    'slug', `Another product already uses the address /shop/p/${slug}. Choose another slug.`,
  )
}

export interface VariantSave {
  productId: number
  /** Undefined adds a variant. */
  variantId?: number
  input: VariantInput
  actorUserId: number
}

/** Checks and saves a variant: prices parsed as money, compare-at above the price, SKU unique. */
export async function saveVariant(deps: Pick<Deps, 'db' | 'clock'>, s: VariantSave): Promise<SaveOutcome> {
  const product = await q.productById(deps.db, s.productId)
  if (!product) return { kind: 'not-found' }
  const existing = s.variantId === undefined ? undefined : await q.variantById(deps.db, s.variantId)
  if (s.variantId !== undefined && (!existing || existing.product_id !== s.productId)) return { kind: 'not-found' }
  const { input } = s
  const { currency } = await readShopSettings(deps.db)
  const errors: Record<string, string> = {}
  const price = parseMoney(input.price, currency)
  if (price === null) errors.price = `Enter the price in ${currency}, like 14.90.`
  const compareAt = input.compare_at ? parseMoney(input.compare_at, currency) : null
  if (input.compare_at && compareAt === null) errors.compare_at = `Enter the compare-at price in ${currency}, like 19.90, or leave it empty.`
  else if (compareAt !== null && price !== null && compareAt <= price) errors.compare_at = 'The compare-at price must be higher than the price (it is shown struck through), or empty.'
  const nameClaims = claimProblems({ name: input.name })
  if (nameClaims.name) errors.name = nameClaims.name
  const owner = await q.skuOwner(deps.db, input.sku)
  const skuTaken = `The SKU ${input.sku} is already used by another variant. SKUs must be unique.`
  if (owner !== undefined && owner !== s.variantId) errors.sku = skuTaken
  if (Object.keys(errors).length) return { kind: 'invalid', errors }

  const values: q.VariantValues = {
    sku: input.sku, name: input.name, priceCents: price!, compareAtCents: compareAt, weightGrams: Number(input.weight_grams),
    stock: input.stock === '' ? null : Number(input.stock), lowStockThreshold: Number(input.low_stock_threshold),
    supplyMonths: input.supply_months ? Number(input.supply_months) : null, active: input.active === 'on',
    position: input.position ? Number(input.position) : existing?.position ?? 0,
  }
  const at = iso(deps.clock.now())
  return guardUnique(
    () => deps.db.transaction().execute(async (trx) => {
      let id = s.variantId
      if (id === undefined) id = await q.insertVariant(trx, s.productId, values, at)
      else {
        if (!(await q.updateVariant(trx, id, s.productId, values, at))) return { kind: 'not-found' as const }
        // The stock write also settles the low-stock mail mark.
        await q.setVariantStock(trx, id, s.productId, values.stock, at)
      }
      // Option names are searchable.
      await syncProductSearch(trx, s.productId)
      await recordAudit(trx, {
        actorUserId: s.actorUserId, action: s.variantId === undefined ? 'shop.variant.create' : 'shop.variant.update',
        subjectType: 'shop_variant', subjectId: String(id),
        detail: `${product.name} · ${values.name} · ${values.sku} · ${values.priceCents} · stock ${values.stock ?? 'not tracked'}`, at,
      })
      return { kind: 'saved' as const, id }
    }),
    async () => { const o = await q.skuOwner(deps.db, input.sku); return o !== undefined && o !== s.variantId },
    'sku', skuTaken,
  )
}

/** Sets one variant's stock (null: not tracked), with its audit entry. */
export async function setStock(deps: Pick<Deps, 'db' | 'clock'>, s: { productId: number; variantId: number; stock: number | null; actorUserId: number }): Promise<SaveOutcome> {
  const at = iso(deps.clock.now())
  return deps.db.transaction().execute(async (trx) => {
    const before = await q.variantById(trx, s.variantId)
    if (!before || before.product_id !== s.productId) return { kind: 'not-found' as const }
    if (!(await q.setVariantStock(trx, s.variantId, s.productId, s.stock, at))) return { kind: 'not-found' as const }
    await recordAudit(trx, {
      actorUserId: s.actorUserId, action: 'shop.stock.set', subjectType: 'shop_variant', subjectId: String(s.variantId),
      detail: `${before.sku}: ${before.stock ?? 'not tracked'} → ${s.stock ?? 'not tracked'}`, at,
    })
    return { kind: 'saved' as const, id: s.variantId }
  })
}

/** Adds or renames a category; its slug must be free. */
export async function saveCategory(deps: Pick<Deps, 'db' | 'clock'>, s: { id?: number; input: CategoryInput; actorUserId: number }): Promise<SaveOutcome> {
  const { input } = s
  if (s.id !== undefined && !(await q.categoryById(deps.db, s.id))) return { kind: 'not-found' }
  const slug = input.slug || slugify(input.name, 80)
  const taken = `Another category already uses /shop/c/${slug}. Choose another slug.`
  if (!SLUG.test(slug)) return { kind: 'invalid', errors: { slug: 'Give the category a slug: lower-case letters, digits and hyphens.' } }
  const owner = await q.categorySlugOwner(deps.db, slug)
  if (owner !== undefined && owner !== s.id) return { kind: 'invalid', errors: { slug: taken } }
  const values = { slug, name: input.name, description: input.description, position: input.position ? Number(input.position) : 0 }
  const at = iso(deps.clock.now())
  return guardUnique(
    () => deps.db.transaction().execute(async (trx) => {
      let id = s.id
      if (id === undefined) id = await q.insertCategory(trx, { ...values, at })
      else await q.updateCategory(trx, id, values)
      await recordAudit(trx, {
        actorUserId: s.actorUserId, action: s.id === undefined ? 'shop.category.create' : 'shop.category.update',
        subjectType: 'shop_category', subjectId: String(id), detail: values.name, at,
      })
      return { kind: 'saved' as const, id }
    }),
    async () => { const o = await q.categorySlugOwner(deps.db, slug); return o !== undefined && o !== s.id },
    'slug', taken,
  )
}

/** Adds a stored picture to the end of a product's gallery, with its audit entry. */
export async function addGalleryPicture(deps: Pick<Deps, 'db' | 'clock'>, s: { productId: number; mediaId: number; actorUserId: number }): Promise<SaveOutcome> {
  const at = iso(deps.clock.now())
  return deps.db.transaction().execute(async (trx) => {
    const product = await q.productById(trx, s.productId)
    if (!product) return { kind: 'not-found' as const }
    await q.appendGalleryMedia(trx, s.productId, s.mediaId)
    await recordAudit(trx, { actorUserId: s.actorUserId, action: 'shop.gallery.add', subjectType: 'shop_product', subjectId: String(s.productId), detail: `${product.name}: picture ${s.mediaId}`, at })
    return { kind: 'saved' as const, id: s.productId }
  })
}

/** Takes a picture off a product's gallery, with its audit entry; not-found when it was not on it. */
export async function removeGalleryPicture(deps: Pick<Deps, 'db' | 'clock'>, s: { productId: number; mediaId: number; actorUserId: number }): Promise<SaveOutcome> {
  const at = iso(deps.clock.now())
  return deps.db.transaction().execute(async (trx) => {
    const product = await q.productById(trx, s.productId)
    if (!product || !(await q.removeGalleryMedia(trx, s.productId, s.mediaId))) return { kind: 'not-found' as const }
    await recordAudit(trx, { actorUserId: s.actorUserId, action: 'shop.gallery.remove', subjectType: 'shop_product', subjectId: String(s.productId), detail: `${product.name}: picture ${s.mediaId}`, at })
    return { kind: 'saved' as const, id: s.productId }
  })
}

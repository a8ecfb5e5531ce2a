import fs from 'node:fs/promises'
import path from 'node:path'
import type { Deps } from '../deps.js'
import { iso } from '../clock.js'
import { renderDemoFigures, renderSanitizedMarkdown, storeImage, type RenderCache } from '../content/index.js'
import { writeShopSettings } from './queries/pricing.js'
import { syncProductSearch } from './search-documents.js'
import * as q from './queries/catalog.js'
import { countZones, insertRate, insertRule, insertZone, upsertTaxRate } from './queries/shipping-admin.js'
import { demoProducts, demoRules, demoShopCategories, demoShopSettings, demoTaxRates, demoZones } from './demo/index.js'

// The demo shop: settings, categories, products with pictures, shipping
// zones, VAT rates and country rules. Products go in through the editor's
// own inserts, and the store's terms through the back office's. The
// pictures are SVG drawings put through the media pipeline, and, like
// content's demo figures, rendered once: `npm run build` renders
// them into dist/shop/demo/rendered; run from the sources they are kept in
// node_modules/.cache between runs.

const IMAGES_DIR = path.resolve(import.meta.dirname, 'demo', 'images')
const BUILT_IMAGES = path.resolve(import.meta.dirname, 'demo', 'rendered')
const IMAGE_CACHE_DIR = path.resolve(import.meta.dirname, '..', '..', 'node_modules', '.cache', 'crown', 'shop-demo-images')
const IMAGE_CACHE: RenderCache = { dirs: [BUILT_IMAGES, IMAGE_CACHE_DIR], writeTo: IMAGE_CACHE_DIR }

/** Renders the demo product pictures into `dir` (`npm run build`); returns how many were rendered anew. */
export async function renderDemoProductImages(dir: string): Promise<number> {
  return renderDemoFigures(dir, { imagesDir: IMAGES_DIR, cacheDir: IMAGE_CACHE_DIR })
}

/**
 * Seeds the demo shop on a shop with no products (a second run adds nothing).
 * Returns how many products it added.
 */
export async function seedDemoShop(deps: Deps): Promise<number> {
  if (await q.countProducts(deps.db) > 0) return 0
  const at = iso(deps.clock.now())
  await writeShopSettings(deps.db, demoShopSettings, at)

  const categoryIds = new Map<string, number>()
  for (const [i, c] of demoShopCategories.entries()) {
    categoryIds.set(c.slug, (await q.categorySlugOwner(deps.db, c.slug)) ?? await q.insertCategory(deps.db, { ...c, position: i, at }))
  }

  const image = async (file: string, alt: string): Promise<number | null> => {
    if (!/^[a-z0-9-]+\.svg$/.test(file)) throw new Error(`demo image name not allowed: ${file}`)
    const data = await fs.readFile(path.join(IMAGES_DIR, file)).catch(() => null)
    if (!data) {
      deps.log.warn({ file }, 'demo product picture missing; the product is shown without it')
      return null
    }
    const stored = await storeImage(deps, { data, originalName: file, alt, caption: '', uploadedBy: null, allowSvg: true, cache: IMAGE_CACHE })
    if (stored.kind !== 'stored') throw new Error(`demo product picture ${file} could not be processed: ${stored.kind}`)
    return stored.mediaId
  }

  const productIds = new Map<string, number>()
  for (const [i, p] of demoProducts.entries()) {
    const description = await renderSanitizedMarkdown(deps, p.description)
    if (description.problems.length) throw new Error(`demo product ${p.slug}: ${description.problems.join(' ')}`)
    const featured = await image(p.image.file, p.image.alt)
    const gallery: number[] = []
    for (const g of p.gallery) {
      const id = await image(g.file, g.alt)
      if (id !== null) gallery.push(id)
    }
    const id = await deps.db.transaction().execute(async (trx) => {
      const productId = await q.insertProduct(trx, {
        slug: p.slug, name: p.name, summary: p.summary, descriptionMd: p.description, descriptionHtml: description.html,
        productClass: p.productClass, categoryId: categoryIds.get(p.category) ?? null, status: 'active', evidencePath: p.evidencePath,
        featuredMediaId: featured, position: i,
      }, at)
      for (const [position, mediaId] of gallery.entries()) await q.addGalleryMedia(trx, productId, mediaId, position)
      for (const [position, v] of p.variants.entries()) {
        await q.insertVariant(trx, productId, {
          sku: v.sku, name: v.name, priceCents: v.priceCents, compareAtCents: v.compareAtCents ?? null, weightGrams: v.weightGrams,
          stock: v.stock, lowStockThreshold: 3, supplyMonths: v.supplyMonths ?? null, active: true, position,
        }, at)
      }
      await syncProductSearch(trx, productId)
      return productId
    })
    productIds.set(p.slug, id)
  }

  // The store's terms: only on a store that has none yet.
  if (await countZones(deps.db) === 0) {
    await deps.db.transaction().execute(async (trx) => {
      for (const [i, z] of demoZones.entries()) {
        const zoneId = await insertZone(trx, { name: z.name, restOfWorld: z.countries === 'rest-of-world', codAllowed: !!z.codAllowed, position: i, countries: z.countries === 'rest-of-world' ? [] : z.countries }, at)
        for (const [position, r] of z.rates.entries()) {
          await insertRate(trx, zoneId, {
            name: r.name, kind: r.kind, priceCents: r.priceCents ?? 0, bands: JSON.stringify(r.bands ?? []), freeOverCents: r.freeOverCents ?? null,
            minDays: r.minDays, maxDays: r.maxDays, active: true, position,
          }, at)
        }
      }
      for (const t of demoTaxRates) await upsertTaxRate(trx, { ...t, appliesToShipping: true }, at)
      for (const r of demoRules) {
        const productId = r.productSlug ? productIds.get(r.productSlug) : undefined
        if (r.productSlug && productId === undefined) continue
        await insertRule(trx, {
          country: r.country, productClass: r.productClass ?? null, productId: productId ?? null, rule: r.rule,
          maxMonths: r.maxMonths ?? null, maxQuantity: null, reason: r.reason, source: r.source, reviewedAt: at,
        }, at)
      }
    })
  }
  return demoProducts.length
}

import type { Db } from '../db/database.js'
import type { CountryRuleKind, ProductClass } from './tables.js'
import type { WeightBand } from './pricing.js'

// Test fixtures: rows made straight in the tables, so a test of one part of
// the shop does not depend on another part's editor. Tests only.

const AT = '2026-11-30T12:00:00.000Z'
let serial = 0

export interface VariantSpec { sku?: string; name: string; priceCents: number; compareAtCents?: number | null; stock?: number | null; weightGrams?: number; supplyMonths?: number | null; active?: boolean }

export async function makeCategory(db: Db, c: { slug?: string; name?: string } = {}): Promise<number> {
  serial++
  const row = await db.insertInto('shop_categories').values({ slug: c.slug ?? `cat-${serial}`, name: c.name ?? `Category ${serial}`, created_at: AT }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function makeProduct(db: Db, p: {
  slug?: string; name?: string; productClass?: ProductClass; status?: 'draft' | 'active' | 'archived'; categoryId?: number | null
  summary?: string; descriptionHtml?: string; evidencePath?: string; variants: VariantSpec[]
}): Promise<{ productId: number; slug: string; variantIds: number[] }> {
  serial++
  const slug = p.slug ?? `product-${serial}`
  const product = await db.insertInto('shop_products').values({
    slug, name: p.name ?? `Product ${serial}`, summary: p.summary ?? '', description_md: '', description_html: p.descriptionHtml ?? '',
    product_class: p.productClass ?? 'device', category_id: p.categoryId ?? null, status: p.status ?? 'active',
    evidence_path: p.evidencePath ?? '', featured_media_id: null, created_at: AT, updated_at: AT,
  }).returning('id').executeTakeFirstOrThrow()
  const variantIds: number[] = []
  for (const [i, v] of p.variants.entries()) {
    const row = await db.insertInto('shop_variants').values({
      product_id: product.id, sku: v.sku ?? `SKU-${serial}-${i}`, name: v.name, price_cents: v.priceCents, compare_at_cents: v.compareAtCents ?? null,
      weight_grams: v.weightGrams ?? 100, stock: v.stock === undefined ? 10 : v.stock, supply_months: v.supplyMonths ?? null,
      active: v.active === false ? 0 : 1, position: i, low_stock_mailed_at: null, created_at: AT, updated_at: AT,
    }).returning('id').executeTakeFirstOrThrow()
    variantIds.push(row.id)
  }
  return { productId: product.id, slug, variantIds }
}

export interface RateSpec { name: string; kind?: 'flat' | 'weight'; priceCents?: number; bands?: WeightBand[]; freeOverCents?: number | null; minDays?: number; maxDays?: number }

export async function makeZone(db: Db, z: { name: string; countries: string[] | 'rest-of-world'; codAllowed?: boolean; rates: RateSpec[] }): Promise<{ zoneId: number; rateIds: number[] }> {
  const zone = await db.insertInto('shop_shipping_zones').values({
    name: z.name, rest_of_world: z.countries === 'rest-of-world' ? 1 : 0, cod_allowed: z.codAllowed ? 1 : 0, created_at: AT,
  }).returning('id').executeTakeFirstOrThrow()
  if (z.countries !== 'rest-of-world' && z.countries.length) {
    await db.insertInto('shop_zone_countries').values(z.countries.map((country) => ({ zone_id: zone.id, country }))).execute()
  }
  const rateIds: number[] = []
  for (const [i, r] of z.rates.entries()) {
    const row = await db.insertInto('shop_shipping_rates').values({
      zone_id: zone.id, name: r.name, kind: r.kind ?? 'flat', price_cents: r.priceCents ?? 0, bands: JSON.stringify(r.bands ?? []),
      free_over_cents: r.freeOverCents ?? null, min_days: r.minDays ?? 2, max_days: r.maxDays ?? 5, position: i, created_at: AT,
    }).returning('id').executeTakeFirstOrThrow()
    rateIds.push(row.id)
  }
  return { zoneId: zone.id, rateIds }
}

export async function makeTaxRate(db: Db, t: { country: string; name?: string; rateBp: number; appliesToShipping?: boolean }) {
  await db.insertInto('shop_tax_rates').values({ country: t.country, name: t.name ?? 'VAT', rate_bp: t.rateBp, applies_to_shipping: t.appliesToShipping === false ? 0 : 1, updated_at: AT }).execute()
}

export async function makeRule(db: Db, r: { country: string; productClass?: ProductClass; productId?: number; rule: CountryRuleKind; maxMonths?: number; maxQuantity?: number; reason?: string }): Promise<number> {
  const row = await db.insertInto('shop_country_rules').values({
    country: r.country, product_class: r.productClass ?? null, product_id: r.productId ?? null, rule: r.rule,
    max_months: r.maxMonths ?? null, max_quantity: r.maxQuantity ?? null, reason: r.reason ?? '', source: 'test', reviewed_at: AT, updated_at: AT,
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function setShopSettings(db: Db, s: { currency?: string; pricesIncludeTax?: boolean; holdMinutes?: number; bankDetails?: string; lowStockEmail?: string } = {}) {
  const values = {
    currency: s.currency ?? 'EUR', prices_include_tax: s.pricesIncludeTax === false ? 0 : 1, hold_minutes: s.holdMinutes ?? 60,
    bank_details: s.bankDetails ?? 'IBAN DE00 0000 0000 0000 0000 00, Crown Shop', low_stock_email: s.lowStockEmail ?? '', updated_at: AT,
  }
  await db.insertInto('shop_settings').values({ id: 1, ...values }).onConflict((oc) => oc.column('id').doUpdateSet(values)).execute()
}

/**
 * A small store most tests start from: EUR, tax-inclusive prices; Germany and
 * France in an EU zone (standard €4.90, free over €50; express by weight) with
 * VAT; a rest-of-world zone; medicines reviewed and allowed in DE and FR,
 * capped at 3 months in AU, blocked in the US with a reason.
 */
export async function makeStandardShop(db: Db) {
  await setShopSettings(db)
  const eu = await makeZone(db, {
    name: 'EU', countries: ['DE', 'FR', 'AT'], codAllowed: true,
    rates: [
      { name: 'Standard', priceCents: 490, freeOverCents: 5000, minDays: 2, maxDays: 4 },
      { name: 'Express', kind: 'weight', bands: [{ upToGrams: 500, priceCents: 990 }, { upToGrams: 2000, priceCents: 1490 }], minDays: 1, maxDays: 2 },
    ],
  })
  const world = await makeZone(db, { name: 'Rest of world', countries: 'rest-of-world', rates: [{ name: 'International', priceCents: 1500, minDays: 7, maxDays: 21 }] })
  await makeTaxRate(db, { country: 'DE', name: 'VAT', rateBp: 1900 })
  await makeTaxRate(db, { country: 'FR', name: 'VAT', rateBp: 2000 })
  await makeRule(db, { country: 'DE', productClass: 'medicine', rule: 'allowed' })
  await makeRule(db, { country: 'FR', productClass: 'medicine', rule: 'allowed' })
  await makeRule(db, { country: 'AU', productClass: 'medicine', rule: 'capped', maxMonths: 3, reason: 'Australia allows personal imports of up to 3 months\u2019 supply per order.' })
  await makeRule(db, { country: 'US', productClass: 'medicine', rule: 'blocked', reason: 'We are not licensed to send medicines to the United States.' })
  return { eu, world }
}

import type { Db } from '../../db/database.js'
import type { CountryRuleKind, ProductClass } from '../tables.js'
import type { WeightBand } from '../pricing.js'

// Inserts for the store's terms beyond the catalog: shipping zones and rates,
// tax rates and country rules. The demo seed writes through these.

export async function insertZone(db: Db, z: { name: string; restOfWorld: boolean; codAllowed: boolean; position: number; countries: string[]; at: string }): Promise<number> {
  const row = await db.insertInto('shop_shipping_zones')
    .values({ name: z.name, rest_of_world: z.restOfWorld ? 1 : 0, cod_allowed: z.codAllowed ? 1 : 0, position: z.position, created_at: z.at })
    .returning('id').executeTakeFirstOrThrow()
  if (z.countries.length) await db.insertInto('shop_zone_countries').values(z.countries.map((country) => ({ zone_id: row.id, country }))).execute()
  return row.id
}

export async function insertRate(db: Db, zoneId: number, r: {
  name: string; kind: 'flat' | 'weight'; priceCents: number; bands: WeightBand[]; freeOverCents: number | null; minDays: number; maxDays: number; position: number; at: string
}): Promise<number> {
  const row = await db.insertInto('shop_shipping_rates').values({
    zone_id: zoneId, name: r.name, kind: r.kind, price_cents: r.priceCents, bands: JSON.stringify(r.bands), free_over_cents: r.freeOverCents,
    min_days: r.minDays, max_days: r.maxDays, position: r.position, created_at: r.at,
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function upsertTaxRate(db: Db, t: { country: string; name: string; rateBp: number; appliesToShipping: boolean; at: string }) {
  const values = { name: t.name, rate_bp: t.rateBp, applies_to_shipping: t.appliesToShipping ? 1 : 0, updated_at: t.at }
  await db.insertInto('shop_tax_rates').values({ country: t.country, ...values }).onConflict((oc) => oc.column('country').doUpdateSet(values)).execute()
}

export async function insertCountryRule(db: Db, r: {
  country: string; productClass: ProductClass | null; productId: number | null; rule: CountryRuleKind; maxMonths: number | null; maxQuantity: number | null
  reason: string; source: string; reviewedAt: string | null; at: string
}): Promise<number> {
  const row = await db.insertInto('shop_country_rules').values({
    country: r.country, product_class: r.productClass, product_id: r.productId, rule: r.rule, max_months: r.maxMonths, max_quantity: r.maxQuantity,
    reason: r.reason, source: r.source, reviewed_at: r.reviewedAt, updated_at: r.at,
  }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function countZones(db: Db): Promise<number> {
  return Number((await db.selectFrom('shop_shipping_zones').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
}

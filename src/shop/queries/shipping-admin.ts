import type { Selectable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { CountryRuleKind, ProductClass, ShopCountryRulesTable, ShopShippingRatesTable, ShopShippingZonesTable, ShopTaxRatesTable } from '../tables.js'

// The back office's SQL for shipping zones and rates, tax rates and country
// rules (the store settings are read and written by queries/pricing.ts). The
// demo seed writes the demo store's terms through the same inserts.

export type ZoneRow = Selectable<ShopShippingZonesTable>
export type RateRow = Selectable<ShopShippingRatesTable>
export type TaxRow = Selectable<ShopTaxRatesTable>
export type RuleRow = Selectable<ShopCountryRulesTable>

export interface ZoneWithCountries extends ZoneRow { countries: string[] }

export async function listZones(db: Db): Promise<ZoneWithCountries[]> {
  const [zones, countries] = await Promise.all([
    db.selectFrom('shop_shipping_zones').selectAll().orderBy('rest_of_world').orderBy('position').orderBy('id').execute(),
    db.selectFrom('shop_zone_countries').selectAll().orderBy('country').execute(),
  ])
  return zones.map((z) => ({ ...z, countries: countries.filter((c) => c.zone_id === z.id).map((c) => c.country) }))
}

export async function findZone(db: Db, id: number): Promise<ZoneWithCountries | undefined> {
  const z = await db.selectFrom('shop_shipping_zones').selectAll().where('id', '=', id).executeTakeFirst()
  if (!z) return undefined
  const countries = await db.selectFrom('shop_zone_countries').select('country').where('zone_id', '=', id).orderBy('country').execute()
  return { ...z, countries: countries.map((c) => c.country) }
}

/** Which other zone already names each of these countries. */
export async function zonesNaming(db: Db, countries: string[], exceptZoneId: number | null): Promise<{ country: string; zoneName: string }[]> {
  if (!countries.length) return []
  let q = db.selectFrom('shop_zone_countries as c').innerJoin('shop_shipping_zones as z', 'z.id', 'c.zone_id')
    .select(['c.country', 'z.name as zoneName']).where('c.country', 'in', countries)
  if (exceptZoneId !== null) q = q.where('c.zone_id', '!=', exceptZoneId)
  return q.orderBy('c.country').execute()
}

export async function restOfWorldZone(db: Db): Promise<ZoneRow | undefined> {
  return db.selectFrom('shop_shipping_zones').selectAll().where('rest_of_world', '=', 1).executeTakeFirst()
}

export async function countZones(db: Db): Promise<number> {
  return Number((await db.selectFrom('shop_shipping_zones').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
}

export interface ZoneValues { name: string; restOfWorld: boolean; codAllowed: boolean; position: number; countries: string[] }

export async function insertZone(db: Db, v: ZoneValues, at: string): Promise<number> {
  const row = await db.insertInto('shop_shipping_zones').values({ name: v.name, rest_of_world: v.restOfWorld ? 1 : 0, cod_allowed: v.codAllowed ? 1 : 0, position: v.position, created_at: at }).returning('id').executeTakeFirstOrThrow()
  await setZoneCountries(db, row.id, v.countries)
  return row.id
}

export async function updateZoneRow(db: Db, id: number, v: ZoneValues): Promise<void> {
  await db.updateTable('shop_shipping_zones').set({ name: v.name, rest_of_world: v.restOfWorld ? 1 : 0, cod_allowed: v.codAllowed ? 1 : 0, position: v.position }).where('id', '=', id).execute()
  await setZoneCountries(db, id, v.countries)
}

async function setZoneCountries(db: Db, zoneId: number, countries: string[]) {
  await db.deleteFrom('shop_zone_countries').where('zone_id', '=', zoneId).execute()
  if (countries.length) await db.insertInto('shop_zone_countries').values(countries.map((country) => ({ zone_id: zoneId, country }))).execute()
}

export async function deleteZoneRow(db: Db, id: number): Promise<boolean> {
  const res = await db.deleteFrom('shop_shipping_zones').where('id', '=', id).executeTakeFirst()
  return Number(res.numDeletedRows) === 1
}

export async function listRates(db: Db, zoneId?: number): Promise<RateRow[]> {
  let q = db.selectFrom('shop_shipping_rates').selectAll()
  if (zoneId !== undefined) q = q.where('zone_id', '=', zoneId)
  return q.orderBy('position').orderBy('id').execute()
}

export async function findRate(db: Db, id: number): Promise<RateRow | undefined> {
  return db.selectFrom('shop_shipping_rates').selectAll().where('id', '=', id).executeTakeFirst()
}

export interface RateValues { name: string; kind: 'flat' | 'weight'; priceCents: number; bands: string; freeOverCents: number | null; minDays: number; maxDays: number; active: boolean; position: number }

const rateColumns = (v: RateValues) => ({
  name: v.name, kind: v.kind, price_cents: v.priceCents, bands: v.bands, free_over_cents: v.freeOverCents,
  min_days: v.minDays, max_days: v.maxDays, active: v.active ? 1 : 0, position: v.position,
})

export async function insertRate(db: Db, zoneId: number, v: RateValues, at: string): Promise<number> {
  const row = await db.insertInto('shop_shipping_rates').values({ zone_id: zoneId, ...rateColumns(v), created_at: at }).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function updateRateRow(db: Db, id: number, v: RateValues): Promise<void> {
  await db.updateTable('shop_shipping_rates').set(rateColumns(v)).where('id', '=', id).execute()
}

export async function deleteRateRow(db: Db, id: number): Promise<boolean> {
  const res = await db.deleteFrom('shop_shipping_rates').where('id', '=', id).executeTakeFirst()
  return Number(res.numDeletedRows) === 1
}

export async function listTaxRates(db: Db): Promise<TaxRow[]> {
  return db.selectFrom('shop_tax_rates').selectAll().orderBy('country').execute()
}

export async function findTaxRate(db: Db, country: string): Promise<TaxRow | undefined> {
  return db.selectFrom('shop_tax_rates').selectAll().where('country', '=', country).executeTakeFirst()
}

export async function upsertTaxRate(db: Db, v: { country: string; name: string; rateBp: number; appliesToShipping: boolean }, at: string): Promise<void> {
  const values = { name: v.name, rate_bp: v.rateBp, applies_to_shipping: v.appliesToShipping ? 1 : 0, updated_at: at }
  await db.insertInto('shop_tax_rates').values({ country: v.country, ...values }).onConflict((oc) => oc.column('country').doUpdateSet(values)).execute()
}

export async function deleteTaxRate(db: Db, country: string): Promise<boolean> {
  const res = await db.deleteFrom('shop_tax_rates').where('country', '=', country).executeTakeFirst()
  return Number(res.numDeletedRows) === 1
}

export interface RuleWithProduct extends RuleRow { productName: string | null }

export async function listRules(db: Db): Promise<RuleWithProduct[]> {
  return db.selectFrom('shop_country_rules as r').leftJoin('shop_products as p', 'p.id', 'r.product_id')
    .selectAll('r').select('p.name as productName')
    .orderBy('r.country').orderBy('r.product_class').orderBy('p.name')
    .execute()
}

export async function findRule(db: Db, id: number): Promise<RuleRow | undefined> {
  return db.selectFrom('shop_country_rules').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function findRuleFor(db: Db, target: { productClass: ProductClass | null; productId: number | null }, country: string): Promise<RuleRow | undefined> {
  let q = db.selectFrom('shop_country_rules').selectAll().where('country', '=', country)
  q = target.productId !== null ? q.where('product_id', '=', target.productId) : q.where('product_class', '=', target.productClass!).where('product_id', 'is', null)
  return q.executeTakeFirst()
}

export interface RuleValues {
  productClass: ProductClass | null; productId: number | null; country: string; rule: CountryRuleKind
  maxMonths: number | null; maxQuantity: number | null; reason: string; source: string; reviewedAt: string | null
}

const ruleColumns = (v: RuleValues, at: string) => ({
  product_class: v.productClass, product_id: v.productId, country: v.country, rule: v.rule, max_months: v.maxMonths,
  max_quantity: v.maxQuantity, reason: v.reason, source: v.source, reviewed_at: v.reviewedAt, updated_at: at,
})

export async function insertRule(db: Db, v: RuleValues, at: string): Promise<number> {
  const row = await db.insertInto('shop_country_rules').values(ruleColumns(v, at)).returning('id').executeTakeFirstOrThrow()
  return row.id
}

export async function updateRuleRow(db: Db, id: number, v: RuleValues, at: string): Promise<void> {
  await db.updateTable('shop_country_rules').set(ruleColumns(v, at)).where('id', '=', id).execute()
}

export async function deleteRuleRow(db: Db, id: number): Promise<boolean> {
  const res = await db.deleteFrom('shop_country_rules').where('id', '=', id).executeTakeFirst()
  return Number(res.numDeletedRows) === 1
}

/** Products a rule may name (any status: a draft's rules are set before it goes live). */
export async function productChoices(db: Db): Promise<{ id: number; name: string; product_class: ProductClass }[]> {
  return db.selectFrom('shop_products').select(['id', 'name', 'product_class']).orderBy('name').execute()
}

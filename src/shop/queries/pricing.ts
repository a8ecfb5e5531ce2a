import type { Db } from '../../db/database.js'
import type { CountryRule } from '../rules.js'
import type { PricingContext, ShippingZone, TaxRate, WeightBand } from '../pricing.js'

// The rows a quote reads: store terms, the zone serving a country with its
// rates, the country's tax rate and the country rules.

export interface ShopSettings {
  currency: string
  pricesIncludeTax: boolean
  holdMinutes: number
  bankDetails: string
  lowStockEmail: string
}

// A store that has never saved its settings sells in euros with tax-inclusive
// prices and holds unpaid stock for 60 minutes, as WooCommerce does.
export const DEFAULT_SHOP_SETTINGS: ShopSettings = { currency: 'EUR', pricesIncludeTax: true, holdMinutes: 60, bankDetails: '', lowStockEmail: '' }

export async function readShopSettings(db: Db): Promise<ShopSettings> {
  const row = await db.selectFrom('shop_settings').selectAll().where('id', '=', 1).executeTakeFirst()
  if (!row) return DEFAULT_SHOP_SETTINGS
  return {
    currency: row.currency,
    pricesIncludeTax: row.prices_include_tax === 1,
    holdMinutes: row.hold_minutes,
    bankDetails: row.bank_details,
    lowStockEmail: row.low_stock_email,
  }
}

export async function writeShopSettings(db: Db, s: ShopSettings, at: string): Promise<void> {
  const values = {
    currency: s.currency, prices_include_tax: s.pricesIncludeTax ? 1 : 0, hold_minutes: s.holdMinutes,
    bank_details: s.bankDetails, low_stock_email: s.lowStockEmail, updated_at: at,
  }
  await db.insertInto('shop_settings').values({ id: 1, ...values }).onConflict((oc) => oc.column('id').doUpdateSet(values)).execute()
}

/** The zone that ships to the country: the one naming it, else rest of world, else none. */
export async function zoneForCountry(db: Db, country: string): Promise<ShippingZone | null> {
  const zone = await db.selectFrom('shop_shipping_zones as z')
    .leftJoin('shop_zone_countries as c', (j) => j.onRef('c.zone_id', '=', 'z.id').on('c.country', '=', country))
    .select(['z.id', 'z.name', 'z.cod_allowed', 'c.country'])
    .where((eb) => eb.or([eb('c.country', '=', country), eb('z.rest_of_world', '=', 1)]))
    .orderBy('c.country', (ob) => ob.asc().nullsLast())
    .limit(1)
    .executeTakeFirst()
  if (!zone) return null
  const rates = await db.selectFrom('shop_shipping_rates').selectAll().where('zone_id', '=', zone.id).where('active', '=', 1).orderBy('position').orderBy('id').execute()
  return {
    id: zone.id,
    name: zone.name,
    codAllowed: zone.cod_allowed === 1,
    rates: rates.map((r) => ({
      id: r.id, name: r.name, kind: r.kind, priceCents: r.price_cents, bands: JSON.parse(r.bands) as WeightBand[],
      freeOverCents: r.free_over_cents, minDays: r.min_days, maxDays: r.max_days,
    })),
  }
}

export async function taxRateFor(db: Db, country: string): Promise<TaxRate | null> {
  const r = await db.selectFrom('shop_tax_rates').selectAll().where('country', '=', country).executeTakeFirst()
  return r ? { country: r.country, name: r.name, rateBp: r.rate_bp, appliesToShipping: r.applies_to_shipping === 1 } : null
}

/** The rules for one country (every class and product). */
export async function rulesForCountry(db: Db, country: string): Promise<CountryRule[]> {
  const rows = await db.selectFrom('shop_country_rules').selectAll().where('country', '=', country).execute()
  return rows.map((r) => ({
    id: r.id, productClass: r.product_class, productId: r.product_id, country: r.country, rule: r.rule,
    maxMonths: r.max_months, maxQuantity: r.max_quantity, reason: r.reason,
  }))
}

export async function loadPricingContext(db: Db, country: string): Promise<PricingContext> {
  const [settings, zone, tax, rules] = await Promise.all([readShopSettings(db), zoneForCountry(db, country), taxRateFor(db, country), rulesForCountry(db, country)])
  return { terms: { currency: settings.currency, pricesIncludeTax: settings.pricesIncludeTax }, country, zone, tax, rules }
}

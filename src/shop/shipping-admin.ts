import { z } from 'zod'
import type { Deps } from '../deps.js'
import { iso } from '../clock.js'
import { recordAudit } from '../db/audit.js'
import type { Actor } from '../accounts/index.js'
import type { Db } from '../db/database.js'
import { staffText } from './form-text.js'
import { countryName, isCountryCode } from './countries.js'
import { decimalString, formatMoney, formatRate, parseMoney } from './money.js'
import type { WeightBand } from './pricing.js'
import { governingRule, type CountryRule } from './rules.js'
import type { ProductClass } from './tables.js'
import { readShopSettings, writeShopSettings, type ShopSettings } from './queries/pricing.js'
import { hasOrders } from './queries/order-admin.js'
import {
  deleteRateRow, deleteRuleRow, deleteTaxRate, deleteZoneRow, findRate, findRule, findRuleFor, findTaxRate, findZone, insertRate, insertRule,
  insertZone, listRules, productChoices, restOfWorldZone, updateRateRow, updateRuleRow, updateZoneRow, upsertTaxRate, zonesNaming,
  type RateRow, type RuleRow, type RuleWithProduct,
} from './queries/shipping-admin.js'

// Staff edit where the shop ships and for how much (zones and rates), the
// tax per destination country, what may ship where (country rules), and the
// store's terms. Every change is audited; amounts are typed in the store
// currency and stored in minor units.

type Staff = Extract<Actor, { kind: 'user' }>

const checkbox = z.string().optional().transform((v) => v === '1')
const wholeNumber = (label: string, min: number, max: number) =>
  z.string().trim().refine((s) => /^\d{1,6}$/.test(s) && Number(s) >= min && Number(s) <= max, `Enter ${label} as a whole number from ${min} to ${max}.`).transform(Number)
const optionalWhole = (label: string, min: number, max: number) =>
  z.string().trim().default('').refine((s) => s === '' || (/^\d{1,6}$/.test(s) && Number(s) >= min && Number(s) <= max), `Enter ${label} as a whole number from ${min} to ${max}, or leave it empty.`)
    .transform((s) => (s === '' ? null : Number(s)))

export const IdParam = z.object({ id: z.coerce.number().int().positive().max(2 ** 31 - 1) })
export const CountryParam = z.object({ country: z.string().refine(isCountryCode) })

// ——— zones ———

/** A multi-select arrives as "DE,FR,AT" (forms.ts joins repeated fields). */
const countryList = z.string().default('').transform((s, ctx) => {
  const codes = [...new Set(s.split(',').map((c) => c.trim().toUpperCase()).filter(Boolean))]
  const bad = codes.filter((c) => !isCountryCode(c))
  if (bad.length) ctx.addIssue({ code: 'custom', message: `These are not country codes: ${bad.slice(0, 5).join(', ')}.` })
  return codes.sort()
})

export const ZoneFields = z.object({
  name: staffText(80, 'Keep the name under 80 characters.').pipe(z.string().min(1, 'Enter a name, like EU.')),
  countries: countryList,
  rest_of_world: checkbox,
  cod_allowed: checkbox,
  position: optionalWhole('the position', 0, 9999).transform((n) => n ?? 0),
}).superRefine((v, ctx) => {
  if (!v.rest_of_world && v.countries.length === 0) ctx.addIssue({ code: 'custom', path: ['countries'], message: 'Choose at least one country, or make this the rest-of-world zone.' })
})
export type ZoneInput = z.output<typeof ZoneFields>

export type ZoneResult = { kind: 'saved'; id: number } | { kind: 'not-found' } | { kind: 'invalid'; errors: Record<string, string> }

async function zoneConflicts(trx: Db, v: ZoneInput, zoneId: number | null): Promise<Record<string, string> | null> {
  const taken = await zonesNaming(trx, v.countries, zoneId)
  const errors: Record<string, string> = {}
  if (taken.length) {
    errors.countries = taken.length === 1
      ? `${countryName(taken[0].country)} is already in the zone “${taken[0].zoneName}”. A country belongs to one zone: take it out there first.`
      : `${taken.map((t) => `${countryName(t.country)} (in “${t.zoneName}”)`).join(', ')} are already in other zones. A country belongs to one zone: take them out there first.`
  }
  if (v.rest_of_world) {
    const row = await restOfWorldZone(trx)
    if (row && row.id !== zoneId) errors.rest_of_world = `“${row.name}” is already the rest-of-world zone; there can be only one.`
  }
  return Object.keys(errors).length ? errors : null
}

const zoneValues = (v: ZoneInput) => ({ name: v.name, restOfWorld: v.rest_of_world, codAllowed: v.cod_allowed, position: v.position, countries: v.countries })
const zoneDetail = (v: ZoneInput) => `${v.name}: ${v.rest_of_world ? 'rest of world; ' : ''}${v.countries.join(' ') || 'no countries'}${v.cod_allowed ? '; cash on delivery' : ''}`

export async function createZone(deps: Deps, staff: Staff, v: ZoneInput): Promise<ZoneResult> {
  const at = iso(deps.clock.now())
  return deps.db.transaction().execute(async (trx): Promise<ZoneResult> => {
    const errors = await zoneConflicts(trx, v, null)
    if (errors) return { kind: 'invalid', errors }
    const id = await insertZone(trx, zoneValues(v), at)
    await recordAudit(trx, { actorUserId: staff.user.id, action: 'shop.zone.create', subjectType: 'shop_zone', subjectId: String(id), detail: zoneDetail(v), at })
    return { kind: 'saved', id }
  })
}

export async function updateZone(deps: Deps, staff: Staff, id: number, v: ZoneInput): Promise<ZoneResult> {
  const at = iso(deps.clock.now())
  return deps.db.transaction().execute(async (trx): Promise<ZoneResult> => {
    if (!(await findZone(trx, id))) return { kind: 'not-found' }
    const errors = await zoneConflicts(trx, v, id)
    if (errors) return { kind: 'invalid', errors }
    await updateZoneRow(trx, id, zoneValues(v))
    await recordAudit(trx, { actorUserId: staff.user.id, action: 'shop.zone.update', subjectType: 'shop_zone', subjectId: String(id), detail: zoneDetail(v), at })
    return { kind: 'saved', id }
  })
}

/** Deletes a zone and its rates (orders keep their copied shipping method). */
export async function deleteZone(deps: Deps, staff: Staff, id: number): Promise<{ kind: 'deleted'; name: string } | { kind: 'not-found' }> {
  const at = iso(deps.clock.now())
  return deps.db.transaction().execute(async (trx) => {
    const zone = await findZone(trx, id)
    if (!zone || !(await deleteZoneRow(trx, id))) return { kind: 'not-found' as const }
    await recordAudit(trx, { actorUserId: staff.user.id, action: 'shop.zone.delete', subjectType: 'shop_zone', subjectId: String(id), detail: zone.name, at })
    return { kind: 'deleted' as const, name: zone.name }
  })
}

// ——— rates ———

/** "500: 4.90" lines → ascending bands; the error names the first bad line. */
export function parseBands(text: string, currency: string): { ok: true; bands: WeightBand[] } | { ok: false; message: string } {
  const bands: WeightBand[] = []
  const lines = text.split(/\r?\n/).map((l) => l.trim()).filter(Boolean)
  for (const [i, line] of lines.entries()) {
    const m = /^(\d{1,7})\s*(?:g|grams?)?\s*:\s*(.+)$/i.exec(line)
    const price = m ? parseMoney(m[2], currency) : null
    if (!m || price === null) return { ok: false, message: `Line ${i + 1} (“${line.slice(0, 40)}”) should read “up to grams: price”, like 500: ${decimalString(490, currency)}.` }
    const upToGrams = Number(m[1])
    if (bands.length && upToGrams <= bands[bands.length - 1].upToGrams) return { ok: false, message: `Line ${i + 1}: list the bands from light to heavy, each heavier than the last.` }
    bands.push({ upToGrams, priceCents: price })
  }
  if (!bands.length) return { ok: false, message: 'Enter at least one band, like 500: 4.90.' }
  if (bands.length > 50) return { ok: false, message: 'Keep to 50 bands or fewer.' }
  return { ok: true, bands }
}

export function bandsText(json: string, currency: string): string {
  try {
    return (JSON.parse(json) as WeightBand[]).map((b) => `${b.upToGrams}: ${decimalString(b.priceCents, currency)}`).join('\n')
  } catch {
    return ''
  }
}

/** The rate form, which reads amounts in the store currency. */
export function rateFields(currency: string) {
  const money = (label: string) => z.string().trim().default('').refine((s) => s === '' || parseMoney(s, currency) !== null, `Enter ${label} as an amount, like ${decimalString(490, currency)}.`)
  return z.object({
    name: staffText(80, 'Keep the name under 80 characters.').pipe(z.string().min(1, 'Enter a name, like Standard.')),
    kind: z.enum(['flat', 'weight'], { error: 'Choose how the price is set.' }),
    price: money('the price'),
    bands: z.string().max(4000, 'Keep the bands shorter.').default(''),
    free_over: money('the free-shipping threshold'),
    min_days: wholeNumber('the fastest delivery in days', 0, 365),
    max_days: wholeNumber('the slowest delivery in days', 0, 365),
    active: checkbox,
    position: optionalWhole('the position', 0, 9999).transform((n) => n ?? 0),
  }).transform((v, ctx) => {
    let bands: WeightBand[] = []
    if (v.kind === 'flat' && v.price === '') ctx.addIssue({ code: 'custom', path: ['price'], message: 'Enter the price, or 0 for free shipping.' })
    if (v.kind === 'weight') {
      const parsed = parseBands(v.bands, currency)
      if (parsed.ok) bands = parsed.bands
      else ctx.addIssue({ code: 'custom', path: ['bands'], message: parsed.message })
    }
    if (v.max_days < v.min_days) ctx.addIssue({ code: 'custom', path: ['max_days'], message: 'The slowest delivery can’t be faster than the fastest.' })
    return {
      name: v.name, kind: v.kind, priceCents: v.kind === 'flat' ? parseMoney(v.price, currency) ?? 0 : 0, bands: JSON.stringify(bands),
      freeOverCents: v.free_over === '' ? null : parseMoney(v.free_over, currency), minDays: v.min_days, maxDays: v.max_days, active: v.active, position: v.position,
    }
  })
}
export type RateInput = z.output<ReturnType<typeof rateFields>>

const rateDetail = (v: RateInput, currency: string) =>
  `${v.name}: ${v.kind === 'flat' ? formatMoney(v.priceCents, currency) : `by weight ${v.bands}`}${v.freeOverCents !== null ? `, free over ${formatMoney(v.freeOverCents, currency)}` : ''}, ${v.minDays}–${v.maxDays} days${v.active ? '' : ', inactive'}`

export async function addRate(deps: Deps, staff: Staff, zoneId: number, v: RateInput): Promise<{ kind: 'saved'; id: number } | { kind: 'not-found' }> {
  const at = iso(deps.clock.now())
  return deps.db.transaction().execute(async (trx) => {
    const zone = await findZone(trx, zoneId)
    if (!zone) return { kind: 'not-found' as const }
    const id = await insertRate(trx, zoneId, v, at)
    const { currency } = await readShopSettings(trx)
    await recordAudit(trx, { actorUserId: staff.user.id, action: 'shop.rate.create', subjectType: 'shop_rate', subjectId: String(id), detail: `${zone.name} / ${rateDetail(v, currency)}`, at })
    return { kind: 'saved' as const, id }
  })
}

export async function updateRate(deps: Deps, staff: Staff, id: number, v: RateInput): Promise<{ kind: 'saved'; zoneId: number } | { kind: 'not-found' }> {
  const at = iso(deps.clock.now())
  return deps.db.transaction().execute(async (trx) => {
    const rate = await findRate(trx, id)
    if (!rate) return { kind: 'not-found' as const }
    await updateRateRow(trx, id, v)
    const { currency } = await readShopSettings(trx)
    await recordAudit(trx, { actorUserId: staff.user.id, action: 'shop.rate.update', subjectType: 'shop_rate', subjectId: String(id), detail: rateDetail(v, currency), at })
    return { kind: 'saved' as const, zoneId: rate.zone_id }
  })
}

export async function deleteRate(deps: Deps, staff: Staff, id: number): Promise<{ kind: 'deleted'; zoneId: number; name: string } | { kind: 'not-found' }> {
  const at = iso(deps.clock.now())
  return deps.db.transaction().execute(async (trx) => {
    const rate = await findRate(trx, id)
    if (!rate || !(await deleteRateRow(trx, id))) return { kind: 'not-found' as const }
    await recordAudit(trx, { actorUserId: staff.user.id, action: 'shop.rate.delete', subjectType: 'shop_rate', subjectId: String(id), detail: rate.name, at })
    return { kind: 'deleted' as const, zoneId: rate.zone_id, name: rate.name }
  })
}

/** A rate as its form shows it. */
export function rateFormValues(r: RateRow, currency: string): Record<string, string> {
  return {
    name: r.name, kind: r.kind, price: r.kind === 'flat' ? decimalString(r.price_cents, currency) : '', bands: bandsText(r.bands, currency),
    free_over: r.free_over_cents === null ? '' : decimalString(r.free_over_cents, currency), min_days: String(r.min_days), max_days: String(r.max_days),
    ...(r.active ? { active: '1' } : {}), position: String(r.position),
  }
}

// ——— taxes ———

/** '19' → 1900, '7.5' → 750, '5,55' → 555 basis points; null when it is no percentage from 0 to 100 with at most 2 decimals. */
export function parsePercent(text: string): number | null {
  const m = /^(\d{1,3})(?:[.,](\d{1,2}))?\s*%?$/.exec(text.trim())
  if (!m) return null
  const bp = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'))
  return bp <= 10_000 ? bp : null
}

export const TaxFields = z.object({
  country: z.string().trim().toUpperCase().refine(isCountryCode, 'Choose a country.'),
  name: staffText(40, 'Keep the name under 40 characters.').pipe(z.string().min(1, 'Enter the tax’s name, like VAT.')),
  rate: z.string().trim().refine((s) => parsePercent(s) !== null, 'Enter the rate as a percentage from 0 to 100 with at most 2 decimals, like 19 or 7.5.').transform((s) => parsePercent(s)!),
  applies_to_shipping: checkbox,
})
export type TaxInput = z.output<typeof TaxFields>

export async function setTaxRate(deps: Deps, staff: Staff, v: TaxInput): Promise<{ kind: 'saved'; created: boolean }> {
  const at = iso(deps.clock.now())
  return deps.db.transaction().execute(async (trx) => {
    const before = await findTaxRate(trx, v.country)
    await upsertTaxRate(trx, { country: v.country, name: v.name, rateBp: v.rate, appliesToShipping: v.applies_to_shipping }, at)
    const detail = `${countryName(v.country)}: ${v.name} ${before ? `${formatRate(before.rate_bp)} → ` : ''}${formatRate(v.rate)}${v.applies_to_shipping ? ', on shipping too' : ', not on shipping'}`
    await recordAudit(trx, { actorUserId: staff.user.id, action: 'shop.tax.set', subjectType: 'shop_tax_rate', subjectId: v.country, detail, at })
    return { kind: 'saved' as const, created: !before }
  })
}

export async function removeTaxRate(deps: Deps, staff: Staff, country: string): Promise<{ kind: 'deleted' } | { kind: 'not-found' }> {
  const at = iso(deps.clock.now())
  return deps.db.transaction().execute(async (trx) => {
    if (!(await deleteTaxRate(trx, country))) return { kind: 'not-found' as const }
    await recordAudit(trx, { actorUserId: staff.user.id, action: 'shop.tax.delete', subjectType: 'shop_tax_rate', subjectId: country, detail: countryName(country), at })
    return { kind: 'deleted' as const }
  })
}

// ——— country rules ———

export const PRODUCT_CLASSES: { value: ProductClass; label: string }[] = [
  { value: 'medicine', label: 'Medicines' }, { value: 'device', label: 'Devices' }, { value: 'accessory', label: 'Accessories' },
]

export const RuleFields = z.object({
  target: z.string().regex(/^(class:(medicine|device|accessory)|product:\d{1,9})$/, 'Choose a product class or a product.'),
  country: z.string().trim().toUpperCase().refine(isCountryCode, 'Choose a country.'),
  rule: z.enum(['allowed', 'blocked', 'capped'], { error: 'Choose allowed, blocked or capped.' }),
  max_months: optionalWhole('the most months of supply', 1, 120),
  max_quantity: optionalWhole('the most units', 1, 999),
  reason: staffText(500, 'Keep the reason under 500 characters.').default(''),
  source: staffText(500, 'Keep the source under 500 characters.').default(''),
  reviewed_on: z.string().trim().default('').refine((s) => s === '' || (/^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s)), 'Enter the review date as a date, like 2026-11-30.'),
}).superRefine((v, ctx) => {
  if (v.rule === 'blocked' && !v.reason) ctx.addIssue({ code: 'custom', path: ['reason'], message: 'Say why it is blocked: shoppers see this reason before they pay.' })
  if (v.rule === 'capped' && v.max_months === null && v.max_quantity === null) ctx.addIssue({ code: 'custom', path: ['max_months'], message: 'A cap needs the most months of supply or the most units per order.' })
}).transform((v) => {
  const [kind, what] = v.target.split(':')
  return {
    productClass: kind === 'class' ? (what as ProductClass) : null, productId: kind === 'product' ? Number(what) : null, country: v.country, rule: v.rule,
    maxMonths: v.rule === 'capped' ? v.max_months : null, maxQuantity: v.rule === 'capped' ? v.max_quantity : null,
    reason: v.reason, source: v.source, reviewedAt: v.reviewed_on ? `${v.reviewed_on}T00:00:00.000Z` : null,
  }
})
export type RuleInput = z.output<typeof RuleFields>

export type RuleResult = { kind: 'saved'; id: number; created: boolean } | { kind: 'not-found' } | { kind: 'no-product' }

const ruleDetail = (v: RuleInput, productName: string | null) =>
  `${productName ?? PRODUCT_CLASSES.find((c) => c.value === v.productClass)!.label} → ${countryName(v.country)}: ${v.rule}`
  + `${v.maxMonths !== null ? `, at most ${v.maxMonths} months` : ''}${v.maxQuantity !== null ? `, at most ${v.maxQuantity} units` : ''}${v.reason ? ` (${v.reason})` : ''}`

/**
 * Sets the rule for a target and country: the one row for them is updated
 * when it exists (`id`, when editing, names it), else made.
 */
export async function setCountryRule(deps: Deps, staff: Staff, v: RuleInput, id: number | null = null): Promise<RuleResult> {
  const at = iso(deps.clock.now())
  return deps.db.transaction().execute(async (trx): Promise<RuleResult> => {
    let productName: string | null = null
    if (v.productId !== null) {
      const p = (await productChoices(trx)).find((x) => x.id === v.productId)
      if (!p) return { kind: 'no-product' }
      productName = p.name
    }
    if (id !== null && !(await findRule(trx, id))) return { kind: 'not-found' }
    const same = await findRuleFor(trx, v, v.country)
    // Editing one row into another's target and country replaces that one.
    if (same && id !== null && same.id !== id) await deleteRuleRow(trx, same.id)
    const target = id ?? same?.id ?? null
    let ruleId: number
    if (target !== null) {
      await updateRuleRow(trx, target, v, at)
      ruleId = target
    } else {
      ruleId = await insertRule(trx, v, at)
    }
    await recordAudit(trx, { actorUserId: staff.user.id, action: 'shop.rule.set', subjectType: 'shop_country_rule', subjectId: String(ruleId), detail: ruleDetail(v, productName), at })
    return { kind: 'saved', id: ruleId, created: target === null }
  })
}

export async function deleteCountryRule(deps: Deps, staff: Staff, id: number): Promise<{ kind: 'deleted' } | { kind: 'not-found' }> {
  const at = iso(deps.clock.now())
  return deps.db.transaction().execute(async (trx) => {
    const rule = await findRule(trx, id)
    if (!rule || !(await deleteRuleRow(trx, id))) return { kind: 'not-found' as const }
    await recordAudit(trx, { actorUserId: staff.user.id, action: 'shop.rule.delete', subjectType: 'shop_country_rule', subjectId: String(id), detail: `${rule.product_class ?? `product ${rule.product_id}`} → ${rule.country}`, at })
    return { kind: 'deleted' as const }
  })
}

export function ruleFormValues(r: RuleRow): Record<string, string> {
  return {
    target: r.product_id !== null ? `product:${r.product_id}` : `class:${r.product_class}`, country: r.country, rule: r.rule,
    max_months: r.max_months === null ? '' : String(r.max_months), max_quantity: r.max_quantity === null ? '' : String(r.max_quantity),
    reason: r.reason, source: r.source, reviewed_on: r.reviewed_at ? r.reviewed_at.slice(0, 10) : '',
  }
}

export type ClassStatus = { label: string; tone: 'allowed' | 'blocked' | 'capped' | 'unreviewed'; reason: string }

/** Per country, what each product class may do there (a class row or, for medicines, the unreviewed default). */
export function classStatus(rules: readonly CountryRule[], productClass: ProductClass, country: string): ClassStatus {
  const rule = governingRule(rules, { productId: -1, productClass }, country)
  if (!rule) return productClass === 'medicine' ? { label: 'blocked (not reviewed)', tone: 'unreviewed', reason: '' } : { label: 'allowed', tone: 'allowed', reason: '' }
  if (rule.rule === 'capped') {
    const cap = [rule.maxMonths !== null ? `${rule.maxMonths} months` : '', rule.maxQuantity !== null ? `${rule.maxQuantity} units` : ''].filter(Boolean).join(', ')
    return { label: `capped: ${cap}`, tone: 'capped', reason: rule.reason }
  }
  return { label: rule.rule, tone: rule.rule, reason: rule.reason }
}

/** Everything the rules page shows. */
export async function rulesOverview(deps: Pick<Deps, 'db'>): Promise<{ rules: RuleWithProduct[]; asRules: CountryRule[]; products: Awaited<ReturnType<typeof productChoices>> }> {
  const [rules, products] = await Promise.all([listRules(deps.db), productChoices(deps.db)])
  const asRules: CountryRule[] = rules.map((r) => ({
    id: r.id, productClass: r.product_class, productId: r.product_id, country: r.country, rule: r.rule, maxMonths: r.max_months, maxQuantity: r.max_quantity, reason: r.reason,
  }))
  return { rules, asRules, products }
}

// ——— store settings ———

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'))

export const SettingsFields = z.object({
  currency: z.string().trim().toUpperCase().refine((c) => /^[A-Z]{3}$/.test(c) && CURRENCIES.has(c), 'Enter an ISO 4217 currency code, like EUR or GBP.'),
  prices_include_tax: checkbox,
  hold_minutes: wholeNumber('the hold in minutes', 5, 10_080),
  bank_details: staffText(2000, 'Keep the bank details under 2,000 characters.').default(''),
  low_stock_email: z.string().trim().max(200).default('').refine((s) => s === '' || z.email().safeParse(s).success, 'Enter an email address, or leave it empty to mail every admin and shop manager.'),
})
export type SettingsInput = z.output<typeof SettingsFields>

export function settingsFormValues(s: ShopSettings): Record<string, string> {
  return { currency: s.currency, ...(s.pricesIncludeTax ? { prices_include_tax: '1' } : {}), hold_minutes: String(s.holdMinutes), bank_details: s.bankDetails, low_stock_email: s.lowStockEmail }
}

export type SettingsResult = { kind: 'saved' } | { kind: 'currency-locked'; currency: string }

/** Saves the store's terms. The currency is fixed once an order exists: every amount stored is in it. */
export async function saveShopSettings(deps: Deps, staff: Staff, v: SettingsInput): Promise<SettingsResult> {
  const at = iso(deps.clock.now())
  return deps.db.transaction().execute(async (trx): Promise<SettingsResult> => {
    const before = await readShopSettings(trx)
    if (v.currency !== before.currency && (await hasOrders(trx))) return { kind: 'currency-locked', currency: before.currency }
    const next: ShopSettings = { currency: v.currency, pricesIncludeTax: v.prices_include_tax, holdMinutes: v.hold_minutes, bankDetails: v.bank_details, lowStockEmail: v.low_stock_email }
    await writeShopSettings(trx, next, at)
    const changes: string[] = []
    if (before.currency !== next.currency) changes.push(`currency ${before.currency} → ${next.currency}`)
    if (before.pricesIncludeTax !== next.pricesIncludeTax) changes.push(next.pricesIncludeTax ? 'prices include tax' : 'prices exclude tax')
    if (before.holdMinutes !== next.holdMinutes) changes.push(`hold ${before.holdMinutes} → ${next.holdMinutes} minutes`)
    if (before.bankDetails !== next.bankDetails) changes.push('bank details')
    if (before.lowStockEmail !== next.lowStockEmail) changes.push(`low-stock mail to ${next.lowStockEmail || 'staff'}`)
    await recordAudit(trx, { actorUserId: staff.user.id, action: 'shop.settings.update', subjectType: 'shop_settings', subjectId: '1', detail: changes.join('; ') || 'no change', at })
    return { kind: 'saved' }
  })
}

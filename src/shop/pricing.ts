import type { ProductClass } from './tables.js'
import { taxOf } from './money.js'
import { lineProblems, type CountryRule, type LineProblem } from './rules.js'
import { countryName } from './countries.js'

// The one price calculation: the cart page, checkout, the placing
// transaction and the bench all call quote() on the same inputs, so what the
// shopper is shown is what the order records. Pure: the caller loads the
// rows (queries/pricing.ts, loadPricingContext) and the cart's variants.

export interface StoreTerms { currency: string; pricesIncludeTax: boolean }

export interface WeightBand { upToGrams: number; priceCents: number }

export interface ShippingRate {
  id: number
  name: string
  kind: 'flat' | 'weight'
  priceCents: number
  bands: WeightBand[]
  freeOverCents: number | null
  minDays: number
  maxDays: number
}

export interface ShippingZone { id: number; name: string; codAllowed: boolean; rates: ShippingRate[] }

export interface TaxRate { country: string; name: string; rateBp: number; appliesToShipping: boolean }

/** Everything a quote for one destination country needs besides the cart. */
export interface PricingContext {
  terms: StoreTerms
  country: string
  /** The zone that serves the country (its own, or rest of world); null: we do not ship there. */
  zone: ShippingZone | null
  tax: TaxRate | null
  rules: CountryRule[]
}

/** A cart line as the catalog has it now. */
export interface CartItem {
  variantId: number
  productId: number
  productSlug: string
  productName: string
  variantName: string
  sku: string
  productClass: ProductClass
  unitPriceCents: number
  quantity: number
  weightGrams: number
  supplyMonths: number | null
  /** null: not tracked */
  stock: number | null
  /** false when the product or variant was archived or drafted since it was added */
  available: boolean
}

export interface QuotedLine extends CartItem {
  /** unit × quantity, as entered (with tax when prices include it) */
  amountCents: number
  taxCents: number
  /** what the buyer pays for the line, tax included */
  totalCents: number
}

export interface ShippingOption {
  rateId: number
  name: string
  /** as entered, with or without tax like product prices */
  amountCents: number
  taxCents: number
  totalCents: number
  minDays: number
  maxDays: number
  free: boolean
}

export type CartProblem =
  | LineProblem
  | { kind: 'unavailable'; variantId: number; message: string }
  | { kind: 'short'; variantId: number; available: number; message: string }
  | { kind: 'no-shipping'; message: string }

export interface Quote {
  currency: string
  pricesIncludeTax: boolean
  country: string
  lines: QuotedLine[]
  /** sum of line amounts as entered */
  subtotalCents: number
  weightGrams: number
  taxName: string
  taxRateBp: number
  /** tax on the goods */
  linesTaxCents: number
  options: ShippingOption[]
  /** the option chosen, or the cheapest when none (or an unknown one) was asked for */
  shipping: ShippingOption | null
  taxCents: number
  totalCents: number
  codAllowed: boolean
  problems: CartProblem[]
}

/** The price of one rate for this subtotal and weight, or null when the rate cannot carry it. */
export function rateAmount(rate: ShippingRate, subtotalCents: number, weightGrams: number): number | null {
  if (rate.freeOverCents !== null && subtotalCents >= rate.freeOverCents) return 0
  if (rate.kind === 'flat') return rate.priceCents
  const band = rate.bands.find((b) => weightGrams <= b.upToGrams)
  return band ? band.priceCents : null
}

/** Prices the cart for the context's country: lines, tax, shipping options, and what stops it shipping. */
export function quote(ctx: PricingContext, items: readonly CartItem[], opts: { rateId?: number | null } = {}): Quote {
  const inclusive = ctx.terms.pricesIncludeTax
  const rateBp = ctx.tax?.rateBp ?? 0
  const lines: QuotedLine[] = items.map((item) => {
    const amountCents = item.unitPriceCents * item.quantity
    const taxCents = taxOf(amountCents, rateBp, inclusive)
    return { ...item, amountCents, taxCents, totalCents: inclusive ? amountCents : amountCents + taxCents }
  })
  const subtotalCents = lines.reduce((n, l) => n + l.amountCents, 0)
  const weightGrams = lines.reduce((n, l) => n + l.weightGrams * l.quantity, 0)
  const linesTaxCents = lines.reduce((n, l) => n + l.taxCents, 0)
  const shippingRateBp = ctx.tax?.appliesToShipping ? rateBp : 0

  const options: ShippingOption[] = []
  for (const rate of ctx.zone?.rates ?? []) {
    const amountCents = rateAmount(rate, subtotalCents, weightGrams)
    if (amountCents === null) continue
    const taxCents = taxOf(amountCents, shippingRateBp, inclusive)
    options.push({
      rateId: rate.id, name: rate.name, amountCents, taxCents, totalCents: inclusive ? amountCents : amountCents + taxCents,
      minDays: rate.minDays, maxDays: rate.maxDays, free: amountCents === 0,
    })
  }
  const shipping = options.find((o) => o.rateId === opts.rateId) ?? cheapest(options)

  const problems: CartProblem[] = []
  for (const l of lines) {
    if (!l.available) problems.push({ kind: 'unavailable', variantId: l.variantId, message: `${l.productName} (${l.variantName}) is no longer sold.` })
    else if (l.stock !== null && l.stock < l.quantity) {
      problems.push(l.stock === 0
        ? { kind: 'short', variantId: l.variantId, available: 0, message: `${l.productName} (${l.variantName}) has sold out.` }
        : { kind: 'short', variantId: l.variantId, available: l.stock, message: `Only ${l.stock} of ${l.productName} (${l.variantName}) ${l.stock === 1 ? 'is' : 'are'} left.` })
    }
  }
  problems.push(...lineProblems(ctx.rules, lines, ctx.country))
  if (lines.length && !ctx.zone) problems.push({ kind: 'no-shipping', message: `We do not ship to ${countryName(ctx.country)} yet.` })
  else if (lines.length && !options.length) problems.push({ kind: 'no-shipping', message: `This order is too heavy for any of our shipping methods to ${countryName(ctx.country)}.` })

  const goodsTotal = lines.reduce((n, l) => n + l.totalCents, 0)
  const taxCents = linesTaxCents + (shipping?.taxCents ?? 0)
  return {
    currency: ctx.terms.currency,
    pricesIncludeTax: inclusive,
    country: ctx.country,
    lines,
    subtotalCents,
    weightGrams,
    taxName: ctx.tax?.name ?? 'Tax',
    taxRateBp: rateBp,
    linesTaxCents,
    options,
    shipping,
    taxCents,
    totalCents: goodsTotal + (shipping?.totalCents ?? 0),
    codAllowed: ctx.zone?.codAllowed ?? false,
    problems,
  }
}

function cheapest(options: ShippingOption[]): ShippingOption | null {
  return options.reduce<ShippingOption | null>((best, o) => (!best || o.totalCents < best.totalCents ? o : best), null)
}

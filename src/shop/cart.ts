import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { iso } from '../clock.js'
import { ensureCart, findCart, type CartRef } from './cart-session.js'
import { quote, type CartItem, type CartProblem, type Quote } from './pricing.js'
import { loadPricingContext, readShopSettings } from './queries/pricing.js'
import { addCartLine, adoptCart, latestCartOfUser, cartItemRows, putCartLine, setCartCountry, variantBySku } from './queries/carts.js'
import { isCountryCode } from './countries.js'

// The cart: what is in it as the catalog has it now, and what it costs for
// the country the shopper named. Every page that shows the cart re-reads stock
// and rules, so a change since the last page shows up at the next step.

/** Most units of one variant a cart line holds (the product page's quantity field allows 1..99). */
export const MAX_LINE_QUANTITY = 99

/**
 * This browser's cart, or null. A guest who signs in keeps the cart they
 * filled: a cart nobody owns yet becomes the member's. A member in a browser
 * without a cart cookie gets their latest cart.
 */
export async function cartOf(deps: Pick<Deps, 'db' | 'clock'>, req: FastifyRequest): Promise<CartRef | null> {
  const cart = await findCart(deps, req)
  if (req.actor.kind !== 'user') return cart
  const userId = req.actor.user.id
  if (cart && cart.userId === null) {
    await adoptCart(deps.db, cart.id, userId, iso(deps.clock.now()))
    return { ...cart, userId }
  }
  if (cart) return cart
  const mine = await latestCartOfUser(deps.db, userId)
  return mine ? { id: mine.id, country: mine.country, userId } : null
}

/** This browser's cart, made when there is none (and adopted as cartOf does). */
export async function ensureCartOf(deps: Pick<Deps, 'db' | 'clock'>, req: FastifyRequest, reply: FastifyReply): Promise<CartRef> {
  return (await cartOf(deps, req)) ?? ensureCart(deps, req, reply)
}

export async function loadCartItems(db: Db, cartId: number): Promise<CartItem[]> {
  const rows = await cartItemRows(db, cartId)
  return rows.map((r) => ({
    variantId: r.variant_id, productId: r.product_id, productSlug: r.slug, productName: r.product_name, variantName: r.variant_name,
    sku: r.sku, productClass: r.product_class, unitPriceCents: r.price_cents, quantity: r.quantity, weightGrams: r.weight_grams,
    supplyMonths: r.supply_months, stock: r.stock, available: r.status === 'active' && r.active === 1,
  }))
}

export type AddOutcome = { kind: 'added'; name: string } | { kind: 'unknown' } | { kind: 'unavailable'; name: string } | { kind: 'sold-out'; name: string }

/** Puts units of a variant in the cart; more of a variant already there adds to its line. */
export async function addToCart(deps: Pick<Deps, 'db' | 'clock'>, cart: CartRef, sku: string, quantity: number): Promise<AddOutcome> {
  const v = await variantBySku(deps.db, sku)
  if (!v) return { kind: 'unknown' }
  const name = `${v.product_name} (${v.variant_name})`
  if (v.status !== 'active' || v.active !== 1) return { kind: 'unavailable', name }
  if (v.stock === 0) return { kind: 'sold-out', name }
  await addCartLine(deps.db, cart.id, v.id, quantity, MAX_LINE_QUANTITY, iso(deps.clock.now()))
  return { kind: 'added', name }
}

/** Sets a line's quantity; 0 removes it. Only lines of this cart are touched. */
export async function changeQuantity(deps: Pick<Deps, 'db' | 'clock'>, cart: CartRef, variantId: number, quantity: number): Promise<void> {
  await putCartLine(deps.db, cart.id, variantId, Math.min(quantity, MAX_LINE_QUANTITY), iso(deps.clock.now()))
}

export async function shipTo(deps: Pick<Deps, 'db' | 'clock'>, cart: CartRef, country: string): Promise<boolean> {
  if (!isCountryCode(country)) return false
  await setCartCountry(deps.db, cart.id, country, iso(deps.clock.now()))
  return true
}

export interface CartPageData {
  items: CartItem[]
  country: string | null
  /** null until a country is known */
  quote: Quote | null
  /** per line, what stops it shipping */
  lineProblems: Map<number, CartProblem[]>
  /** problems that belong to no one line (no shipping to the country) */
  cartProblems: CartProblem[]
  currency: string
}

/** The cart as the page shows it: lines, and once a country is known, the quote and every problem. */
export async function loadCartPage(deps: Pick<Deps, 'db'>, cart: CartRef | null, countryOverride?: string, rateId?: number | null): Promise<CartPageData> {
  const items = cart ? await loadCartItems(deps.db, cart.id) : []
  const country = countryOverride ?? cart?.country ?? null
  const ctx = country ? await loadPricingContext(deps.db, country) : null
  const q = ctx ? quote(ctx, items, { rateId }) : null
  const byLine = new Map<number, CartProblem[]>()
  const general: CartProblem[] = []
  for (const p of q?.problems ?? []) {
    if ('variantId' in p) byLine.set(p.variantId, [...(byLine.get(p.variantId) ?? []), p])
    else general.push(p)
  }
  // Without a country, stock and availability still show.
  if (!q) {
    for (const l of items) {
      const msg = !l.available ? `${l.productName} (${l.variantName}) is no longer sold.`
        : l.stock !== null && l.stock < l.quantity ? (l.stock === 0 ? `${l.productName} (${l.variantName}) has sold out.` : `Only ${l.stock} of ${l.productName} (${l.variantName}) ${l.stock === 1 ? 'is' : 'are'} left.`)
          : null
      if (msg) byLine.set(l.variantId, [{ kind: 'unavailable', variantId: l.variantId, message: msg }])
    }
  }
  const currency = q?.currency ?? (await readShopSettings(deps.db)).currency
  return { items, country, quote: q, lineProblems: byLine, cartProblems: general, currency }
}

import type { Deps } from '../deps.js'
import type { Db } from '../db/database.js'
import { addMs, iso } from '../clock.js'
import { takeToken } from '../db/rate-limits.js'
import { hmac, sha256 } from '../http/signing.js'
import { quote, type CartProblem } from './pricing.js'
import { loadPricingContext, readShopSettings } from './queries/pricing.js'
import { emptyCart } from './queries/carts.js'
import { insertOrder, insertOrderLines, orderIdByKey } from './queries/orders.js'
import { loadCartItems } from './cart.js'
import { recordOrderEvent, reserveStock } from './order-states.js'
import { noteStockTaken } from './stock-alerts.js'
import { cardPaymentsEnabled } from './payments.js'
import { saveAddress, type Address } from './addresses.js'
import { orderConfirmationMail } from './order-mail.js'
import type { PaymentMethod } from './tables.js'

// Placing an order: one transaction that re-reads the cart and the catalog,
// prices it again, refuses when anything differs from what the buyer was
// shown, then writes the order, takes the stock (a conditional decrement per
// variant; a shortfall rolls everything back), queues the mail and the hold's
// end, and empties the cart.
//
// Idempotency: the form carries a random key. The stored key is a hash of the
// cart and that key, so the same key from another cart is another order, and
// a replay is found only by the cart that placed it. The UNIQUE index settles
// a race between two requests with one key: the loser's insert fails (on
// Postgres it waits for the winner's commit first), and it looks the order up.
// The order's access token is an HMAC of the stored key, so every replay can
// send its browser to the same order page without the token being stored.

export interface PlaceInput {
  cartId: number
  userId: number | null
  email: string
  address: Address
  rateId: number
  paymentMethod: PaymentMethod
  note: string
  /** the form's idempotency key */
  key: string
  /** the total the buyer was shown, in minor units */
  quotedTotalCents: number
  saveAddress: boolean
  ip: string
}

export type PlaceOutcome =
  | { kind: 'placed'; orderId: number; number: string; token: string; replay: boolean }
  | { kind: 'empty' }
  | { kind: 'problems'; problems: CartProblem[] }
  | { kind: 'shipping-changed' }
  | { kind: 'method-unavailable'; method: PaymentMethod }
  | { kind: 'price-changed'; totalCents: number; currency: string }
  | { kind: 'sold-out'; variantId: number; name: string }
  | { kind: 'rate-limited'; retryAfterSeconds: number }
  | { kind: 'busy' }

/** Attempts per placing: a Postgres serialization failure or deadlock, or a locked SQLite file, is retried. */
const ATTEMPTS = 4
// Per IP and per email address, counted across processes in the database.
export const PLACE_LIMITS = { ip: { limit: 60, windowMs: 10 * 60_000 }, email: { limit: 30, windowMs: 60 * 60_000 } }

class SoldOut extends Error {
  constructor(readonly variantId: number, readonly productName: string) { super('sold out') }
}

const storedKey = (cartId: number, key: string) => sha256(`shop-order:${cartId}:${key}`)

/** The order page's token for an order placed with this stored key (a member's list rebuilds its links this way). */
export function accessToken(deps: Pick<Deps, 'secrets'>, stored: string): string {
  return hmac(deps.secrets.signing, `shop-order-token:${stored}`)
}

export const orderTokenHash = (token: string) => sha256(token)

export async function placeOrder(deps: Deps, input: PlaceInput): Promise<PlaceOutcome> {
  const stored = storedKey(input.cartId, input.key)
  const token = accessToken(deps, stored)
  const replay = async (): Promise<PlaceOutcome | null> => {
    const found = await orderIdByKey(deps.db, stored)
    return found ? { kind: 'placed', orderId: found.id, number: found.number ?? '', token, replay: true } : null
  }
  // A refresh or a second click after the order exists: no new hits on the limits.
  const earlier = await replay()
  if (earlier) return earlier

  const now = deps.clock.now()
  for (const [what, limit, value] of [['ip', PLACE_LIMITS.ip, input.ip], ['email', PLACE_LIMITS.email, input.email.toLowerCase()]] as const) {
    const taken = await takeToken(deps.db, { key: `shop-place:${what}:${hmac(deps.secrets.ipHash, value)}`, ...limit, now })
    if (!taken.ok) return { kind: 'rate-limited', retryAfterSeconds: Math.ceil(taken.retryAfterMs / 1000) }
  }

  for (let attempt = 1; ; attempt++) {
    try {
      return await deps.db.transaction().execute((trx) => placeInTransaction(deps, trx, input, stored, token))
    } catch (err) {
      if (err instanceof SoldOut) return { kind: 'sold-out', variantId: err.variantId, name: err.productName }
      if (isUniqueViolation(err)) {
        const found = await replay()
        if (found) return found
        throw err
      }
      if (isTransient(err)) {
        if (attempt < ATTEMPTS) { await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt)); continue }
        return { kind: 'busy' }
      }
      throw err
    }
  }
}

async function placeInTransaction(deps: Deps, trx: Db, input: PlaceInput, stored: string, token: string): Promise<PlaceOutcome> {
  // Inside the transaction too: on SQLite the requests with one key run one
  // after another, and the second finds the first's order here.
  const existing = await orderIdByKey(trx, stored)
  if (existing) return { kind: 'placed', orderId: existing.id, number: existing.number ?? '', token, replay: true }

  const items = await loadCartItems(trx, input.cartId)
  if (!items.length) return { kind: 'empty' }
  const country = input.address.country
  const ctx = await loadPricingContext(trx, country)
  const q = quote(ctx, items, { rateId: input.rateId })
  if (q.problems.length) return { kind: 'problems', problems: q.problems }
  if (!q.shipping || q.shipping.rateId !== input.rateId) return { kind: 'shipping-changed' }
  if ((input.paymentMethod === 'cod' && !q.codAllowed) || (input.paymentMethod === 'card' && !cardPaymentsEnabled(deps))) {
    return { kind: 'method-unavailable', method: input.paymentMethod }
  }
  if (q.totalCents !== input.quotedTotalCents) return { kind: 'price-changed', totalCents: q.totalCents, currency: q.currency }

  const settings = await readShopSettings(trx)
  const now = deps.clock.now()
  const at = iso(now)
  // Cash on delivery ships unpaid: nothing to wait for, so no hold to expire.
  const holdEnd = input.paymentMethod === 'cod' ? null : addMs(now, settings.holdMinutes * 60_000)
  const order = await insertOrder(trx, {
    access_token_hash: sha256(token), idempotency_key: stored, user_id: input.userId, email: input.email,
    status: 'pending_payment', payment_method: input.paymentMethod, currency: q.currency, prices_include_tax: q.pricesIncludeTax ? 1 : 0,
    subtotal_cents: q.subtotalCents, shipping_cents: q.shipping.amountCents, tax_cents: q.taxCents, total_cents: q.totalCents,
    tax_name: q.taxName, tax_rate_bp: q.taxRateBp, shipping_tax_cents: q.shipping.taxCents,
    address: JSON.stringify(input.address), country, shipping_rate_id: q.shipping.rateId, shipping_method: q.shipping.name,
    delivery_min_days: q.shipping.minDays, delivery_max_days: q.shipping.maxDays, customer_note: input.note,
    hold_expires_at: holdEnd ? iso(holdEnd) : null, placed_at: at, updated_at: at,
  })
  await insertOrderLines(trx, order.id, q.lines.map((l) => ({
    variant_id: l.variantId, product_name: l.productName, variant_name: l.variantName, sku: l.sku, product_class: l.productClass,
    unit_price_cents: l.unitPriceCents, quantity: l.quantity, tax_cents: l.taxCents, total_cents: l.totalCents, stock_tracked: l.stock === null ? 0 : 1,
  })))
  const short = await reserveStock(trx, q.lines.filter((l) => l.stock !== null).map((l) => ({ variantId: l.variantId, quantity: l.quantity })))
  if (short !== null) {
    const line = q.lines.find((l) => l.variantId === short)!
    throw new SoldOut(short, `${line.productName} (${line.variantName})`)
  }
  await noteStockTaken(deps, trx, q.lines.map((l) => l.variantId))
  await recordOrderEvent(trx, order.id, { kind: 'placed', to: 'pending_payment', actor: { userId: input.userId, label: input.userId ? 'Buyer (member)' : 'Buyer' }, at })
  if (holdEnd) await deps.jobs.enqueue('shop.expire-hold', { orderId: order.id }, { runAt: holdEnd }, trx)
  await deps.jobs.enqueue('mail.send', orderConfirmationMail({
    number: order.number, email: input.email, currency: q.currency, pricesIncludeTax: q.pricesIncludeTax,
    lines: q.lines.map((l) => ({ productName: l.productName, variantName: l.variantName, quantity: l.quantity, totalCents: l.totalCents })),
    subtotalCents: q.subtotalCents, shippingCents: q.shipping.amountCents, shippingMethod: q.shipping.name,
    deliveryMinDays: q.shipping.minDays, deliveryMaxDays: q.shipping.maxDays, taxName: q.taxName, taxRateBp: q.taxRateBp,
    taxCents: q.taxCents, totalCents: q.totalCents, address: input.address, paymentMethod: input.paymentMethod,
    bankDetails: settings.bankDetails, holdMinutes: settings.holdMinutes, link: orderUrl(deps, token), siteTitle: deps.config.siteTitle,
  }), {}, trx)
  if (input.saveAddress && input.userId !== null) await saveAddress(deps, trx, input.userId, input.address)
  await emptyCart(trx, input.cartId)
  return { kind: 'placed', orderId: order.id, number: order.number, token, replay: false }
}

/** The order page's absolute address (mail, Stripe's return). */
export function orderUrl(deps: Pick<Deps, 'config'>, token: string): string {
  return `${deps.config.siteUrl}/shop/order/${token}`
}

function errCode(err: unknown): string {
  return err && typeof err === 'object' && 'code' in err ? String((err as { code: unknown }).code) : ''
}

/** A UNIQUE index refused the insert (Postgres 23505; SQLite's constraint code). */
export function isUniqueViolation(err: unknown): boolean {
  const code = errCode(err)
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
}

/** Worth another try: Postgres serialization failure or deadlock; SQLite busy or locked. */
function isTransient(err: unknown): boolean {
  const code = errCode(err)
  return code === '40001' || code === '40P01' || code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')
}

import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import { sha256 } from '../http/signing.js'
import { orderByTokenHash, orderLines, ordersOfUser } from './queries/orders.js'
import { readShopSettings } from './queries/pricing.js'
import { parseAddress, savedAddresses, type Address, type SavedAddress } from './addresses.js'
import { accessToken } from './placing.js'
import type { OrderStatus, PaymentMethod } from './tables.js'

// The buyer's side of an order: the page behind the long random link, the
// invoice, and a member's list. The link alone is not enough: the browser
// must also have shown the order's email address once (or placed the order,
// or be the member who did); the proof is kept in a signed cookie.

const PROOF_COOKIE = 'crown_orders'
// Orders one browser remembers having proven; the oldest falls off.
const PROOF_KEEP = 20

export interface OrderView {
  id: number
  number: string
  token: string
  email: string
  status: OrderStatus
  paymentMethod: PaymentMethod
  currency: string
  pricesIncludeTax: boolean
  subtotalCents: number
  shippingCents: number
  taxName: string
  taxRateBp: number
  taxCents: number
  totalCents: number
  address: Address
  shippingMethod: string
  deliveryMinDays: number
  deliveryMaxDays: number
  note: string
  placedAt: string
  paidAt: string | null
  shippedAt: string | null
  carrier: string | null
  trackingNumber: string | null
  holdExpiresAt: string | null
  lines: { productName: string; variantName: string; sku: string; unitPriceCents: number; quantity: number; taxCents: number; totalCents: number }[]
  bankDetails: string
}

function provenIds(req: FastifyRequest): number[] {
  const raw = req.cookies[PROOF_COOKIE]
  if (!raw) return []
  const u = req.unsignCookie(raw)
  if (!u.valid || !u.value) return []
  return u.value.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0)
}

/** Remembers that this browser may see the order (it placed it, or gave its email). */
export function proveOrder(req: FastifyRequest, reply: FastifyReply, orderId: number) {
  const ids = [orderId, ...provenIds(req).filter((id) => id !== orderId)].slice(0, PROOF_KEEP)
  reply.setCookie(PROOF_COOKIE, ids.join(','), { path: '/shop/order', httpOnly: true, sameSite: 'lax', signed: true, maxAge: 90 * 86_400 })
}

export type OrderAccess = { kind: 'shown'; order: OrderView } | { kind: 'ask-email'; number: string } | { kind: 'missing' }

/**
 * The order behind a token, for this request. An unknown token is missing;
 * a member's order is missing to any other signed-in member; otherwise the
 * browser must have proven the email.
 */
export async function orderForToken(deps: Pick<Deps, 'db'>, req: FastifyRequest, token: string): Promise<OrderAccess> {
  const row = await orderByTokenHash(deps.db, sha256(token))
  if (!row) return { kind: 'missing' }
  const me = req.actor.kind === 'user' ? req.actor.user.id : null
  if (row.user_id !== null && me !== null && me !== row.user_id) return { kind: 'missing' }
  const proven = (me !== null && me === row.user_id) || provenIds(req).includes(row.id)
  if (!proven) return { kind: 'ask-email', number: row.number ?? '' }
  const [lines, settings] = await Promise.all([orderLines(deps.db, row.id), readShopSettings(deps.db)])
  return {
    kind: 'shown',
    order: {
      id: row.id, number: row.number ?? '', token, email: row.email, status: row.status, paymentMethod: row.payment_method, currency: row.currency,
      pricesIncludeTax: row.prices_include_tax === 1, subtotalCents: row.subtotal_cents, shippingCents: row.shipping_cents,
      taxName: row.tax_name, taxRateBp: row.tax_rate_bp, taxCents: row.tax_cents, totalCents: row.total_cents,
      address: parseAddress(row.address), shippingMethod: row.shipping_method, deliveryMinDays: row.delivery_min_days, deliveryMaxDays: row.delivery_max_days,
      note: row.customer_note, placedAt: row.placed_at, paidAt: row.paid_at, shippedAt: row.shipped_at, carrier: row.carrier, trackingNumber: row.tracking_number,
      holdExpiresAt: row.hold_expires_at,
      lines: lines.map((l) => ({ productName: l.product_name, variantName: l.variant_name, sku: l.sku, unitPriceCents: l.unit_price_cents, quantity: l.quantity, taxCents: l.tax_cents, totalCents: l.total_cents })),
      bankDetails: settings.bankDetails,
    },
  }
}

export type EmailCheck = { kind: 'proven' } | { kind: 'wrong' } | { kind: 'missing' }

/** The email form on a guest's order page: the address must be the order's (case aside). */
export async function proveOrderEmail(deps: Pick<Deps, 'db'>, req: FastifyRequest, reply: FastifyReply, token: string, email: string): Promise<EmailCheck> {
  const row = await orderByTokenHash(deps.db, sha256(token))
  if (!row) return { kind: 'missing' }
  const me = req.actor.kind === 'user' ? req.actor.user.id : null
  if (row.user_id !== null && me !== null && me !== row.user_id) return { kind: 'missing' }
  if (row.email.trim().toLowerCase() !== email.trim().toLowerCase()) return { kind: 'wrong' }
  proveOrder(req, reply, row.id)
  return { kind: 'proven' }
}

export interface MyOrder { number: string; token: string; status: OrderStatus; totalCents: number; currency: string; placedAt: string }

/** A member's orders (each with its page's token, rebuilt from the stored key) and saved addresses. */
export async function loadMyOrders(deps: Pick<Deps, 'db' | 'secrets'>, userId: number): Promise<{ orders: (MyOrder & { id: number })[]; addresses: SavedAddress[] }> {
  const [rows, addresses] = await Promise.all([ordersOfUser(deps.db, userId), savedAddresses(deps.db, userId)])
  return {
    orders: rows.map((r) => ({ id: r.id, number: r.number ?? '', token: accessToken(deps, r.idempotency_key), status: r.status, totalCents: r.total_cents, currency: r.currency, placedAt: r.placed_at })),
    addresses,
  }
}

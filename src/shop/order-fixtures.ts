import crypto from 'node:crypto'
import type { Db } from '../db/database.js'
import type { OrderStatus, PaymentMethod, ProductClass } from './tables.js'
import { reserveStock } from './order-states.js'

// Test orders made straight in the tables, for tests that start from an order
// rather than from the checkout that places one (the back office, payments,
// holds, the back office's browser journey). Tests only.

let serial = 0

/**
 * A line's names, SKU, class and whether its stock is counted come from its
 * variant when it has one, else from placeholders; what is given wins.
 */
export interface OrderLineSpec {
  variantId?: number | null
  productName?: string
  variantName?: string
  sku?: string
  productClass?: ProductClass
  unitPriceCents: number
  quantity: number
  taxCents?: number
  stockTracked?: boolean
}

export interface OrderSpec {
  lines: OrderLineSpec[]
  number?: string
  email?: string
  status?: OrderStatus
  paymentMethod?: PaymentMethod
  currency?: string
  country?: string
  address?: Record<string, string>
  customerNote?: string
  /** ISO time; default 2026-11-30T12:00:00.000Z */
  placedAt?: string
  shippingCents?: number
  /**
   * Take the lines' units from stock now, as checkout does (a sold-out variant
   * throws). Default: stock is untouched, so a test that checks stock coming
   * back sets the variant's stock as if the order had taken it.
   */
  takeStock?: boolean
  /** whether the units are still held out of stock on the order's behalf (default: while unshipped) */
  stockHeld?: boolean
  /** the payment hold ends this long after placedAt, as checkout sets it (never for cash on delivery); default: no hold end */
  holdMinutes?: number
  /** record the 'placed' event checkout writes (default true); false leaves a history holding only what the test causes */
  recordPlaced?: boolean
}

/** Inserts an order, its lines and (unless told not to) its 'placed' event, in one transaction. */
export async function makeOrder(db: Db, o: OrderSpec): Promise<{ orderId: number; number: string }> {
  serial++
  const at = o.placedAt ?? '2026-11-30T12:00:00.000Z'
  const number = o.number ?? `T-${Date.now().toString(36).toUpperCase()}-${serial}`
  const status = o.status ?? 'pending_payment'
  const method = o.paymentMethod ?? 'bank_transfer'
  const subtotal = o.lines.reduce((n, l) => n + l.unitPriceCents * l.quantity, 0)
  const tax = o.lines.reduce((n, l) => n + (l.taxCents ?? 0), 0)
  const shipping = o.shippingCents ?? 490
  const country = o.country ?? 'DE'
  const address = o.address ?? { name: 'Erika Mustermann', line1: 'Hauptstraße 1', line2: '', city: 'Berlin', region: '', postcode: '10115', country, phone: '' }
  const holdEnd = o.holdMinutes === undefined || method === 'cod' ? null : new Date(Date.parse(at) + o.holdMinutes * 60_000).toISOString()
  return db.transaction().execute(async (trx) => {
    if (o.takeStock) {
      const short = await reserveStock(trx, o.lines.map((l) => {
        if (l.variantId == null) throw new Error('makeOrder: takeStock needs every line to have a variant')
        return { variantId: l.variantId, quantity: l.quantity }
      }))
      if (short !== null) throw new Error(`makeOrder: variant ${short} is out of stock`)
    }
    const row = await trx.insertInto('shop_orders').values({
      number, access_token_hash: crypto.randomBytes(16).toString('hex'), idempotency_key: crypto.randomUUID(), user_id: null,
      email: o.email ?? `buyer${serial}@example.com`, status, payment_method: method, currency: o.currency ?? 'EUR',
      prices_include_tax: 1, subtotal_cents: subtotal, shipping_cents: shipping, tax_cents: tax, total_cents: subtotal + shipping,
      tax_name: 'VAT', tax_rate_bp: 1900, shipping_tax_cents: 0, address: JSON.stringify(address), country, shipping_rate_id: null,
      shipping_method: 'Standard', delivery_min_days: 2, delivery_max_days: 4, customer_note: o.customerNote ?? '',
      stock_held: (o.stockHeld ?? ['pending_payment', 'paid'].includes(status)) ? 1 : 0, hold_expires_at: holdEnd, stripe_session_id: null,
      payment_started_at: null, carrier: null, tracking_number: null, placed_at: at, paid_at: null, shipped_at: null, completed_at: null,
      cancelled_at: null, refunded_at: null, updated_at: at,
    }).returning('id').executeTakeFirstOrThrow()
    for (const [i, l] of o.lines.entries()) {
      const v = l.variantId == null ? undefined : await trx.selectFrom('shop_variants as v').innerJoin('shop_products as p', 'p.id', 'v.product_id')
        .select(['v.name', 'v.sku', 'v.stock', 'p.name as product_name', 'p.product_class']).where('v.id', '=', l.variantId).executeTakeFirstOrThrow()
      await trx.insertInto('shop_order_lines').values({
        order_id: row.id, variant_id: l.variantId ?? null, product_name: l.productName ?? v?.product_name ?? `Product ${i + 1}`,
        variant_name: l.variantName ?? v?.name ?? 'Standard', sku: l.sku ?? v?.sku ?? `SKU-${serial}-${i}`,
        product_class: l.productClass ?? v?.product_class ?? 'device', unit_price_cents: l.unitPriceCents, quantity: l.quantity,
        tax_cents: l.taxCents ?? 0, total_cents: l.unitPriceCents * l.quantity,
        stock_tracked: (l.stockTracked ?? (v ? v.stock !== null : true)) ? 1 : 0,
      }).execute()
    }
    if (o.recordPlaced ?? true) {
      await trx.insertInto('shop_order_events').values({ order_id: row.id, kind: 'placed', from_status: null, to_status: status, actor_user_id: null, actor_label: 'Buyer', note: '', created_at: at }).execute()
    }
    return { orderId: row.id, number }
  })
}

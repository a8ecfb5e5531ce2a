import crypto from 'node:crypto'
import type { Db } from '../db/database.js'
import type { PaymentMethod } from './tables.js'
import { reserveStock } from './order-states.js'

// Test orders made straight in the tables, as checkout places them: awaiting
// payment, units taken from stock (stock_held 1), a hold end, unique random
// idempotency key and access-token hash. Tests only (payments and holds run
// before checkout's placing is on their branch).

let serial = 0

export interface OrderSpec {
  lines: { variantId: number; quantity: number; unitPriceCents: number }[]
  method: PaymentMethod
  placedAt: Date
  holdMinutes?: number
  shippingCents?: number
  currency?: string
  email?: string
}

export async function makeOrder(db: Db, o: OrderSpec): Promise<{ orderId: number; number: string }> {
  serial++
  return db.transaction().execute(async (trx) => {
    const short = await reserveStock(trx, o.lines.map((l) => ({ variantId: l.variantId, quantity: l.quantity })))
    if (short !== null) throw new Error(`makeOrder: variant ${short} is out of stock`)
    const placed = o.placedAt.toISOString()
    const hold = new Date(o.placedAt.getTime() + (o.holdMinutes ?? 60) * 60_000).toISOString()
    const subtotal = o.lines.reduce((n, l) => n + l.unitPriceCents * l.quantity, 0)
    const shipping = o.shippingCents ?? 490
    const number = `T-${process.pid}-${serial}-${crypto.randomBytes(2).toString('hex')}`
    const order = await trx.insertInto('shop_orders').values({
      number, access_token_hash: crypto.randomBytes(16).toString('hex'), idempotency_key: crypto.randomBytes(16).toString('hex'),
      user_id: null, email: o.email ?? `buyer${serial}@example.com`, status: 'pending_payment', payment_method: o.method,
      currency: o.currency ?? 'EUR', prices_include_tax: 1, subtotal_cents: subtotal, shipping_cents: shipping, tax_cents: 0,
      total_cents: subtotal + shipping, address: JSON.stringify({ name: 'Test Buyer', line1: 'Hauptstr. 1', line2: '', city: 'Berlin', region: '', postcode: '10115', country: 'DE', phone: '' }),
      country: 'DE', shipping_rate_id: null, shipping_method: 'Standard', delivery_min_days: 2, delivery_max_days: 4,
      stock_held: 1, hold_expires_at: o.method === 'cod' ? null : hold, stripe_session_id: null, payment_started_at: null,
      carrier: null, tracking_number: null, placed_at: placed, paid_at: null, shipped_at: null, completed_at: null, cancelled_at: null, refunded_at: null, updated_at: placed,
    }).returning('id').executeTakeFirstOrThrow()
    for (const l of o.lines) {
      const v = await trx.selectFrom('shop_variants as v').innerJoin('shop_products as p', 'p.id', 'v.product_id')
        .select(['v.name', 'v.sku', 'v.stock', 'p.name as product_name', 'p.product_class']).where('v.id', '=', l.variantId).executeTakeFirstOrThrow()
      await trx.insertInto('shop_order_lines').values({
        order_id: order.id, variant_id: l.variantId, product_name: v.product_name, variant_name: v.name, sku: v.sku, product_class: v.product_class,
        unit_price_cents: l.unitPriceCents, quantity: l.quantity, tax_cents: 0, total_cents: l.unitPriceCents * l.quantity, stock_tracked: v.stock === null ? 0 : 1,
      }).execute()
    }
    return { orderId: order.id, number }
  })
}

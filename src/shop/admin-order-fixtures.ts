import crypto from 'node:crypto'
import type { Db } from '../db/database.js'
import type { OrderStatus, PaymentMethod, ProductClass } from './tables.js'

// Test orders for the back office, made straight in the tables (the checkout
// that places real ones is another part of the shop). Tests only.

let serial = 0

export interface FixtureLine { variantId?: number | null; productName?: string; variantName?: string; sku?: string; productClass?: ProductClass; unitPriceCents: number; quantity: number; taxCents?: number; stockTracked?: boolean }

export interface FixtureOrder {
  number?: string
  email?: string
  status?: OrderStatus
  paymentMethod?: PaymentMethod
  currency?: string
  country?: string
  address?: Record<string, string>
  customerNote?: string
  placedAt?: string
  /** whether the units are still held out of stock on the order's behalf (default: while unshipped) */
  stockHeld?: boolean
  shippingCents?: number
  lines: FixtureLine[]
}

/**
 * Inserts an order and its lines. It does not take stock: a test that checks
 * stock coming back sets the variant's stock as if the order had taken it.
 */
export async function makeOrder(db: Db, o: FixtureOrder): Promise<{ orderId: number; number: string }> {
  serial++
  const at = o.placedAt ?? '2026-11-30T12:00:00.000Z'
  const number = o.number ?? `T-${Date.now().toString(36).toUpperCase()}-${serial}`
  const status = o.status ?? 'pending_payment'
  const subtotal = o.lines.reduce((n, l) => n + l.unitPriceCents * l.quantity, 0)
  const tax = o.lines.reduce((n, l) => n + (l.taxCents ?? 0), 0)
  const shipping = o.shippingCents ?? 490
  const country = o.country ?? 'DE'
  const address = o.address ?? { name: 'Erika Mustermann', line1: 'Hauptstraße 1', line2: '', city: 'Berlin', region: '', postcode: '10115', country, phone: '' }
  const row = await db.insertInto('shop_orders').values({
    number, access_token_hash: crypto.randomBytes(16).toString('hex'), idempotency_key: crypto.randomUUID(), user_id: null,
    email: o.email ?? `buyer${serial}@example.com`, status, payment_method: o.paymentMethod ?? 'bank_transfer', currency: o.currency ?? 'EUR',
    prices_include_tax: 1, subtotal_cents: subtotal, shipping_cents: shipping, tax_cents: tax, total_cents: subtotal + shipping,
    tax_name: 'VAT', tax_rate_bp: 1900, shipping_tax_cents: 0, address: JSON.stringify(address), country, shipping_rate_id: null,
    shipping_method: 'Standard', delivery_min_days: 2, delivery_max_days: 4, customer_note: o.customerNote ?? '',
    stock_held: (o.stockHeld ?? ['pending_payment', 'paid'].includes(status)) ? 1 : 0, hold_expires_at: null, stripe_session_id: null,
    payment_started_at: null, carrier: null, tracking_number: null, placed_at: at, paid_at: null, shipped_at: null, completed_at: null,
    cancelled_at: null, refunded_at: null, updated_at: at,
  }).returning('id').executeTakeFirstOrThrow()
  await db.insertInto('shop_order_lines').values(o.lines.map((l, i) => ({
    order_id: row.id, variant_id: l.variantId ?? null, product_name: l.productName ?? `Product ${i + 1}`, variant_name: l.variantName ?? 'Standard',
    sku: l.sku ?? `SKU-${serial}-${i}`, product_class: l.productClass ?? 'device', unit_price_cents: l.unitPriceCents, quantity: l.quantity,
    tax_cents: l.taxCents ?? 0, total_cents: l.unitPriceCents * l.quantity, stock_tracked: l.stockTracked === false ? 0 : 1,
  }))).execute()
  await db.insertInto('shop_order_events').values({ order_id: row.id, kind: 'placed', from_status: null, to_status: status, actor_user_id: null, actor_label: 'Buyer', note: '', created_at: at }).execute()
  return { orderId: row.id, number }
}

import { sql } from 'kysely'
import type { Db } from '../../db/database.js'
import type { OrderStatus, PaymentMethod } from '../tables.js'

// The SQL of card payments and hold expiry: the order as a payment sees it,
// the provider's events already handled, and stock taken back for a payment
// that landed after its hold ended.

export interface PaymentOrder {
  id: number
  number: string | null
  email: string
  status: OrderStatus
  paymentMethod: PaymentMethod
  currency: string
  totalCents: number
  stockHeld: boolean
  holdExpiresAt: string | null
  stripeSessionId: string | null
  placedAt: string
}

export interface PaymentLine { variantId: number | null; productName: string; variantName: string; quantity: number; totalCents: number; stockTracked: boolean }

const ORDER_COLUMNS = [
  'id', 'number', 'email', 'status', 'payment_method', 'currency', 'total_cents', 'stock_held', 'hold_expires_at', 'stripe_session_id', 'placed_at',
] as const

type OrderRow = { id: number; number: string | null; email: string; status: OrderStatus; payment_method: PaymentMethod; currency: string; total_cents: number; stock_held: number; hold_expires_at: string | null; stripe_session_id: string | null; placed_at: string }

function toOrder(r: OrderRow): PaymentOrder {
  return {
    id: r.id, number: r.number, email: r.email, status: r.status, paymentMethod: r.payment_method, currency: r.currency,
    totalCents: r.total_cents, stockHeld: r.stock_held === 1, holdExpiresAt: r.hold_expires_at, stripeSessionId: r.stripe_session_id, placedAt: r.placed_at,
  }
}

export async function findPaymentOrder(db: Db, orderId: number): Promise<PaymentOrder | null> {
  const row = await db.selectFrom('shop_orders').select(ORDER_COLUMNS).where('id', '=', orderId).executeTakeFirst()
  return row ? toOrder(row) : null
}

export async function findOrderBySession(db: Db, sessionId: string): Promise<PaymentOrder | null> {
  const row = await db.selectFrom('shop_orders').select(ORDER_COLUMNS).where('stripe_session_id', '=', sessionId).executeTakeFirst()
  return row ? toOrder(row) : null
}

export async function orderLines(db: Db, orderId: number): Promise<PaymentLine[]> {
  const rows = await db.selectFrom('shop_order_lines')
    .select(['variant_id', 'product_name', 'variant_name', 'quantity', 'total_cents', 'stock_tracked'])
    .where('order_id', '=', orderId).orderBy('id').execute()
  return rows.map((r) => ({ variantId: r.variant_id, productName: r.product_name, variantName: r.variant_name, quantity: r.quantity, totalCents: r.total_cents, stockTracked: r.stock_tracked === 1 }))
}

/**
 * Records the Checkout session of an order still awaiting payment (false when
 * the order moved on, or already records this session), and moves
 * its hold to the session's end when that is later (a buyer paying on
 * Stripe's page keeps their units until Stripe would take no more money).
 */
export async function recordSessionStarted(trx: Db, orderId: number, s: { sessionId: string; at: string; holdUntil: string }): Promise<boolean> {
  const res = await trx.updateTable('shop_orders')
    .set({
      stripe_session_id: s.sessionId, payment_started_at: s.at, updated_at: s.at,
      hold_expires_at: sql<string>`case when hold_expires_at is null or hold_expires_at < ${s.holdUntil} then ${s.holdUntil} else hold_expires_at end`,
    })
    .where('id', '=', orderId).where('status', '=', 'pending_payment')
    // Two starts racing with one idempotency key got one session: the second
    // finds it recorded (Postgres re-checks this after the first commits).
    .where((eb) => eb.or([eb('stripe_session_id', 'is', null), eb('stripe_session_id', '!=', s.sessionId)]))
    .executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}

/**
 * Claims a provider event id in the caller's transaction: true the first
 * time, false when it was handled before (a replay). On Postgres a second
 * delivery racing the first waits on the key and then finds it taken.
 */
export async function claimPaymentEvent(trx: Db, e: { eventId: string; kind: string; orderId: number | null; at: string }): Promise<boolean> {
  const row = await trx.insertInto('shop_payment_events')
    .values({ event_id: e.eventId, kind: e.kind, order_id: e.orderId, received_at: e.at })
    .onConflict((oc) => oc.column('event_id').doNothing())
    .returning('event_id')
    .executeTakeFirst()
  return row !== undefined
}

/**
 * Takes the order's units out of stock again (a payment that landed after
 * its hold was released). All or nothing: on a shortfall the units already
 * taken are put back and false is returned; the order's stock_held flag is
 * set when all were taken.
 */
export async function retakeStock(trx: Db, orderId: number, lines: readonly PaymentLine[]): Promise<boolean> {
  const taken: { variantId: number; quantity: number }[] = []
  const wanted = lines.filter((l) => l.stockTracked && l.variantId !== null).map((l) => ({ variantId: l.variantId!, quantity: l.quantity }))
  for (const l of wanted.sort((a, b) => a.variantId - b.variantId)) {
    const res = await trx.updateTable('shop_variants')
      .set({ stock: sql<number>`stock - ${l.quantity}` })
      .where('id', '=', l.variantId).where('stock', 'is not', null).where('stock', '>=', l.quantity)
      .executeTakeFirst()
    if (Number(res.numUpdatedRows) === 1) { taken.push(l); continue }
    const row = await trx.selectFrom('shop_variants').select('stock').where('id', '=', l.variantId).executeTakeFirst()
    if (row && row.stock === null) continue // no longer tracked: nothing to take
    for (const t of taken) await trx.updateTable('shop_variants').set({ stock: sql<number>`stock + ${t.quantity}` }).where('id', '=', t.variantId).execute()
    return false
  }
  await trx.updateTable('shop_orders').set({ stock_held: 1 }).where('id', '=', orderId).execute()
  return true
}

/** Orders still awaiting payment whose hold ended before `before` (the sweep's catch-up list). */
export async function overdueHolds(db: Db, before: string, limit: number): Promise<number[]> {
  const rows = await db.selectFrom('shop_orders').select('id')
    .where('status', '=', 'pending_payment').where('stock_held', '=', 1).where('payment_method', '!=', 'cod')
    .where('hold_expires_at', 'is not', null).where('hold_expires_at', '<', before)
    .orderBy('hold_expires_at').limit(limit).execute()
  return rows.map((r) => r.id)
}

/** Whether any order awaiting payment still holds stock on a clock (the sweep keeps running while one does). */
export async function hasOpenHolds(db: Db): Promise<boolean> {
  const row = await db.selectFrom('shop_orders').select('id')
    .where('status', '=', 'pending_payment').where('stock_held', '=', 1).where('payment_method', '!=', 'cod')
    .where('hold_expires_at', 'is not', null).limit(1).executeTakeFirst()
  return row !== undefined
}

/** Whether a job of this kind is waiting to run (not running, done or given up). */
export async function hasWaitingJob(db: Db, kind: string): Promise<boolean> {
  const row = await db.selectFrom('jobs').select('id')
    .where('kind', '=', kind).where('done_at', 'is', null).where('failed_at', 'is', null).where('locked_at', 'is', null)
    .limit(1).executeTakeFirst()
  return row !== undefined
}

/** Keeps an order's units held with no end (a payment staff must look at). */
export async function stopHoldClock(db: Db, orderId: number): Promise<void> {
  await db.updateTable('shop_orders').set({ hold_expires_at: null }).where('id', '=', orderId).where('status', '=', 'pending_payment').execute()
}

import { sql } from 'kysely'
import type { Db } from '../db/database.js'
import type { OrderStatus, PaymentMethod } from './tables.js'

// An order's life: pending_payment → paid → shipped → completed, with
// cancelled and refunded as ends. Cash on delivery ships before it is paid
// (pending_payment → shipped, and completed when the cash is in).
//
// Every change is one conditional UPDATE (… WHERE status IN (what it may come
// from)) whose row count is checked, so two actors racing on one order (the
// hold expiring as the payment lands, two staff clicking) cannot both win: the
// loser changes nothing and is told what the order is now.

const NEXT: Record<OrderStatus, readonly OrderStatus[]> = {
  pending_payment: ['paid', 'shipped', 'cancelled'],
  paid: ['shipped', 'refunded'],
  shipped: ['completed', 'refunded'],
  completed: ['refunded'],
  cancelled: [],
  refunded: [],
}

/** Whether an order in `from`, paid by `method`, may move to `to`. */
export function canMove(from: OrderStatus, to: OrderStatus, method: PaymentMethod): boolean {
  if (from === 'pending_payment' && to === 'shipped') return method === 'cod'
  return NEXT[from].includes(to)
}

/** Where an order in `from`, paid by `method`, may go next (the staff page's buttons). */
export function nextStatuses(from: OrderStatus, method: PaymentMethod): OrderStatus[] {
  return (Object.keys(NEXT) as OrderStatus[]).filter((to) => canMove(from, to, method))
}

export const STATUS_LABEL: Record<OrderStatus, string> = {
  pending_payment: 'Awaiting payment',
  paid: 'Paid',
  shipped: 'Shipped',
  completed: 'Completed',
  cancelled: 'Cancelled',
  refunded: 'Refunded',
}

/** Who made a change: a staff member, or the system or payment provider by name. */
export interface OrderActor { userId: number | null; label: string }

export const SYSTEM: OrderActor = { userId: null, label: 'System' }

export interface Move {
  to: OrderStatus
  /** the event kind recorded; defaults to the new status */
  kind?: string
  actor: OrderActor
  note?: string
  at: string
  /** extra columns set with the status (paid_at, carrier, …) */
  set?: Partial<{ paid_at: string; shipped_at: string; completed_at: string; cancelled_at: string; refunded_at: string; carrier: string; tracking_number: string; hold_expires_at: string | null }>
  /**
   * The one way back from cancelled, and not a staff button: a card payment
   * Stripe took after the hold expired (cancelled → paid). payments.ts takes
   * the units back in the same transaction, or rolls this back if it cannot.
   */
  latePayment?: boolean
}

export type MoveResult = { kind: 'moved'; from: OrderStatus } | { kind: 'refused'; status: OrderStatus } | { kind: 'missing' }

/**
 * Moves the order to `move.to` if its current status allows it, recording who
 * and when, in the caller's transaction. Cancelling or refunding an order
 * whose units are still held gives them back to stock, exactly once;
 * shipping ends the hold (the units have left).
 */
export async function moveOrder(trx: Db, orderId: number, move: Move): Promise<MoveResult> {
  // Compare-and-set on the status just read: when another writer moved the
  // order in between, the update matches no row and the loop reads again.
  for (;;) {
    const current = await trx.selectFrom('shop_orders').select(['status', 'payment_method']).where('id', '=', orderId).executeTakeFirst()
    if (!current) return { kind: 'missing' }
    const late = move.latePayment === true && current.status === 'cancelled' && move.to === 'paid' && current.payment_method === 'card'
    if (!late && !canMove(current.status, move.to, current.payment_method)) return { kind: 'refused', status: current.status }
    const res = await trx.updateTable('shop_orders')
      .set({ ...move.set, status: move.to, updated_at: move.at, ...(move.to === 'shipped' ? { stock_held: 0 } : {}) })
      .where('id', '=', orderId)
      .where('status', '=', current.status)
      .executeTakeFirst()
    if (Number(res.numUpdatedRows) !== 1) continue
    await recordOrderEvent(trx, orderId, { kind: move.kind ?? move.to, from: current.status, to: move.to, actor: move.actor, note: move.note ?? '', at: move.at })
    if (move.to === 'cancelled' || move.to === 'refunded') await releaseStock(trx, orderId)
    return { kind: 'moved', from: current.status }
  }
}

/** Writes one line of an order's history (a note, a mail sent, a payment started). */
export async function recordOrderEvent(trx: Db, orderId: number, e: { kind: string; from?: OrderStatus | null; to?: OrderStatus | null; actor: OrderActor; note?: string; at: string }) {
  await trx.insertInto('shop_order_events').values({
    order_id: orderId, kind: e.kind, from_status: e.from ?? null, to_status: e.to ?? null,
    actor_user_id: e.actor.userId, actor_label: e.actor.label, note: e.note ?? '', created_at: e.at,
  }).execute()
}

/**
 * Gives an order's held units back to stock. The flag flips once (a
 * conditional update), so a cancel racing an expiry cannot return them twice.
 */
export async function releaseStock(trx: Db, orderId: number): Promise<boolean> {
  const res = await trx.updateTable('shop_orders').set({ stock_held: 0 }).where('id', '=', orderId).where('stock_held', '=', 1).executeTakeFirst()
  if (Number(res.numUpdatedRows) !== 1) return false
  const lines = await trx.selectFrom('shop_order_lines').select(['variant_id', 'quantity']).where('order_id', '=', orderId).where('stock_tracked', '=', 1).execute()
  for (const l of lines) {
    if (l.variant_id === null) continue
    await trx.updateTable('shop_variants').set({ stock: sql<number>`stock + ${l.quantity}` }).where('id', '=', l.variant_id).where('stock', 'is not', null).execute()
  }
  return true
}

/**
 * Takes units out of stock for an order being placed: one conditional
 * decrement per tracked variant (… WHERE stock >= quantity), its row count
 * checked. Returns the variant that ran short, or null when all were taken;
 * on a shortfall the caller rolls the transaction back.
 */
export async function reserveStock(trx: Db, lines: readonly { variantId: number; quantity: number }[]): Promise<number | null> {
  // A fixed order of rows keeps two Postgres transactions from each holding
  // a row the other waits for.
  for (const l of [...lines].sort((a, b) => a.variantId - b.variantId)) {
    const res = await trx.updateTable('shop_variants')
      .set({ stock: sql<number>`stock - ${l.quantity}` })
      .where('id', '=', l.variantId)
      .where('stock', 'is not', null)
      .where('stock', '>=', l.quantity)
      .executeTakeFirst()
    if (Number(res.numUpdatedRows) === 1) continue
    const row = await trx.selectFrom('shop_variants').select('stock').where('id', '=', l.variantId).executeTakeFirst()
    if (row && row.stock === null) continue // not tracked: nothing to take
    return l.variantId
  }
  return null
}

import { z } from 'zod'
import type { Deps } from '../deps.js'
import { iso } from '../clock.js'
import { recordAudit } from '../db/audit.js'
import type { Actor } from '../accounts/index.js'
import { fromLocalInputValue } from '../views/format.js'
import { staffText } from './form-text.js'
import type { OrderStatus, PaymentMethod } from './tables.js'
import { canMove, moveOrder, recordOrderEvent, STATUS_LABEL, type Move, type OrderActor } from './order-states.js'
import { refundCardPayment } from './payments.js'
import { mailBuyer, type BuyerNotice } from './shipping-mail.js'
import { findOrderByNumber, listOrders, orderCountsByStatus, orderEvents, orderLines, type OrderListRow, type OrderRow } from './queries/order-admin.js'
import { lowStockCount } from './queries/stock-alerts.js'

// Staff work on orders: the filtered list, one order's page, and the moves
// (mark paid, ship, complete, cancel, refund) plus notes. Every move goes
// through moveOrder (order-states.ts), so two staff clicking at once, or a
// click racing the hold's expiry, change the order once; the loser is told
// what the order is now.

type Staff = Extract<Actor, { kind: 'user' }>

export const ORDER_STATUSES = Object.keys(STATUS_LABEL) as OrderStatus[]
export const PAYMENT_METHOD_LABEL: Record<PaymentMethod, string> = { bank_transfer: 'Bank transfer', cod: 'Cash on delivery', card: 'Card' }
export const ORDERS_PER_PAGE = 25

const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/).refine((d) => fromLocalInputValue(`${d}T00:00`) !== null)
// A filter that makes no sense is dropped rather than refused: the list is
// a bookmarkable page, and an old link should still open.
export const OrdersQuery = z.object({
  status: z.enum(ORDER_STATUSES as [OrderStatus, ...OrderStatus[]]).optional().catch(undefined),
  method: z.enum(['bank_transfer', 'cod', 'card']).optional().catch(undefined),
  from: day.optional().catch(undefined),
  to: day.optional().catch(undefined),
  q: z.string().trim().max(100).optional().catch(undefined).transform((s) => s || undefined),
  page: z.coerce.number().int().min(1).max(100_000).catch(1).default(1),
})
export type OrdersQueryValue = z.output<typeof OrdersQuery>

export const OrderNumberParam = z.object({ number: z.string().min(1).max(40).regex(/^[A-Za-z0-9-]+$/) })

export const ShipFields = z.object({
  carrier: staffText(80, 'Keep the carrier under 80 characters.').pipe(z.string().min(1, 'Enter the carrier, like DHL.')),
  tracking_number: staffText(100, 'Keep the tracking number under 100 characters.').pipe(z.string().min(1, 'Enter the tracking number.')),
})

export const NoteFields = z.object({
  note: staffText(2000, 'Keep the note under 2,000 characters.').pipe(z.string().min(1, 'Write the note first.')),
})

export const RefundFields = z.object({ confirmed: z.string().optional().transform((v) => v === '1') })

const nextDay = (d: string) => new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)

/** One page of the orders list for the filters. */
export async function ordersPage(deps: Pick<Deps, 'db'>, f: OrdersQueryValue): Promise<{ rows: OrderListRow[]; total: number; page: number; pages: number }> {
  const filter = {
    status: f.status, method: f.method, q: f.q,
    from: f.from ? fromLocalInputValue(`${f.from}T00:00`) ?? undefined : undefined,
    until: f.to ? fromLocalInputValue(`${nextDay(f.to)}T00:00`) ?? undefined : undefined,
  }
  const { rows, total } = await listOrders(deps.db, filter, { limit: ORDERS_PER_PAGE, offset: (f.page - 1) * ORDERS_PER_PAGE })
  return { rows, total, page: f.page, pages: Math.max(1, Math.ceil(total / ORDERS_PER_PAGE)) }
}

/** An order with its lines and history, for its staff page. */
export async function orderDetail(deps: Pick<Deps, 'db'>, number: string) {
  const order = await findOrderByNumber(deps.db, number)
  if (!order) return null
  const [lines, events] = await Promise.all([orderLines(deps.db, order.id), orderEvents(deps.db, order.id)])
  return { order, lines, events }
}

export type OrderDetail = NonNullable<Awaited<ReturnType<typeof orderDetail>>>

export type StaffMoveResult =
  | { kind: 'moved'; number: string; to: OrderStatus }
  | { kind: 'refused'; status: OrderStatus }
  | { kind: 'missing' }
  | { kind: 'refund-failed'; message: string }
  | { kind: 'unconfirmed' }

const staffActor = (s: Staff): OrderActor => ({ userId: s.user.id, label: s.user.name })

const NOTICE: Partial<Record<OrderStatus, BuyerNotice>> = { paid: 'paid', shipped: 'shipped', cancelled: 'cancelled', refunded: 'refunded' }

async function moveByStaff(deps: Deps, staff: Staff, number: string, to: OrderStatus, extra: (o: OrderRow, at: string) => Partial<Move> = () => ({})): Promise<StaffMoveResult> {
  const at = iso(deps.clock.now())
  return deps.db.transaction().execute(async (trx): Promise<StaffMoveResult> => {
    const order = await findOrderByNumber(trx, number)
    if (!order) return { kind: 'missing' }
    const stamp = { paid: 'paid_at', shipped: 'shipped_at', completed: 'completed_at', cancelled: 'cancelled_at', refunded: 'refunded_at' } as const
    const more = extra(order, at)
    const set = { ...(to === 'pending_payment' ? {} : { [stamp[to]]: at }), ...more.set }
    const result = await moveOrder(trx, order.id, { to, actor: staffActor(staff), at, note: more.note, set })
    if (result.kind === 'missing') return { kind: 'missing' }
    if (result.kind === 'refused') return { kind: 'refused', status: result.status }
    const moved = { ...order, ...set, status: to }
    const detail = [`${number}: ${STATUS_LABEL[result.from]} → ${STATUS_LABEL[to]}`, more.set?.carrier ? `${more.set.carrier} ${more.set.tracking_number}` : '', more.note ?? ''].filter(Boolean).join('; ')
    const verb = { paid: 'pay', shipped: 'ship', completed: 'complete', cancelled: 'cancel', refunded: 'refund', pending_payment: 'reopen' }[to]
    await recordAudit(trx, { actorUserId: staff.user.id, action: `shop.order.${verb}`, subjectType: 'shop_order', subjectId: String(order.id), detail, at })
    const notice = NOTICE[to]
    if (notice) {
      await mailBuyer(deps, trx, moved, notice)
      await recordOrderEvent(trx, order.id, { kind: 'mail', actor: staffActor(staff), note: `Mailed the buyer (${notice}) at ${order.email}`, at })
    }
    return { kind: 'moved', number, to }
  })
}

/** Bank transfer or cash on delivery: staff saw the money arrive. */
export function markOrderPaid(deps: Deps, staff: Staff, number: string) {
  return moveByStaff(deps, staff, number, 'paid')
}

/** Sends the order with its carrier and tracking number; the buyer is mailed both. */
export function shipOrder(deps: Deps, staff: Staff, number: string, v: z.output<typeof ShipFields>) {
  return moveByStaff(deps, staff, number, 'shipped', () => ({ set: { carrier: v.carrier, tracking_number: v.tracking_number } }))
}

/** Delivered (for cash on delivery: the cash is in, so the order counts as paid too). */
export function completeOrder(deps: Deps, staff: Staff, number: string) {
  return moveByStaff(deps, staff, number, 'completed', (o, at) => (o.payment_method === 'cod' && !o.paid_at ? { set: { paid_at: at } } : {}))
}

/** Cancels an unpaid order; moveOrder gives its held units back to stock once. */
export function cancelOrder(deps: Deps, staff: Staff, number: string) {
  return moveByStaff(deps, staff, number, 'cancelled')
}

/**
 * Refunds an order. A card order is refunded at the payment provider first,
 * and stays as it is when that fails; for other methods staff confirm they
 * returned the money by hand.
 */
export async function refundOrder(deps: Deps, staff: Staff, number: string, v: z.output<typeof RefundFields>): Promise<StaffMoveResult> {
  const order = await findOrderByNumber(deps.db, number)
  if (!order) return { kind: 'missing' }
  if (!canMove(order.status, 'refunded', order.payment_method)) return { kind: 'refused', status: order.status }
  let note = 'Refunded by hand (staff confirmed).'
  if (order.payment_method === 'card') {
    const r = await refundCardPayment(deps, order.id)
    if (r.kind === 'failed') return { kind: 'refund-failed', message: r.message }
    note = 'Refunded at the card payment provider.'
  } else if (!v.confirmed) {
    return { kind: 'unconfirmed' }
  }
  const result = await moveByStaff(deps, staff, number, 'refunded', () => ({ note }))
  if (result.kind === 'refused' && order.payment_method === 'card') {
    // The money went back but the order moved meanwhile: say so in its
    // history and the audit log rather than lose the fact.
    const at = iso(deps.clock.now())
    const what = `The card payment was refunded at the provider, but the order was already ${STATUS_LABEL[result.status]}, so its status is unchanged.`
    await deps.db.transaction().execute(async (trx) => {
      await recordOrderEvent(trx, order.id, { kind: 'note', actor: staffActor(staff), note: what, at })
      await recordAudit(trx, { actorUserId: staff.user.id, action: 'shop.order.refund', subjectType: 'shop_order', subjectId: String(order.id), detail: `${number}: ${what}`, at })
    })
  }
  return result
}

export type NoteResult = { kind: 'noted' } | { kind: 'missing' }

/** A staff note in the order's history (the buyer does not see it). */
export async function addOrderNote(deps: Deps, staff: Staff, number: string, v: z.output<typeof NoteFields>): Promise<NoteResult> {
  const at = iso(deps.clock.now())
  return deps.db.transaction().execute(async (trx): Promise<NoteResult> => {
    const order = await findOrderByNumber(trx, number)
    if (!order) return { kind: 'missing' }
    await recordOrderEvent(trx, order.id, { kind: 'note', actor: staffActor(staff), note: v.note, at })
    await recordAudit(trx, { actorUserId: staff.user.id, action: 'shop.order.note', subjectType: 'shop_order', subjectId: String(order.id), detail: number, at })
    return { kind: 'noted' }
  })
}

/** The dashboard's shop card: orders waiting on staff, and variants running low. */
export async function shopSummary(deps: Pick<Deps, 'db'>): Promise<{ awaitingPayment: number; toShip: number; lowStock: number }> {
  const [counts, lowStock] = await Promise.all([orderCountsByStatus(deps.db), lowStockCount(deps.db)])
  return { awaitingPayment: counts.pending_payment ?? 0, toShip: counts.paid ?? 0, lowStock }
}

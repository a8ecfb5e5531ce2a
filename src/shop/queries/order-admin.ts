import { sql, type Selectable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { OrderStatus, PaymentMethod, ShopOrderEventsTable, ShopOrderLinesTable, ShopOrdersTable } from '../tables.js'

// The back office's reads of orders: the filtered list, one order with its
// lines and history, and the dashboard's counts.

export type OrderRow = Selectable<ShopOrdersTable>
export type OrderLineRow = Selectable<ShopOrderLinesTable>
export type OrderEventRow = Selectable<ShopOrderEventsTable>

export interface OrderFilter {
  status?: OrderStatus
  method?: PaymentMethod
  /** ISO instants: placed at or after `from`, before `until` */
  from?: string
  until?: string
  /** part of an order number or of the buyer's email */
  q?: string
}

export interface OrderListRow {
  id: number; number: string; email: string; name: string; status: OrderStatus; payment_method: PaymentMethod
  currency: string; total_cents: number; placed_at: string
}

/** One page of orders matching the filter, newest first, and how many match. */
export async function listOrders(db: Db, f: OrderFilter, page: { limit: number; offset: number }): Promise<{ rows: OrderListRow[]; total: number }> {
  let q = db.selectFrom('shop_orders').where('number', 'is not', null)
  if (f.status) q = q.where('status', '=', f.status)
  if (f.method) q = q.where('payment_method', '=', f.method)
  if (f.from) q = q.where('placed_at', '>=', f.from)
  if (f.until) q = q.where('placed_at', '<', f.until)
  if (f.q) {
    // LIKE's own wildcards in the search text are taken literally.
    const pattern = `%${f.q.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`
    q = q.where(sql<boolean>`(lower(number) like ${pattern} escape '\\' or lower(email) like ${pattern} escape '\\')`)
  }
  const total = Number((await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n)
  const rows = await q.select(['id', 'number', 'email', 'address', 'status', 'payment_method', 'currency', 'total_cents', 'placed_at'])
    .orderBy('placed_at', 'desc').orderBy('id', 'desc')
    .limit(page.limit).offset(page.offset)
    .execute()
  return { rows: rows.map(({ address, ...r }) => ({ ...r, number: r.number!, name: addressOf(address).name ?? '' })), total }
}

/** The order's stored address (JSON); an unreadable one is shown empty rather than failing the page. */
export function addressOf(json: string): Record<string, string> {
  try {
    const v: unknown = JSON.parse(json)
    if (!v || typeof v !== 'object') return {}
    return Object.fromEntries(Object.entries(v).filter(([, x]) => typeof x === 'string')) as Record<string, string>
  } catch {
    return {}
  }
}

export async function findOrderByNumber(db: Db, number: string): Promise<OrderRow | undefined> {
  return db.selectFrom('shop_orders').selectAll().where('number', '=', number).executeTakeFirst()
}

export async function findOrderById(db: Db, id: number): Promise<OrderRow | undefined> {
  return db.selectFrom('shop_orders').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function orderLines(db: Db, orderId: number): Promise<OrderLineRow[]> {
  return db.selectFrom('shop_order_lines').selectAll().where('order_id', '=', orderId).orderBy('id').execute()
}

export async function orderEvents(db: Db, orderId: number): Promise<OrderEventRow[]> {
  return db.selectFrom('shop_order_events').selectAll().where('order_id', '=', orderId).orderBy('id').execute()
}

/** Orders per status (for the dashboard card). */
export async function orderCountsByStatus(db: Db): Promise<Partial<Record<OrderStatus, number>>> {
  const rows = await db.selectFrom('shop_orders').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).where('number', 'is not', null).groupBy('status').execute()
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]))
}

/** Whether any order was ever placed (the store currency is fixed from then on). */
export async function hasOrders(db: Db): Promise<boolean> {
  return Boolean(await db.selectFrom('shop_orders').select('id').limit(1).executeTakeFirst())
}

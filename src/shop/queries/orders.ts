import type { Insertable } from 'kysely'
import type { Db } from '../../db/database.js'
import type { ShopOrderLinesTable, ShopOrdersTable } from '../tables.js'

// Orders as the buyer places and reads them (the back office has queries/order-admin.ts).

export async function orderIdByKey(db: Db, idempotencyKey: string) {
  return db.selectFrom('shop_orders').select(['id', 'number']).where('idempotency_key', '=', idempotencyKey).executeTakeFirst()
}

export async function orderByTokenHash(db: Db, tokenHash: string) {
  return db.selectFrom('shop_orders').selectAll().where('access_token_hash', '=', tokenHash).executeTakeFirst()
}

export async function orderById(db: Db, id: number) {
  return db.selectFrom('shop_orders').selectAll().where('id', '=', id).executeTakeFirst()
}

export async function orderLines(db: Db, orderId: number) {
  return db.selectFrom('shop_order_lines').selectAll().where('order_id', '=', orderId).orderBy('id').execute()
}

/** A member's own orders, newest first. */
export async function ordersOfUser(db: Db, userId: number) {
  return db.selectFrom('shop_orders').select(['id', 'number', 'status', 'total_cents', 'currency', 'placed_at', 'idempotency_key'])
    .where('user_id', '=', userId).orderBy('placed_at', 'desc').orderBy('id', 'desc').limit(200).execute()
}

/**
 * What placing an order writes: every column of the row except the ones insertOrder sets itself
 * (id, number, stock_held) and the ones later steps fill in (payment, shipping, closing). Required,
 * so a column with a database default (tax name, note) is still chosen by the caller.
 */
export type NewOrder = Required<Omit<Insertable<ShopOrdersTable>,
  | 'id' | 'number' | 'stock_held' | 'stripe_session_id' | 'payment_started_at' | 'carrier' | 'tracking_number'
  | 'paid_at' | 'shipped_at' | 'completed_at' | 'cancelled_at' | 'refunded_at'>>

/** An order line as placing writes it; insertOrderLines adds the order's id. */
export type NewOrderLine = Required<Omit<Insertable<ShopOrderLinesTable>, 'id' | 'order_id'>>

/** Inserts the order and gives it its human number (CR-10001 …) in the same transaction. */
export async function insertOrder(trx: Db, o: NewOrder): Promise<{ id: number; number: string }> {
  const row = await trx.insertInto('shop_orders').values({ ...o, number: null, stock_held: 1 }).returning('id').executeTakeFirstOrThrow()
  const number = `CR-${10000 + row.id}`
  await trx.updateTable('shop_orders').set({ number }).where('id', '=', row.id).execute()
  return { id: row.id, number }
}

export async function insertOrderLines(trx: Db, orderId: number, lines: NewOrderLine[]): Promise<void> {
  if (lines.length) await trx.insertInto('shop_order_lines').values(lines.map((l) => ({ ...l, order_id: orderId }))).execute()
}

import type { Db } from '../../db/database.js'
import type { OrderStatus, PaymentMethod } from '../tables.js'

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

export interface NewOrder {
  access_token_hash: string
  idempotency_key: string
  user_id: number | null
  email: string
  status: OrderStatus
  payment_method: PaymentMethod
  currency: string
  prices_include_tax: number
  subtotal_cents: number
  shipping_cents: number
  tax_cents: number
  total_cents: number
  tax_name: string
  tax_rate_bp: number
  shipping_tax_cents: number
  address: string
  country: string
  shipping_rate_id: number | null
  shipping_method: string
  delivery_min_days: number
  delivery_max_days: number
  customer_note: string
  hold_expires_at: string | null
  placed_at: string
  updated_at: string
}

/** Inserts the order and gives it its human number (CR-10001 …) in the same transaction. */
export async function insertOrder(trx: Db, o: NewOrder): Promise<{ id: number; number: string }> {
  const row = await trx.insertInto('shop_orders').values({ ...o, number: null, stock_held: 1 }).returning('id').executeTakeFirstOrThrow()
  const number = `CR-${10000 + row.id}`
  await trx.updateTable('shop_orders').set({ number }).where('id', '=', row.id).execute()
  return { id: row.id, number }
}

export async function insertOrderLines(trx: Db, orderId: number, lines: {
  variant_id: number; product_name: string; variant_name: string; sku: string; product_class: 'medicine' | 'device' | 'accessory'
  unit_price_cents: number; quantity: number; tax_cents: number; total_cents: number; stock_tracked: number
}[]): Promise<void> {
  if (lines.length) await trx.insertInto('shop_order_lines').values(lines.map((l) => ({ ...l, order_id: orderId }))).execute()
}

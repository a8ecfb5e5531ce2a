import { sql } from 'kysely'
import type { Db } from '../../db/database.js'

// The low-stock mail's reads and writes on shop_variants.low_stock_mailed_at.

export interface LowVariant { id: number; sku: string; name: string; productName: string; stock: number; threshold: number }

/** Tracked variants among `ids` at or below their threshold that no mail has named yet. */
export async function unmailedLowVariants(db: Db, ids: number[]): Promise<LowVariant[]> {
  if (!ids.length) return []
  const rows = await db.selectFrom('shop_variants as v').innerJoin('shop_products as p', 'p.id', 'v.product_id')
    .select(['v.id', 'v.sku', 'v.name', 'p.name as productName', 'v.stock', 'v.low_stock_threshold as threshold'])
    .where('v.id', 'in', ids)
    .where('v.stock', 'is not', null)
    .where('v.stock', '<=', sql.ref<number>('v.low_stock_threshold'))
    .where('v.low_stock_mailed_at', 'is', null)
    .orderBy('p.name').orderBy('v.position')
    .execute()
  return rows.map((r) => ({ ...r, stock: r.stock! }))
}

/** Claims the variant for this mail: false when another check already did. */
export async function markLowStockMailed(db: Db, id: number, at: string): Promise<boolean> {
  const res = await db.updateTable('shop_variants').set({ low_stock_mailed_at: at }).where('id', '=', id).where('low_stock_mailed_at', 'is', null).executeTakeFirst()
  return Number(res.numUpdatedRows) === 1
}

/** Forgets the mail for variants stocked above their threshold again (or no longer tracked). */
export async function clearRestockedVariants(db: Db, ids: number[]): Promise<void> {
  if (!ids.length) return
  await db.updateTable('shop_variants').set({ low_stock_mailed_at: null })
    .where('id', 'in', ids)
    .where('low_stock_mailed_at', 'is not', null)
    .where((eb) => eb.or([eb('stock', 'is', null), eb('stock', '>', eb.ref('low_stock_threshold'))]))
    .execute()
}

/** How many tracked, active variants are at or below their threshold now. */
export async function lowStockCount(db: Db): Promise<number> {
  const row = await db.selectFrom('shop_variants').select((eb) => eb.fn.countAll<number>().as('n'))
    .where('stock', 'is not', null).where('active', '=', 1)
    .where('stock', '<=', sql.ref<number>('low_stock_threshold'))
    .executeTakeFirstOrThrow()
  return Number(row.n)
}

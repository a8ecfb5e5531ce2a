import { sql } from 'kysely'
import type { Db } from '../../db/database.js'

// Carts and their lines. Owned by the cart (cart-session.ts, cart.ts).

export async function cartByTokenHash(db: Db, tokenHash: string) {
  return db.selectFrom('shop_carts').select(['id', 'country', 'user_id']).where('token_hash', '=', tokenHash).executeTakeFirst()
}

export async function createCart(db: Db, c: { tokenHash: string; userId: number | null; at: string }): Promise<number> {
  const row = await db.insertInto('shop_carts')
    .values({ token_hash: c.tokenHash, user_id: c.userId, country: null, created_at: c.at, updated_at: c.at })
    .returning('id').executeTakeFirstOrThrow()
  return row.id
}

/** A guest's cart becomes the member's when they sign in (only a cart no one owns yet). */
export async function adoptCart(db: Db, cartId: number, userId: number, at: string): Promise<void> {
  await db.updateTable('shop_carts').set({ user_id: userId, updated_at: at }).where('id', '=', cartId).where('user_id', 'is', null).execute()
}

export async function setCartCountry(db: Db, cartId: number, country: string, at: string): Promise<void> {
  await db.updateTable('shop_carts').set({ country, updated_at: at }).where('id', '=', cartId).execute()
}

/** The cart's lines as the catalog has them now (names, prices, stock), oldest first. */
export async function cartItemRows(db: Db, cartId: number) {
  return db.selectFrom('shop_cart_lines as l')
    .innerJoin('shop_variants as v', 'v.id', 'l.variant_id')
    .innerJoin('shop_products as p', 'p.id', 'v.product_id')
    .select([
      'l.variant_id', 'l.quantity', 'v.product_id', 'p.slug', 'p.name as product_name', 'v.name as variant_name', 'v.sku', 'p.product_class',
      'v.price_cents', 'v.weight_grams', 'v.supply_months', 'v.stock', 'v.active', 'p.status',
    ])
    .where('l.cart_id', '=', cartId)
    .orderBy('l.added_at').orderBy('l.variant_id')
    .execute()
}

export async function variantBySku(db: Db, sku: string) {
  return db.selectFrom('shop_variants as v').innerJoin('shop_products as p', 'p.id', 'v.product_id')
    .select(['v.id', 'v.active', 'p.status', 'v.stock', 'p.name as product_name', 'v.name as variant_name'])
    .where('v.sku', '=', sku).executeTakeFirst()
}

export async function cartLineQuantity(db: Db, cartId: number, variantId: number): Promise<number> {
  const row = await db.selectFrom('shop_cart_lines').select('quantity').where('cart_id', '=', cartId).where('variant_id', '=', variantId).executeTakeFirst()
  return row?.quantity ?? 0
}

/** Sets a line's quantity (0 removes it). */
export async function putCartLine(db: Db, cartId: number, variantId: number, quantity: number, at: string): Promise<void> {
  if (quantity <= 0) {
    await db.deleteFrom('shop_cart_lines').where('cart_id', '=', cartId).where('variant_id', '=', variantId).execute()
  } else {
    await db.insertInto('shop_cart_lines').values({ cart_id: cartId, variant_id: variantId, quantity, added_at: at })
      .onConflict((oc) => oc.columns(['cart_id', 'variant_id']).doUpdateSet({ quantity })).execute()
  }
  await db.updateTable('shop_carts').set({ updated_at: at }).where('id', '=', cartId).execute()
}

export async function emptyCart(db: Db, cartId: number): Promise<void> {
  await db.deleteFrom('shop_cart_lines').where('cart_id', '=', cartId).execute()
}

export async function cartLineCount(db: Db, cartId: number): Promise<number> {
  const row = await db.selectFrom('shop_cart_lines').select((eb) => eb.fn.countAll<number>().as('n')).where('cart_id', '=', cartId).executeTakeFirstOrThrow()
  return Number(row.n)
}

/** Adds units to a line (a new line, or more of one already there), never past `max`. */
export async function addCartLine(db: Db, cartId: number, variantId: number, quantity: number, max: number, at: string): Promise<void> {
  await db.insertInto('shop_cart_lines').values({ cart_id: cartId, variant_id: variantId, quantity: Math.min(quantity, max), added_at: at })
    .onConflict((oc) => oc.columns(['cart_id', 'variant_id']).doUpdateSet({
      quantity: sql<number>`case when shop_cart_lines.quantity + excluded.quantity > ${max} then ${max} else shop_cart_lines.quantity + excluded.quantity end`,
    })).execute()
  await db.updateTable('shop_carts').set({ updated_at: at }).where('id', '=', cartId).execute()
}

/** A member's most recently used cart (a member's cart follows them to another browser). */
export async function latestCartOfUser(db: Db, userId: number) {
  return db.selectFrom('shop_carts').select(['id', 'country', 'user_id']).where('user_id', '=', userId).orderBy('updated_at', 'desc').orderBy('id', 'desc').limit(1).executeTakeFirst()
}

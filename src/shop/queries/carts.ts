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

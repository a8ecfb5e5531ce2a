import type { FastifyReply, FastifyRequest } from 'fastify'
import type { Deps } from '../deps.js'
import { iso } from '../clock.js'
import { randomToken, sha256 } from '../http/signing.js'
import { cartByTokenHash, createCart } from './queries/carts.js'

// A cart is a server record found by the hash of a random token kept in a
// signed, httpOnly cookie: the cookie alone names the cart (guests), and a
// signed-in member's cart is also theirs by user_id (queries/carts.ts). A
// page view creates no cart; the first add does.

export const CART_COOKIE = 'crown_cart'
const CART_DAYS = 30

export interface CartRef { id: number; country: string | null; userId: number | null }

function cartToken(req: FastifyRequest): string | null {
  const raw = req.cookies[CART_COOKIE]
  if (!raw) return null
  const u = req.unsignCookie(raw)
  return u.valid && u.value ? u.value : null
}

/** This browser's cart, or null when it has none yet (or its cookie was forged or expired). */
export async function findCart(deps: Pick<Deps, 'db'>, req: FastifyRequest): Promise<CartRef | null> {
  const token = cartToken(req)
  if (!token) return null
  const row = await cartByTokenHash(deps.db, sha256(token))
  if (!row) return null
  // A member's cart is theirs alone: a cart cookie left in a shared browser
  // by someone signed in shows nothing to the next visitor.
  const userId = req.actor.kind === 'user' ? req.actor.user.id : null
  if (row.user_id !== null && row.user_id !== userId) return null
  return { id: row.id, country: row.country, userId: row.user_id }
}

/** This browser's cart, made (and its cookie set) when there is none. */
export async function ensureCart(deps: Pick<Deps, 'db' | 'clock'>, req: FastifyRequest, reply: FastifyReply): Promise<CartRef> {
  const found = await findCart(deps, req)
  if (found) return found
  const token = randomToken(32)
  const userId = req.actor.kind === 'user' ? req.actor.user.id : null
  const id = await createCart(deps.db, { tokenHash: sha256(token), userId, at: iso(deps.clock.now()) })
  reply.setCookie(CART_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', signed: true, maxAge: CART_DAYS * 86_400 })
  return { id, country: null, userId }
}

/** Ends this browser's cart after its order is placed (the cart row stays for the order's record). */
export function forgetCartCookie(reply: FastifyReply) {
  reply.clearCookie(CART_COOKIE, { path: '/' })
}
